"""Message catalogs: the words of templates (and of the writer) per language.

English is the source language: a msgid *is* the English text, so English needs
no catalog and its decks read exactly as the templates are written. Every other
language has a gettext catalog, ``data/i18n/<lang>/messages.po`` (read with
Babel; translators' tools read and write it), and a user template folder may add
``i18n/<lang>/messages.po`` for its own templates (its entries win).

Rules, checked when a catalog is loaded (``file:line`` errors): placeholders
(``%(name)s``) are the msgid's, a literal percent is ``%%``, no plural forms or
contexts, no msgid twice. A msgid with no translation — absent, empty or
``fuzzy`` — is an error naming the msgid when a deck in that language is built:
never a silent English fallback.

Text inside ``_()`` and ``{% trans %}`` is plain text, not markup: the
translation is escaped (``R&D``, not ``R&amp;D``), so a catalog can never add
slide structure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.pofile import PoFileError, read_po
from jinja2 import pass_context
from markupsafe import Markup, escape

from fawbrief.core.errors import FawbriefError, InputError, raise_all
from fawbrief.core.text_rules import UNSAFE, describe

CATALOG = "messages.po"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")
_MSGID_LINE = re.compile(r'^msgid "', re.M)
_STRING = r'"(?:[^"\\]|\\.)*"'  # a quoted string that ends on its line
_PO_LINE = re.compile(rf"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_STRING}$")
_PO_STRING_END = re.compile(r'^(?:[^"\\]|\\.)*"')


@dataclass(frozen=True)
class Messages:
    """One language's translations: msgid → text, and where each entry is."""

    lang: str
    entries: Mapping[str, str]
    where: Mapping[str, tuple[str, int]]
    unusable: Mapping[str, str]  # msgid → why its entry does not count (empty, fuzzy)
    paths: tuple[str, ...] = ()
    source: bool = False  # the source language: every msgid is its own text

    def translate(self, msgid: str) -> str:
        """The translation of ``msgid``; in the source language the msgid itself."""
        if self.source:
            return msgid
        if msgid in self.entries:
            return self.entries[msgid]
        raise self.missing(msgid)

    def has(self, msgid: str) -> bool:
        """Whether ``msgid`` can be translated (the source language always can)."""
        return self.source or msgid in self.entries

    def missing(self, msgid: str, path: str | None = None, line: int | None = None) -> InputError:
        """The input error for an untranslatable ``msgid``, pointing at the catalog to fix."""
        why = self.unusable.get(msgid, "no")
        catalog = self.paths[-1] if self.paths else f"data/i18n/{self.lang}/{CATALOG}"
        return InputError(f"{why} {self.lang} translation for msgid {msgid!r}", path=path, line=line,
                          hint=f"add it to {catalog}")


def source_messages(lang: str = "") -> Messages:
    """The source language's catalog: empty, every msgid is its own text."""
    return Messages(lang, {}, {}, {}, source=True)


def load_messages(lang: str, folders: Iterable[Path], source: bool = False) -> Messages:
    """The catalog of ``lang`` from ``<folder>/i18n/<lang>/messages.po``, earlier folders
    winning; an empty catalog when none exists (every msgid is then missing). The source
    language (``source``) has none: its msgids are its words."""
    if source:
        return source_messages(lang)
    entries: dict[str, str] = {}
    where: dict[str, tuple[str, int]] = {}
    unusable: dict[str, str] = {}
    errors: list[FawbriefError] = []
    paths: list[str] = []
    for folder in reversed(list(folders)):  # later folders first, so earlier ones overwrite
        path = folder / "i18n" / lang / CATALOG
        if not path.is_file():
            continue
        shown = str(path)
        paths.append(shown)
        for msgid, text, line, problem in _read(path, shown, errors):
            if problem:
                unusable[msgid] = problem
                entries.pop(msgid, None)
            else:
                entries[msgid] = text
                unusable.pop(msgid, None)
            where[msgid] = (shown, line)
    raise_all(errors)
    return Messages(lang, entries, where, unusable, tuple(paths))


def _read(path: Path, shown: str, errors: list[FawbriefError]) -> list[tuple[str, str, int, str]]:
    """``(msgid, msgstr, line, problem)`` per entry; errors for entries that can never be right."""
    raw = path.read_bytes()
    before = len(errors)
    try:
        lines = raw.decode("utf-8").removeprefix("\ufeff").splitlines(keepends=True)
    except UnicodeDecodeError:
        errors.append(InputError("catalog is not UTF-8", path=shown))
        return []
    malformed = _malformed_line(lines)
    if malformed:
        errors.append(InputError(f"bad catalog: {malformed[1]}", path=shown, line=malformed[0]))
        return []
    try:
        catalog = read_po(lines, abort_invalid=True)
    except PoFileError as exc:
        errors.append(InputError(f"bad catalog: {exc}", path=shown, line=getattr(exc, "lineno", None)))
        return []
    found = []
    for message in catalog:
        if not message.id:
            continue  # the header
        line = message.lineno
        if not isinstance(message.id, str) or message.context:
            errors.append(InputError("plural forms and contexts are not supported", path=shown, line=line))
            continue
        text = message.string if isinstance(message.string, str) else ""
        problem = "empty" if not text else ("fuzzy" if message.fuzzy else "")
        bad = _check_entry(message.id, text) if text else None
        if bad:
            errors.append(InputError(f"msgid {message.id!r}: {bad}", path=shown, line=line))
            continue
        found.append((message.id, text, line, problem))
    if len(found) + len(errors) - before < len(_MSGID_LINE.findall(raw.decode("utf-8"))) - 1:  # 1: header
        errors.append(InputError("a msgid appears more than once", path=shown, line=_repeated_msgid(lines)))
    return found


def _repeated_msgid(lines: list[str]) -> int | None:
    """The line of the first msgid that an earlier entry already has (the lines are well-formed)."""
    seen: set[str] = set()
    current: tuple[int, list[str]] | None = None
    for number, line in enumerate([*lines, "\n"], start=1):
        text = line.strip()
        if current is not None and text.startswith('"'):
            current[1].append(text[1:-1])
            continue
        if current is not None:
            msgid = "".join(current[1])
            if msgid in seen:
                return current[0]
            seen.add(msgid)
            current = None
        if text.startswith('msgid "'):
            current = (number, [text[len('msgid "'):-1]])
    return None


def _malformed_line(lines: list[str]) -> tuple[int, str] | None:
    """The first line Babel would misread (``msgid "Agenda`` becomes "Agend") and why, or None."""
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#") or _PO_LINE.match(text):
            continue
        head, quote, quoted = text.partition('"')
        if not quote:
            return number, "expected a keyword and a string in double quotes"
        if head.strip() and not re.fullmatch(r"msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?", head.strip()):
            return number, f"unknown keyword {head.strip()[:40]!r}"
        if not _PO_STRING_END.search(quoted):
            return number, "unterminated string"
        return number, "text after the closing double quote"
    return None


def _check_entry(msgid: str, text: str) -> str | None:
    unsafe = UNSAFE.search(text)
    if unsafe:
        return f"unsafe character {describe(unsafe.group())} in the translation"
    wanted = sorted(_names(msgid))
    got = sorted(_names(text))
    if wanted != got:
        return f"placeholders {got} differ from the msgid's {wanted}"
    if "%" in _PLACEHOLDER.sub("", text):
        return "a lone '%' in the translation (write %% for a percent sign)"
    return None


def _names(text: str) -> list[str]:
    return [m.group(1) for m in _PLACEHOLDER.finditer(text) if m.group(1)]


def jinja_callables(messages: Messages) -> dict[str, Callable[..., Any]]:
    """``_`` and ``gettext`` for templates, new-style: ``_("Sold %(n)s", n=fact(…))``.
    The translation is escaped (plain text), the values keep their own markup."""

    @pass_context
    def gettext(context: Any, msgid: str, **variables: Any) -> Markup:
        return Markup(escape(messages.translate(str(msgid)))) % variables

    return {"_": gettext, "gettext": gettext}
