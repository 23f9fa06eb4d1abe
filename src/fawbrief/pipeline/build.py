"""The build: gather everything first (facts, templates, slide models, theme),
then write. Any input error surfaces before a single file is touched."""

from __future__ import annotations

import contextlib
import gc
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fawbrief.charts.cache import cache_dir, preload_renderer
from fawbrief.compose.budget import check_budget
from fawbrief.compose.environment import BriefEnvironment, FactHelpers, make_environment
from fawbrief.compose.finish import MESSAGES, finish_deck
from fawbrief.compose.languages import Language, load_language, untranslated
from fawbrief.compose.markup import MarkupContext, parse_deck
from fawbrief.compose.rendering import render
from fawbrief.core.build_date import DEFAULT_BUILD_TIME
from fawbrief.core.errors import FawbriefError, InputError, raise_all
from fawbrief.core.progress import Progress, counted, step
from fawbrief.facts.base import FactBase, load_factbase
from fawbrief.facts.formatting import format_period
from fawbrief.model.slides import ChartSpec, DeckSpec
from fawbrief.pipeline.parallel import write_variants
from fawbrief.pipeline.publish import locked, publish_all
from fawbrief.project.catalog import Catalog, load_catalog
from fawbrief.project.sources import check_sources
from fawbrief.resources import builtin_root
from fawbrief.write.theme import Theme
from fawbrief.write.writer import WriteOptions, write

if TYPE_CHECKING:
    from fawbrief.office.renderer import RendererPool

BUILTIN = builtin_root()  # the built-in project: packaged in a wheel, or the checkout itself
DEFAULT_DATA = BUILTIN / "data"
_SLIDE_PART = re.compile(r"ppt/slides/slide\d+\.xml")


@dataclass(frozen=True)
class BuildRequest:
    """What ``fawbrief build`` was asked for (the CLI's options, parsed)."""

    decks: tuple[str, ...]
    audiences: tuple[str, ...] = ()  # none: the project's first audience (data/audiences/ in name order)
    lang: str | None = None  # none: the project's source language
    out_dir: Path = Path("output")
    template_dirs: tuple[Path, ...] = ()
    data_dir: Path = DEFAULT_DATA
    theme: Path | None = None
    charts: str = "image"
    build_time: datetime = DEFAULT_BUILD_TIME
    extra: dict[str, str] = field(default_factory=dict)
    strict: bool = False  # lint every deck in memory; findings → CheckFailed, nothing written
    pdf: bool = False  # a PDF beside each deck (LibreOffice)
    jobs: int | None = None  # processes rendering and writing variants (None: one per core)
    on_published: Callable[[list[Path]], None] | None = None  # told the moment the new files are in place
    sources: Path | None = None  # the project's source documents: every citation is checked against them
    freshness_years: int = 2  # figures older than this before the build date carry their period (fawbrief.toml)
    on_note: Callable[[str], None] | None = None  # told what could not be checked (no documents, changed ones)
    layouts: Mapping[str, str] = field(default_factory=dict)  # role -> layout name (--layout, [theme.layouts])
    warn: Callable[[str], None] | None = None  # told what the build noticed but did not stop for
    progress: Progress | None = None  # told how far each stage is (core/progress); the CLI draws it


@dataclass(frozen=True)
class Project:
    """Everything loaded once per run: facts, catalog, the template environment and,
    per language, its message catalog and an environment speaking it."""

    factbase: FactBase
    catalog: Catalog
    env: BriefEnvironment
    languages: Mapping[str, Language] = field(default_factory=dict)

    def language(self, lang: str) -> Language:
        """``lang``'s catalog and environment; an unknown language is an input error naming the known."""
        return self.languages[self.factbase.languages.get(lang).code]

    def output_name(self, deck: str, audience: str, lang: str) -> str:
        """The file name of a variant (``output_name``) in this project's languages."""
        return output_name(deck, audience, lang, self.factbase.languages.source.code)


def load_project(data_dir: Path, template_dirs: tuple[Path, ...] = (), bytecode_dir: Path | None = None) -> Project:
    """Facts, catalog, template environments and languages; templates compile once into ``bytecode_dir``."""
    env = make_environment(template_dirs, bytecode_dir=bytecode_dir)
    factbase = load_factbase(data_dir)
    profiles = factbase.languages.profiles.values()
    return Project(factbase=factbase, catalog=load_catalog(data_dir, template_dirs), env=env,
                   languages={p.code: load_language(p.code, env, data_dir, template_dirs, p.source) for p in profiles})


def output_name(deck: str, audience: str, lang: str, source: str) -> str:
    """``<deck>-<audience>.pptx``, with ``-<lang>`` before the suffix for a language other than the ``source``."""
    return f"{deck}-{audience}.pptx" if lang == source else f"{deck}-{audience}-{lang}.pptx"


def render_deck(project: Project, deck_id: str, audience_id: str, lang: str,
                build_time: datetime) -> DeckSpec:
    """Template → markup → the finished slide model of one deck variant, ready to write."""
    info = project.catalog.deck(deck_id)
    audience = project.catalog.audience(audience_id)
    language = project.language(lang)
    name = _template_name(language.env, deck_id, audience_id)
    try:
        factbase, unworded = project.factbase.localized(lang), []  # labels, text values, periods in the language
    except InputError as exc:
        factbase, unworded = project.factbase, [exc]
    words = (info.title, audience.title, *([info.organisation] if info.organisation else []), *MESSAGES)
    raise_all([*unworded, *untranslated(language, name, words)])  # all at once
    helpers = FactHelpers(factbase, lang)
    built_on = format_period(build_time.date().isoformat(), factbase.languages.get(lang))
    context = {
        **helpers.globals(),
        "deck": info.model_dump(),
        "audience": audience.model_dump(),
        "lang": lang,
        "build_date": build_time.date().isoformat(),
        "built_on": built_on,
    }
    markup = render(language.env, name, context)
    title, slides = parse_deck(markup, MarkupContext(factbase, lang, name, language.translate, (built_on,)))
    spec = DeckSpec(deck=deck_id, audience=audience_id, lang=lang, title=title or info.title, slides=slides)
    check_budget(spec, audience, name)
    return finish_deck(spec, factbase, build_time, language.translate)


def _template_name(env: BriefEnvironment, deck_id: str, audience_id: str) -> str:
    names = set(env.list_templates())
    for candidate in (f"decks/{deck_id}/{audience_id}.j2", f"decks/{deck_id}/base.j2"):
        if candidate in names:
            return candidate
    raise InputError(f"no template for deck {deck_id!r}", hint=f"expected decks/{deck_id}/base.j2")


def compose_variants(project: Project, variants: Sequence[tuple[str, str, str]],
                     build_time: datetime, progress: Progress | None = None) -> list[DeckSpec]:
    """The finished model of every ``(deck, audience, lang)`` variant, in order; raises every variant's
    input errors together, so nothing is written until all of them compose."""
    specs: list[DeckSpec] = []
    errors: list[FawbriefError] = []
    for deck_id, audience_id, lang in counted(progress, "composing", variants):
        try:
            specs.append(render_deck(project, deck_id, audience_id, lang, build_time))
        except InputError as exc:
            errors.append(exc)
    raise_all(errors)
    return specs


def write_decks(specs: list[DeckSpec], theme: Path | None, options: WriteOptions, jobs: int | None = None,
                layouts: Mapping[str, str] | None = None, warn: Callable[[str], None] | None = None,
                progress: Progress | None = None, then: Callable[[DeckSpec, bytes], Any] | None = None,
                on_written: Callable[[int, Any], None] | None = None) -> list[Any]:
    """The ``.pptx`` bytes of every finished spec, in order, serially or in ``jobs`` forked workers.
    The theme (``None``: the built-in one) is vetted and parsed once, here, so a bad theme fails before
    any deck is written; each deck is written on a clone of it. ``layouts`` maps roles to the theme's
    layouts; ``warn`` hears how roles fell back; ``progress`` how many decks are written. ``then(spec, data)``,
    when given, turns each deck's bytes into what is returned instead, in the worker that wrote it
    (``verify``: the deck's dump; ``build``: the bytes with their layout warnings); ``on_written(i, result)``
    hears of the i-th spec's as soon as it is written."""
    opened = Theme.open(theme, layouts)
    for note in opened.notes:
        if warn is not None:
            warn(f"{opened.path}: {note}")

    def one(spec: DeckSpec) -> Any:
        data: Any = write(spec, opened, options)
        if then is not None:
            data = then(spec, data)
        gc.collect()  # the deck just written is garbage in reference cycles: free it now (see _frozen)
        return data

    with _frozen():
        return write_variants(specs, one, jobs=jobs,
                              before_fork=_load_chart_renderer if options.charts == "image" else None,
                              progress=progress, on_written=on_written)


@contextlib.contextmanager
def _frozen() -> Iterator[None]:
    """While decks are written, everything that exists already (modules, facts, models, the theme)
    is left out of garbage collection (``gc.freeze``).

    A written deck is a web of reference cycles (python-pptx's parts and proxies) that only the
    cycle collector frees. Collected after each deck with everything older frozen, that takes about
    a millisecond instead of 30, and dead decks do not pile up (~10 MB more peak memory in a worker)
    until the interpreter's next full collection. Forked workers inherit the frozen state, which
    also keeps the parent's pages shared (the recipe in the ``gc.freeze`` documentation)."""
    gc.freeze()  # no collection first: it would cost a full one (~30 ms) to free a little sooner
    try:
        yield
    finally:
        gc.unfreeze()


def _load_chart_renderer(specs: list[DeckSpec]) -> bool:
    """Before forking writers: matplotlib once, in the parent, when they will surely draw charts
    (then frozen with the rest, see ``_frozen``)."""
    drawing = preload_renderer(block for spec in specs for slide in spec.slides for block in slide.blocks
                               if isinstance(block, ChartSpec))
    if drawing:
        gc.freeze()
    return drawing


def slide_count(deck: bytes) -> int:
    """How many slides a written deck holds (a list too long for its slide continues on another, so this
    can be more than the model's): what publishing checks the file on disk and its PDF against."""
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        return sum(1 for name in package.namelist() if _SLIDE_PART.fullmatch(name))


def check_citations(project: Project, sources: Path | None, *, strict: bool = False,
                    note: Callable[[str], None] | None = None) -> None:
    """Every citation against the documents in ``sources`` (``project/sources``): a citation problem is an
    input error; documents that are missing or changed are a note, or with ``strict`` an error too."""
    if sources is None:
        return
    report = check_sources(sources, project.factbase)
    report.raise_problems(strict=strict)
    for line in report.notes(project.factbase):
        if note is not None:
            note(line)


def build(request: BuildRequest) -> list[Path]:
    """Build every requested variant; write only if all of them composed. The paths published."""
    return [built.path for built in build_files(request)]


def build_files(request: BuildRequest) -> list[BuiltFile]:
    """``build``, saying of each published file how many slides it holds."""
    known = bool(request.decks) and bool(request.audiences) and request.audiences != ("all",)
    variants = len(request.decks) * len(request.audiences) if known else 2  # "all": surely more than one
    with _renderers(request.pdf, variants) as pool:  # LibreOffice starts while the project loads and composes
        loaded = step(request.progress, "loading")
        project = load_project(request.data_dir, request.template_dirs, bytecode_dir=cache_dir() / "templates")
        check_citations(project, request.sources, strict=request.strict, note=request.on_note)
        loaded()
        every = tuple(project.catalog.audiences)
        audiences = every if request.audiences == ("all",) else (request.audiences or every[:1])
        decks = request.decks or tuple(project.catalog.decks)
        return _build_variants(request, project, decks, audiences, pool)


@contextlib.contextmanager
def _renderers(pdf: bool, variants: int) -> Iterator[RendererPool | None]:
    """Persistent renderers for ``build --pdf`` (None without ``--pdf`` or when unavailable)."""
    from fawbrief.office.pool import start_pool

    pool = start_pool(variants) if pdf else None
    try:
        yield pool
    finally:
        if pool is not None:
            pool.close()


def _build_variants(request: BuildRequest, project: Project, decks: Sequence[str], audiences: Sequence[str],
                    pool: RendererPool | None) -> list[BuiltFile]:
    lang = project.factbase.languages.get(request.lang).code
    specs = compose_variants(project, [(deck_id, audience_id, lang) for deck_id in decks
                                       for audience_id in audiences], request.build_time, request.progress)
    def target_of(spec: DeckSpec) -> Path:
        return request.out_dir / project.output_name(spec.deck, spec.audience, spec.lang)

    targets = [target_of(spec) for spec in specs]
    checked = request.warn is not None and not request.strict  # --strict lints every rule further down

    def layout_checked(spec: DeckSpec, data: bytes) -> tuple[bytes, list[str]]:
        """In the worker that wrote the deck (on every core): the layout checks on what is written."""
        if not checked:
            return data, []
        from fawbrief.read.lint import layout_findings

        return data, [str(finding) for finding in layout_findings([(str(target_of(spec)), data)])]

    with contextlib.ExitStack() as stack:
        conversions = None
        if request.pdf:
            from fawbrief.office.pdf_batch import Conversions

            conversions = stack.enter_context(Conversions(pool))  # each deck's PDF started once it is written

        # every variant's input errors, else a bad theme's, before anything is written
        written = write_decks(specs, request.theme, WriteOptions(charts=request.charts), request.jobs,
                              request.layouts, request.warn, request.progress, then=layout_checked,
                              on_written=None if conversions is None
                              else lambda index, result: conversions.add(index, result[0], targets[index]))
        items = [(data, target, slide_count(data)) for (data, _), target in zip(written, targets, strict=True)]
        for _, warnings in written:  # warnings, not a failure; there are some only when there is a warn
            for warning in warnings:
                request.warn(warning)  # type: ignore[misc]
        if request.strict:
            from fawbrief.read.lint import check_decks

            check_decks([(target.name, data) for data, target, _ in items], project.factbase, request.data_dir,
                        request.freshness_years, request.progress)
        if conversions is not None:
            done = step(request.progress, "converting to PDF")
            items += conversions.finish(items, request.on_note)
            done()
    done = step(request.progress, "publishing")
    with locked(request.out_dir):
        publish_all(items, request.on_published)  # all or nothing: a failure leaves every previous deck as it was
    done()
    return [BuiltFile(target, slides) for _, target, slides in items]


@dataclass(frozen=True)
class BuiltFile:
    """A file a build published: its path and the number of slides (pages, for a PDF) it holds."""

    path: Path
    slides: int
