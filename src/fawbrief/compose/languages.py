"""Languages of a project: each one's catalog and a template environment speaking it.

The templates are one set for every language; a language other than English gets
an overlay of the project's environment whose ``_``/``gettext`` translate with its
catalog (``messages.py``), so macros imported without context translate too. Before
a deck is rendered, every msgid of the templates it uses is checked at once, so
the error lists each untranslated string with its template ``file:line``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError, nodes
from jinja2.ext import extract_from_ast
from jinja2.meta import find_referenced_templates

from fawbrief.compose.environment import BUILTIN_TEMPLATES, BriefEnvironment
from fawbrief.compose.messages import Messages, jinja_callables, load_messages
from fawbrief.core.errors import FawbriefError


@dataclass(frozen=True)
class Language:
    """A language's catalog and the environment whose templates speak it."""

    code: str
    messages: Messages
    env: BriefEnvironment

    def translate(self, msgid: str) -> str:
        """``msgid`` in this language (English: the msgid itself); an input error when the catalog lacks it."""
        return self.messages.translate(msgid)


def load_language(code: str, env: BriefEnvironment, data_dir: Path, template_dirs: Sequence[Path] = (),
                  source: bool = False) -> Language:
    """``code``'s catalog (user template folders' entries win over ``data/``) and environment; the
    ``source`` language's templates need no catalog and no environment of their own."""
    messages = load_messages(code, [*template_dirs, data_dir], source)
    return Language(code, messages, env if source else localized_environment(env, messages))


def localized_environment(env: BriefEnvironment, messages: Messages) -> BriefEnvironment:
    """An overlay of ``env`` (same loader, filters and sandbox) with its own template cache
    and globals, so the templates it compiles call this language's ``_``."""
    local = env.overlay(cache_size=400)
    local.globals = {**env.globals, **jinja_callables(messages)}
    return local


def untranslated(language: Language, name: str, dynamic: Iterable[str] = ()) -> list[FawbriefError]:
    """Every msgid without a translation in template ``name`` and the templates it
    extends, imports or includes (``file:line`` each), plus ``dynamic`` msgids
    (deck and audience titles) that only exist at render time."""
    messages = language.messages
    if messages.source:
        return []
    errors: list[FawbriefError] = []
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source, filename, _ = language.env.loader.get_source(language.env, current)  # type: ignore[union-attr]
            tree = language.env.parse(source, current, filename)
        except TemplateError:
            continue  # rendering reports it, with its location
        pending.extend(ref for ref in find_referenced_templates(tree) if ref)
        errors.extend(messages.missing(msgid, _short(filename), line)
                      for line, msgid in _msgids(tree) if not messages.has(msgid))
    errors.extend(messages.missing(msgid) for msgid in dict.fromkeys(dynamic) if not messages.has(msgid))
    return _unique(errors)


def _msgids(tree: nodes.Template) -> list[tuple[int, str]]:
    found = []
    for line, _, message in extract_from_ast(tree, ("_", "gettext"), babel_style=False):
        first = message if isinstance(message, str) else next((m for m in message if isinstance(m, str)), None)
        if first is not None:
            found.append((line, first))
    return found


def _unique(errors: list[FawbriefError]) -> list[FawbriefError]:
    shown: dict[str, FawbriefError] = {}
    for error in errors:
        shown.setdefault(str(error), error)
    return list(shown.values())


def _short(filename: str | None) -> str | None:
    if filename is None:
        return None
    try:
        return str(Path(filename).relative_to(BUILTIN_TEMPLATES.parent))
    except ValueError:
        return filename


def catalog_msgids(env: BriefEnvironment, dynamic: Iterable[str] = ()) -> dict[str, list[tuple[str, int]]]:
    """Every msgid a catalog needs: those of all templates on ``env``'s search path (with
    ``file:line``), then ``dynamic`` ones (code words, deck and audience titles)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for name in env.list_templates():
        if not name.endswith(".j2") or name.startswith("builtin:"):
            continue
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        for line, msgid in _msgids(env.parse(source, name, filename)):
            found.setdefault(msgid, []).append((_short(filename) or name, line))
    for msgid in dynamic:
        found.setdefault(msgid, [])
    return found
