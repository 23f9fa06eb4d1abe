"""Bring a project's translation files in line with its templates and facts: ``fawbrief messages``.

For every language that translates the source (``data/i18n/<code>/language.yaml``):

* ``messages.po`` — every msgid of the templates (``_()``/``{% trans %}``), the words the code adds and the deck
  and audience titles; translations are kept, new msgids added untranslated (a build in that language then names
  each one), msgids nobody uses any more dropped, and each entry lists where it is used;
* ``facts.yaml`` — written only when the language has none: an entry for every fact, count noun and document,
  with the source language's words as comments and empty values to fill in (a build names each one left empty).
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from fawbrief.compose.finish import MESSAGES
from fawbrief.compose.languages import catalog_msgids
from fawbrief.facts.base import FactBase
from fawbrief.facts.formatting import period_form
from fawbrief.facts.wording import SPECIAL_UNITS, needs_period
from fawbrief.pipeline.build import Project, load_project

HEADER = "fawbrief slide wording"
COMMENT = """\
# {lang} wording of the fawbrief templates and of the words the code adds to slides.
# A msgid is the English text. Translations are plain text (R&D, not R&amp;D); keep every
# %(name)s placeholder and write %% for a percent sign; no digits (figures come from facts).
# After editing templates: python scripts/update_messages.py (keeps translations, adds new
# msgids untranslated, drops unused ones)."""


@dataclass(frozen=True)
class CatalogFile:
    """One file ``fawbrief messages`` would write: its path, its new bytes and whether they differ from the old."""

    path: Path
    data: bytes
    changed: bool


def catalog_files(data_dir: Path, template_dirs: Sequence[Path] = (), langs: Sequence[str] = (),
                  root: Path | None = None) -> list[CatalogFile]:
    """The ``messages.po`` (and, where missing, ``facts.yaml``) of each language in ``langs`` (every language
    that translates the source, for none), as they should be; template places are written relative to the
    project folder ``root`` (``data_dir``'s parent for None), so a catalog is the same on every machine."""
    project = load_project(data_dir, tuple(template_dirs))
    languages = project.factbase.languages
    codes = [languages.get(code).code for code in langs] or list(languages.translations)
    found: list[CatalogFile] = []
    for code in codes:
        if languages.get(code).source:
            continue  # the source language's msgids are its words
        path, data = _messages(project, code, data_dir, root or data_dir.parent)
        found.append(CatalogFile(path, data, not path.is_file() or path.read_bytes() != data))
        facts = data_dir / "i18n" / code / "facts.yaml"
        if not facts.is_file():
            found.append(CatalogFile(facts, facts_skeleton(project.factbase, code).encode(), True))
    return found


def _messages(project: Project, lang: str, data_dir: Path, root: Path) -> tuple[Path, bytes]:
    dynamic = [*MESSAGES, *(d.title for d in project.catalog.decks.values()),
               *(d.organisation for d in project.catalog.decks.values() if d.organisation),
               *(a.title for a in project.catalog.audiences.values())]
    wanted = {msgid: [(_relative(name, root), line) for name, line in places]
              for msgid, places in catalog_msgids(project.env, dynamic).items()}
    path = data_dir / "i18n" / lang / "messages.po"
    locale = lang.replace("-", "_")  # gettext's spelling of the code (zh_CN), as translators' tools expect
    with path.open("rb") if path.is_file() else io.BytesIO() as stream:
        old = read_po(stream) if path.is_file() else Catalog(locale=locale)
    new = Catalog(locale=locale, project=HEADER, version="1", fuzzy=False,
                  copyright_holder="fawbrief", msgid_bugs_address="", last_translator="fawbrief",
                  language_team=lang, creation_date=old.creation_date, revision_date=old.creation_date,
                  header_comment=COMMENT.format(lang=lang))
    for msgid, places in wanted.items():
        previous = old.get(msgid)
        new.add(msgid, previous.string if previous else "", locations=places,
                flags=("python-format",) if "%" in msgid else (),
                auto_comments=() if places else ("used by the code or a deck/audience title",))
    buffer = io.BytesIO()
    write_po(buffer, new, width=116, sort_output=False, omit_header=False, include_lineno=True)
    return path, buffer.getvalue()


def _relative(name: str, root: Path) -> str:
    try:
        return Path(name).resolve().relative_to(root.resolve()).as_posix() if Path(name).is_absolute() else name
    except ValueError:
        return name


def facts_skeleton(factbase: FactBase, lang: str) -> str:
    """A ``facts.yaml`` for ``lang`` to fill in: every count noun, document and fact, the source's words as
    comments, the values empty (``""``), so a build names each entry still to translate."""
    lines = [f"# {lang} wording for the fact base (written by `fawbrief messages`): fill in every \"\".",
             "# Numbers are not here: a fact has one value, formatted by the language's language.yaml.", "",
             "units:"]
    nouns = sorted({fact.unit for fact in factbase if fact.unit and fact.unit not in SPECIAL_UNITS})
    lines += [f"  {_key(noun)}: \"\"" for noun in nouns] or ["  {}"]
    lines.append("documents:")
    for doc in factbase.documents.values():
        lines.append(f"  {doc.id}:  # {doc.title}")
        lines += [f"    {key}: \"\"" for key in ("title", "short", "publisher", "date")]
    lines.append("facts:")
    profile = factbase.languages.get(lang)
    for fact in factbase:
        lines.append(f"  {fact.id}:  # {_comment(fact.label)}")
        lines.append("    label: \"\"")
        if isinstance(fact.value, list):
            lines.append(f"    value: [{', '.join(chr(34) * 2 for _ in fact.value)}]  # {_comment(fact.value)}")
        elif isinstance(fact.value, str):
            lines.append(f"    value: \"\"  # {_comment(fact.value)}")
        if needs_period(fact.as_of, period_form(fact.as_of, profile)):
            lines.append(f"    as_of: \"\"  # {_comment(fact.as_of)} (no rule in {lang}/language.yaml writes it)")
    return "\n".join(lines) + "\n"


def _key(text: str) -> str:
    return text if text.replace(" ", "").isalnum() else '"' + text.replace('"', '\\"') + '"'


def _comment(value: object) -> str:
    return " ".join(str(value).split())[:100]


def write_catalog(file: CatalogFile) -> None:
    """Write ``file`` whole or not at all: a temporary file beside it, then one rename."""
    file.path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{file.path.name}.", dir=file.path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(file.data)
        os.replace(tmp, file.path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
