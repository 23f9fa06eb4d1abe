"""What ``fawbrief serve`` knows: the project, and per deck variant its last good build.

A variant (deck × audience × language) is built when its page is first asked for and
again when a file it depends on changes (``deps.py``). A build composes and writes the
deck in memory, lints it, and has the persistent renderer draw only the slides whose
picture changed (``office/slide_pictures``). An input error is kept as the variant's
``error`` (one line per problem, each with its file:line) while its last good slides stay.
Builds run one at a time on the session's worker thread; every change of a variant's
state bumps its ``version`` and is told to ``on_change`` (the page's event stream).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fawbrief.charts.cache import cache_dir
from fawbrief.core.errors import FawbriefError, InputError, RendererError
from fawbrief.facts.formatting import format_fact, format_period
from fawbrief.facts.language import LanguageProfile
from fawbrief.model.slides import DeckSpec, plain
from fawbrief.office.renderer import Renderer
from fawbrief.office.slide_pictures import draw_changed, picture_tag
from fawbrief.pipeline.build import Project, check_citations, load_project, render_deck
from fawbrief.project.config import ProjectConfig
from fawbrief.read.lint import Linter
from fawbrief.serve.deps import affected
from fawbrief.write.theme import Theme
from fawbrief.write.writer import WriteOptions, write

Key = tuple[str, str, str]  # deck, audience, language


def key_name(key: Key) -> str:
    """``deck/audience/lang``, as the pages and the event stream name a variant."""
    return "/".join(key)


def stem(key: Key) -> str:
    """The file stem of a variant's pictures: ``deck-audience-lang``."""
    return "-".join(key)


@dataclass
class Variant:
    """One deck variant as the page shows it."""

    key: Key
    version: int = 0
    built: bool = False
    stale: bool = True
    error: str | None = None
    linting: bool = False  # pictures are up to date, findings not yet
    slides: list[dict[str, Any]] = field(default_factory=list)
    data: bytes | None = None


class Session:
    """The served project: its variants, their builds, and the worker thread that makes them."""

    def __init__(self, config: ProjectConfig, build_time: datetime, pictures: Path,
                 renderer: Renderer | None, on_change: Callable[[Key, int], None]) -> None:
        self.config = config
        self.build_time = build_time
        self.pictures = pictures
        self.renderer = renderer
        self.on_change = on_change
        self.project: Project | None = None
        self.project_error: str | None = None
        self.variants: dict[Key, Variant] = {}
        self._opened: tuple[Any, Theme] | None = None
        self._lock = threading.Lock()
        self._queue: queue.Queue[Key | None] = queue.Queue()
        self._worker = threading.Thread(target=self._work, name="fawbrief-serve-builds", daemon=True)
        self.reload()

    def start(self) -> None:
        """Start the worker thread."""
        self._worker.start()

    def stop(self) -> None:
        """Stop the worker thread after the build it is running."""
        self._queue.put(None)
        self._worker.join(timeout=30)

    def reload(self) -> None:
        """Load facts, catalog and templates again; a problem is kept as ``project_error``."""
        try:
            project = load_project(self.config.data, self.config.templates, bytecode_dir=cache_dir() / "templates")
            check_citations(project, self.config.sources if self.config.sources.is_dir() else None)
            self.project, self.project_error = project, None
        except FawbriefError as exc:
            self.project_error = str(exc)
        if self.project is not None:
            for deck in self.project.catalog.decks:
                for audience in self.project.catalog.audiences:
                    for lang in self.project.factbase.languages.codes:
                        self.variants.setdefault((deck, audience, lang), Variant((deck, audience, lang)))

    def catalog(self) -> list[dict[str, Any]]:
        """Every variant the project has, for the index page."""
        if self.project is None:
            return []
        decks, audiences = self.project.catalog.decks, self.project.catalog.audiences
        return [{"variant": key_name(key), "deck": key[0], "deck_title": decks[key[0]].title,
                 "audience": key[1], "audience_title": audiences[key[1]].title, "lang": key[2]}
                for key in self.variants if key[0] in decks and key[1] in audiences]

    def view(self, key: Key) -> dict[str, Any] | None:
        """The page's data for ``key`` (None for an unknown variant); asks for a build if it has none."""
        variant = self.variants.get(key)
        if variant is None:
            return None
        if variant.stale:
            self._queue.put(key)
        error = self.project_error or variant.error
        return {"variant": key_name(key), "version": variant.version, "built": variant.built,
                "error": error, "linting": variant.linting, "slides": variant.slides}

    def changed(self, paths: Iterable[Path]) -> list[Key]:
        """Files changed: reload the project and rebuild the variants built so far that depend on them."""
        paths = list(paths)
        touched = affected(paths, self.config, list(self.variants))
        if not touched:
            return []
        if self.project is None or self.project_error or any(path.suffix != ".j2" for path in paths):
            with self._lock:
                self.reload()  # a template alone is read again by Jinja (it checks each file's mtime)
        for key in touched:
            variant = self.variants[key]
            variant.stale = True
            if variant.built or variant.error:
                self._queue.put(key)
        return touched

    def build(self, key: Key) -> Callable[[], None] | None:
        """Build ``key`` now (on the caller's thread) and tell its page. The lint of the new deck is
        returned, to run when nothing else waits (``lint``): it takes as long as the rest of a build,
        and the pictures need not wait for it."""
        variant = self.variants[key]
        with self._lock:
            variant.stale = False
            linting = None
            try:
                linting = self._build(variant)
                variant.error = None
            except FawbriefError as exc:
                variant.error = str(exc)
            except Exception as exc:  # a bug: shown on the page, and the server goes on
                variant.error = f"internal error: {type(exc).__name__}: {exc} (please report it)"
            variant.version += 1
        self.on_change(key, variant.version)
        return linting

    def lint(self, key: Key, linting: Callable[[], None]) -> None:
        """Run a build's lint and tell the page its findings."""
        variant = self.variants[key]
        with self._lock:
            try:
                linting()
            except Exception as exc:  # the pictures stand; the page says why there are no findings
                variant.error = f"lint failed: {type(exc).__name__}: {exc}"
            variant.linting = False
            variant.version += 1
        self.on_change(key, variant.version)

    def _build(self, variant: Variant) -> Callable[[], None] | None:
        if self.project is None or self.project_error is not None:
            raise InputError(self.project_error or "the project did not load")
        deck, audience, lang = variant.key
        spec = render_deck(self.project, deck, audience, lang, self.build_time)
        data = write(spec, self._theme(), WriteOptions(charts="image"))
        if data == variant.data:
            variant.built = True
            return None
        if self.renderer is not None:
            try:
                draw_changed(self.renderer, data, stem(variant.key), self.pictures)
            except RendererError:  # LibreOffice died or hung: a new one, once, before giving up
                self.renderer.close()
                self.renderer = Renderer()
                draw_changed(self.renderer, data, stem(variant.key), self.pictures)
        before = {slide["number"]: slide["findings"] for slide in variant.slides}
        slides = self._slides(spec, variant.key)
        for slide in slides:
            slide["findings"] = before.get(slide["number"], [])  # until the lint below has run
        # the page reads these without the lock: each is replaced whole, the slides before the flags
        variant.slides, variant.data, variant.linting, variant.built = slides, data, True, True
        linter = Linter(self.project.factbase, self.config.data, self.config.freshness_years)

        def lint() -> None:
            if variant.data is not data:
                return  # built again since: that build's lint will say
            findings = linter.lint_bytes(data, f"{stem(variant.key)}.pptx")
            variant.slides = [{**slide, "findings": [f.message for f in findings if f.slide == slide["number"]]}
                              for slide in slides]

        return lint

    def _theme(self) -> Theme:
        """The project's theme, opened (and vetted) again only when its file changed."""
        path = self.config.theme
        stamp = (path, path.stat().st_mtime_ns if path is not None and path.exists() else None)
        if self._opened is None or self._opened[0] != stamp:
            self._opened = (stamp, Theme.open(path, self.config.layouts))
        return self._opened[1]

    def _slides(self, spec: DeckSpec, key: Key) -> list[dict[str, Any]]:
        assert self.project is not None
        factbase = self.project.factbase.localized(key[2])
        profile = self.project.factbase.languages.get(key[2])
        slides = []
        for number, slide in enumerate(spec.slides, start=1):
            picture = f"{stem(key)}-{number:02d}.png"
            slides.append({
                "number": number, "title": plain(slide.title), "notes": slide.notes_text,
                "picture": picture, "digest": (picture_tag(self.pictures / picture) or "")[:16],
                "findings": [],
                "figures": [_figure(factbase, fact_id, profile) for fact_id in slide.facts],
            })
        return slides

    def _work(self) -> None:
        lints: dict[Key, Callable[[], None]] = {}  # pending, run when no build waits
        while True:
            try:
                key = self._queue.get(timeout=0.02) if lints else self._queue.get()
            except queue.Empty:
                waiting = next(iter(lints))
                self.lint(waiting, lints.pop(waiting))
                continue
            if key is None:
                return
            variant = self.variants.get(key)
            if variant is not None and variant.stale:
                linting = self.build(key)
                if linting is not None:
                    lints[key] = linting


def _figure(factbase: Any, fact_id: str, lang: LanguageProfile) -> dict[str, Any]:
    fact = factbase.get(fact_id)
    entry = {"fact": fact_id, "label": fact.label, "value": format_fact(fact, lang).text,
             "period": format_period(fact.as_of, lang)}
    if fact.source is not None:
        entry["source"] = f"{fact.source.document}, {fact.source.place}"
        entry["excerpt"] = fact.source.excerpt
    else:
        entry["source"] = f"derived: {fact.formula}"
        entry["excerpt"] = ""
    return entry
