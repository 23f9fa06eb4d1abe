"""The build: gather everything first (facts, templates, slide models, theme),
then write. Any input error surfaces before a single file is touched."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from fawbrief.charts.alt_text import MESSAGES as ALT_TEXT_MESSAGES
from fawbrief.charts.cache import cache_dir, preload_renderer
from fawbrief.compose.environment import BriefEnvironment, FactHelpers, make_environment, render
from fawbrief.compose.languages import Language, load_language, untranslated
from fawbrief.compose.markup import MarkupContext, parse_deck
from fawbrief.core.errors import InputError, raise_all
from fawbrief.facts.base import FactBase, load_factbase
from fawbrief.model.slides import Bullet, ChartSpec, DeckSpec, Run, Slide
from fawbrief.pipeline.parallel import build_variants
from fawbrief.pipeline.publish import locked, publish_all
from fawbrief.project.catalog import LANGUAGES, Catalog, load_catalog
from fawbrief.write.theme import Theme
from fawbrief.write.writer import MESSAGES as WRITER_MESSAGES
from fawbrief.write.writer import WriteOptions, write_deck

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA = REPO_ROOT / "data"


@dataclass(frozen=True)
class BuildRequest:
    decks: tuple[str, ...]
    audiences: tuple[str, ...] = ("executive",)
    lang: str = "en"
    out_dir: Path = Path("output")
    template_dirs: tuple[Path, ...] = ()
    data_dir: Path = DEFAULT_DATA
    theme: Path | None = None
    charts: str = "image"
    build_time: datetime = datetime(2026, 1, 1)
    extra: dict[str, str] = field(default_factory=dict)
    strict: bool = False  # lint every deck in memory; findings → CheckFailed, nothing written
    pdf: bool = False  # a PDF beside each deck (LibreOffice)
    jobs: int | None = None  # processes rendering and writing variants (None: one per core)
    on_published: Callable[[list[Path]], None] | None = None  # told the moment the new files are in place


@dataclass(frozen=True)
class Project:
    """Everything loaded once per run: facts, catalog, the template environment and,
    per language, its message catalog and an environment speaking it."""

    factbase: FactBase
    catalog: Catalog
    env: BriefEnvironment
    languages: Mapping[str, Language] = field(default_factory=dict)

    def language(self, lang: str) -> Language:
        if lang not in self.languages:
            raise InputError(f"unknown language {lang!r}", hint=f"languages: {', '.join(LANGUAGES)}")
        return self.languages[lang]


def load_project(data_dir: Path, template_dirs: tuple[Path, ...] = (), bytecode_dir: Path | None = None) -> Project:
    """Facts, catalog, template environments and languages; templates compile once into ``bytecode_dir``."""
    env = make_environment(template_dirs, bytecode_dir=bytecode_dir)
    return Project(factbase=load_factbase(data_dir), catalog=load_catalog(data_dir, template_dirs), env=env,
                   languages={code: load_language(code, env, data_dir, template_dirs) for code in LANGUAGES})


def output_name(deck: str, audience: str, lang: str) -> str:
    return f"{deck}-{audience}.pptx" if lang == "en" else f"{deck}-{audience}-{lang}.pptx"


def render_deck(project: Project, deck_id: str, audience_id: str, lang: str,
                build_time: datetime) -> DeckSpec:
    """Template → markup → validated slide model for one deck variant."""
    info = project.catalog.deck(deck_id)
    audience = project.catalog.audience(audience_id)
    language = project.language(lang)
    name = _template_name(language.env, deck_id, audience_id)
    try:
        factbase, unworded = project.factbase.localized(lang), []  # labels, text values, periods in the language
    except InputError as exc:
        factbase, unworded = project.factbase, [exc]
    raise_all([*unworded, *untranslated(language, name, (info.title, audience.title, *MESSAGES))])  # all at once
    helpers = FactHelpers(factbase, lang)
    context = {
        **helpers.globals(),
        "deck": info.model_dump(),
        "audience": audience.model_dump(),
        "lang": lang,
        "build_date": build_time.date().isoformat(),
    }
    markup = render(language.env, name, context)
    title, slides = parse_deck(markup, MarkupContext(factbase, lang, name, language.translate))
    slides = tuple(_fill_sources(slide, slides, factbase, language.translate) for slide in slides)
    words = {} if lang == "en" else {msgid: language.translate(msgid) for msgid in WRITER_MESSAGES}
    return DeckSpec(deck=deck_id, audience=audience_id, lang=lang, title=title or info.title,
                    slides=slides, build_date=build_time.date().isoformat(), words=words)


def _template_name(env: BriefEnvironment, deck_id: str, audience_id: str) -> str:
    names = set(env.list_templates())
    for candidate in (f"decks/{deck_id}/{audience_id}.j2", f"decks/{deck_id}/base.j2"):
        if candidate in names:
            return candidate
    raise InputError(f"no template for deck {deck_id!r}", hint=f"expected decks/{deck_id}/base.j2")


#: The words ``render_deck`` adds itself; a catalog must translate these too.
MESSAGES = ("%(author)s (%(role)s). ", "%(title)s. %(publisher)s, %(date)s.", "Date: %(note)s.",
            *WRITER_MESSAGES, *ALT_TEXT_MESSAGES)


def _fill_sources(slide: Slide, slides: tuple[Slide, ...], factbase: FactBase,
                  t: Callable[[str], str] = str) -> Slide:
    """The slide keyed ``sources`` lists every document the deck cites."""
    if slide.key != "sources":
        return slide
    used = [fact for s in slides for fact in s.facts]
    bullets = []
    for doc in factbase.cited_documents(used):
        author = t("%(author)s (%(role)s). ") % {"author": doc.author, "role": doc.author_role} if doc.author else ""
        line = t("%(title)s. %(publisher)s, %(date)s.") % {"title": doc.title, "publisher": doc.publisher,
                                                          "date": doc.date}
        bullets.append(Bullet((Run(author + line),)))
        if doc.date_note:
            bullets.append(Bullet((Run(t("Date: %(note)s.") % {"note": doc.date_note}),), level=1))
    return replace(slide, blocks=(*slide.blocks, *bullets))


def _load_chart_renderer(specs: list[DeckSpec]) -> bool:
    """Before forking writers: matplotlib once, in the parent, when they will surely draw charts."""
    return preload_renderer(block for spec in specs for slide in spec.slides for block in slide.blocks
                     if isinstance(block, ChartSpec))


def build(request: BuildRequest) -> list[Path]:
    """Build every requested variant; write only if all of them rendered."""
    project = load_project(request.data_dir, request.template_dirs, bytecode_dir=cache_dir() / "templates")
    audiences = (tuple(project.catalog.audiences) if request.audiences == ("all",) else request.audiences)
    decks = request.decks or tuple(project.catalog.decks)
    options = WriteOptions(charts=request.charts, build_time=request.build_time)
    payloads = build_variants(  # every variant's input errors, else a bad theme's, before anything is written
        [(deck_id, audience_id) for deck_id in decks for audience_id in audiences],
        render=lambda deck_id, audience_id: render_deck(project, deck_id, audience_id, request.lang,
                                                        request.build_time),
        write=lambda spec: write_deck(spec, Theme.open(request.theme), project.factbase, options),
        jobs=request.jobs, before_fork=_load_chart_renderer if request.charts == "image" else None)
    items = [(data, request.out_dir / output_name(spec.deck, spec.audience, spec.lang), len(spec.slides))
             for spec, data in payloads]
    if request.strict:
        from fawbrief.read.lint import check_decks

        check_decks([(target.name, data) for data, target, _ in items], project.factbase)
    if request.pdf:
        from fawbrief.office.pdf import pdf_items

        items += pdf_items(items)
    with locked(request.out_dir):
        publish_all(items, request.on_published)  # all or nothing: a failure leaves every previous deck as it was
    return [target for _, target, _ in items]
