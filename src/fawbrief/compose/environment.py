"""The Jinja2 environment: sandboxed, autoescaped, strict, with a search path.

Templates render the slide markup of ``markup.py``. They see plain data and a
few helpers, never Python objects: ``fact(id)`` formats a fact and wraps it in
``<f id="…">`` so every number on a slide knows where it came from.

Search path: user folders (``--templates DIR``, first wins) before the built-in
``templates/``; ``builtin:NAME`` always reaches the built-in file, so an override
can extend the template it shadows.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import types
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket, FileSystemBytecodeCache, bc_magic
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from fawbrief.compose import sandbox_limits as limits
from fawbrief.compose import source_lines
from fawbrief.compose.messages import jinja_callables, source_messages
from fawbrief.compose.source_lines import SourceLines, Translations
from fawbrief.core.errors import InputError
from fawbrief.core.text_rules import describe, first_unsafe_raw
from fawbrief.facts.base import FactBase
from fawbrief.facts.formatting import format_fact, format_period, prose_qualifier, unsigned
from fawbrief.resources import builtin_root

BUILTIN_TEMPLATES = builtin_root() / "templates"  # the built-in project's, packaged or in the checkout
MAX_OUTPUT_CHARS = limits.MAX_OUTPUT_CHARS
MAX_REPEAT_CHARS = limits.MAX_REPEAT_CHARS


class SafeFileLoader(BaseLoader):
    """Load templates only from inside the given folders: no ``..``, no absolute
    paths, no symlinks that lead out."""

    def __init__(self, roots: Sequence[Path]) -> None:
        self.roots = [root.resolve() for root in roots]

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template.startswith("/") or "\\" in template:
            raise TemplateNotFound(template)
        pieces = split_template_path(template)  # raises TemplateNotFound on ".."
        for root in self.roots:
            candidate = root.joinpath(*pieces)
            if not candidate.is_file():
                continue
            if not candidate.resolve().is_relative_to(root) or _has_symlink(root, pieces):
                raise SecurityError(f"template {template!r} resolves outside {root}")
            raw = candidate.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"not UTF-8 (byte {exc.start})", path=shown_path(str(candidate)),
                                 line=raw.count(b"\n", 0, exc.start) + 1) from None
            bad = first_unsafe_raw(text)
            if bad:
                raise TemplateSyntaxError(f"unsafe character {describe(bad[0])} in template", bad[1], template,
                                          str(candidate))
            mtime = candidate.stat().st_mtime
            return text, str(candidate), lambda c=candidate, m=mtime: c.stat().st_mtime == m
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for root in self.roots:
            for dirpath, _, files in os.walk(root):
                for name in files:
                    rel = Path(dirpath, name).relative_to(root)
                    found.add(rel.as_posix())
        return sorted(found)


def _has_symlink(root: Path, pieces: Iterable[str]) -> bool:
    current = root
    for piece in pieces:
        current = current / piece
        if current.is_symlink():
            return True
    return False


class BriefEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, plus bounds on what one expression may allocate (``"a" * 10**8``,
    widths, padding, ``replace``): see ``sandbox_limits``."""

    intercepted_binops = frozenset({"*", "**", "%"})
    code_generator_class = limits.BoundedCodeGenerator
    concat = staticmethod(limits.bounded_join)  # blocks and macros are joined in memory
    bounded_concat = staticmethod(limits.bounded_concat)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        limits.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # names as in Jinja
        limits.check_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        return None if wrapped is None else limits.bounded_format(value.__self__, wrapped)


class QuietBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates on disk, so a rebuild skips compiling what did not change.

    Jinja keys each entry on the template's name, file and a checksum of its source, and
    checks its own and Python's bytecode versions; the folder name adds a hash of the code
    that shapes compiled templates here (the sandbox's bounded code generator, the source-line
    markers), so a changed fawbrief never runs code compiled by an older one. A folder that cannot be read or
    written, or an entry that is damaged, costs a compile, never a build.
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        """The entry's code if it is whole and compiled from this very source; any damage (a file cut
        short, garbage, another version's entry) leaves the bucket empty, so the template compiles
        again. The header is compared as bytes, never unpickled."""
        try:
            data = Path(self._get_cache_filename(bucket)).read_bytes()
        except OSError:
            return
        header = bc_magic + pickle.dumps(bucket.checksum, 2)  # as Bucket.write_bytecode writes it
        if not data.startswith(header):
            return
        try:
            code = marshal.loads(data[len(header):])
        except Exception:
            return
        if isinstance(code, types.CodeType):
            bucket.code = code

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """Jinja's key, for a template file whose path is not UTF-8 too (as Python decodes such paths)."""
        digest = hashlib.sha1(name.encode("utf-8", "surrogateescape"))  # a cache key, as Jinja makes it
        if filename is not None:
            digest.update(f"|{filename}".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache(folder: Path) -> QuietBytecodeCache | None:
    """A bytecode cache in ``folder/<code hash>``, or None when the folder cannot be made."""
    digest = hashlib.sha256(jinja2.__version__.encode())
    for module in (__file__, limits.__file__, source_lines.__file__):
        digest.update(Path(module).read_bytes())
    target = folder / digest.hexdigest()[:16]
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return QuietBytecodeCache(str(target))


def make_environment(user_dirs: Sequence[Path] = (), builtin: Path = BUILTIN_TEMPLATES,
                     bytecode_dir: Path | None = None) -> BriefEnvironment:
    """The environment with the search path: user folders, then the built-ins; compiled
    templates are kept in ``bytecode_dir`` when given."""
    for folder in user_dirs:
        if not folder.is_dir():
            raise InputError("template folder does not exist", path=folder)
    # A project that is the built-in one (this repository) names the built-in folder itself: search it once.
    user_dirs = [folder for folder in user_dirs if folder.resolve() != builtin.resolve()]
    loader = ChoiceLoader([
        PrefixLoader({"builtin": SafeFileLoader([builtin])}, delimiter=":"),
        SafeFileLoader([*user_dirs, builtin]),
    ])
    env = BriefEnvironment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        extensions=[Translations, SourceLines],  # _() and {% trans %} (messages.py); tags' lines
        bytecode_cache=bytecode_cache(bytecode_dir) if bytecode_dir is not None else None,
    )
    env.extend(display_path=shown_path)  # how SourceLines names a template file in the markup
    env.policies["ext.i18n.trimmed"] = True  # a {% trans %} msgid is its text with spaces collapsed
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # values go in by name: _("%(n)s", n=…)
    env.globals.update(jinja_callables(source_messages()))  # the source language: the msgid is the text
    env.globals.pop("lipsum", None)  # lipsum(n=10**6) would write megabytes
    for name in limits.WIDTH_FILTERS:
        env.filters[name] = limits.bounded(name, env.filters[name])
    return env


class FactHelpers:
    """The functions templates may call; they format facts and mark their ids."""

    def __init__(self, factbase: FactBase, lang: str) -> None:
        self.factbase = factbase
        self.lang = lang
        self.profile = factbase.languages.get(lang)  # how numbers, hedges and periods are written

    def globals(self) -> dict[str, Any]:
        return {"fact": self.fact, "asof": self.asof, "label": self.label, "items": self.items,
                "value": self.value, "cite": self.cite, "qualifier": self.qualifier}

    def fact(self, fact_id: str, style: str = "auto", unit: bool = True, qualifier: bool | str = True,
             sign: bool = True) -> Markup:
        """The formatted fact (qualifier, number, unit), marked with its id.

        ``unit=False``: the number alone, where the sentence names the noun itself ("6 of the 7
        auto projects"); ``qualifier="prose"``: the hedge as it reads after a preposition ("of more
        than RMB 100 billion"), ``False``: none (place ``qualifier(id)`` yourself); ``sign=False``:
        a growth figure without its "+", where the sentence says "rose"."""
        if qualifier not in (True, False, "prose"):
            raise InputError(f"fact({fact_id!r}): qualifier must be true, false or 'prose', not {qualifier!r}")
        fact = self.factbase.get(fact_id)
        formatted = format_fact(fact, self.profile, style)
        hedge = prose_qualifier(fact.qualifier, self.profile) if qualifier == "prose" else formatted.qualifier
        parts = [hedge if qualifier else "", formatted.number if sign else unsigned(formatted.number),
                 formatted.unit if unit else ""]
        return _mark(fact_id, formatted.sep.join(p for p in parts if p))

    def qualifier(self, fact_id: str) -> Markup:
        """The fact's hedge alone, phrased for prose ("more than", 超过), marked with its id: a
        translation can then put it where its language wants it (订单数超过洽谈场次的一半)."""
        return _mark(fact_id, prose_qualifier(self.factbase.get(fact_id).qualifier, self.profile))

    def cite(self, fact_id: str) -> Markup:
        """Record that a slide rests on a fact without printing it: the citation
        goes into the notes and the source line, the words stay the template's."""
        self.factbase.get(fact_id)
        return _mark(fact_id, "")

    def asof(self, fact_id: str) -> Markup:
        """The fact's period ("H1 2020"), marked so the year is traceable."""
        return _mark(fact_id, format_period(self.factbase.get(fact_id).as_of, self.profile))

    def label(self, fact_id: str) -> str:
        return self.factbase.get(fact_id).label

    def value(self, fact_id: str) -> Any:
        """The raw value, for conditions and loops only (never print it: use fact())."""
        value = self.factbase.get(fact_id).value
        return tuple(value) if isinstance(value, list) else value

    def items(self, fact_id: str) -> list[Markup]:
        """Each entry of a list fact, marked with its id."""
        value = self.factbase.get(fact_id).value
        if not isinstance(value, list):
            raise InputError(f"fact {fact_id!r} is not a list")
        return [_mark(fact_id, item) for item in value]


def _mark(fact_id: str, text: str) -> Markup:
    return Markup('<f id="{}">{}</f>').format(fact_id, escape(text))


def shown_path(filename: str | None) -> str | None:
    """A template file as errors name it: relative to the built-in project when it lies inside it."""
    if filename is None:
        return None
    path = Path(filename)
    try:
        return str(path.relative_to(BUILTIN_TEMPLATES.parent))
    except ValueError:
        return str(path)
