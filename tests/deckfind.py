"""Finding a slide by what it holds, not by its number: the tests that plant an edit or read a diff ask the
deck (its DeckSpec) which slide records a fact or carries a key, so a rewritten deck does not break them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fawbrief.core.build_date import GOLDEN_BUILD_TIME
from fawbrief.model.slides import DeckSpec, plain
from fawbrief.pipeline.build import load_project, render_deck

REPO = Path(__file__).resolve().parents[1]


def deck_spec(deck: str, audience: str = "executive", lang: str = "en", data: Path = REPO / "data",
              templates: tuple[Path, ...] = ()) -> DeckSpec:
    """The finished DeckSpec of one variant, built as ``verify`` builds it (``GOLDEN_BUILD_TIME``)."""
    return render_deck(load_project(data, templates), deck, audience, lang, GOLDEN_BUILD_TIME)


def slides_recording(spec: DeckSpec, fact: str) -> list[int]:
    """The (1-based) numbers of the slides that record ``fact`` (a card, a chart, a sentence or a note)."""
    return [number for number, slide in enumerate(spec.slides, start=1) if fact in slide.facts]


def first_recording(spec: DeckSpec, fact: str) -> tuple[int, str]:
    """The number and the plain title of the first slide that records ``fact``."""
    number = slides_recording(spec, fact)[0]
    return number, plain(spec.slides[number - 1].title)


def slide_with_key(spec: DeckSpec, key: str) -> int:
    """The (1-based) number of the slide the template wrote as ``<slide key="key">``."""
    return next(number for number, slide in enumerate(spec.slides, start=1) if slide.key == key)


def derived_closure(factbase, facts: Iterable[str]) -> set[str]:
    """``facts`` and every fact derived from them, directly or through another derived fact."""
    found = set(facts)
    while True:
        more = {fact.id for fact in factbase.facts.values()
                if set(getattr(fact, "derived_from", None) or ()) & found} - found
        if not more:
            return found
        found |= more


def goldens_recording(folder: Path, facts: Iterable[str]) -> set[str]:
    """The golden files in ``folder`` (dumps of the built decks) with a slide whose ``facts:`` line names any of
    ``facts``: the variants a change to those facts changes."""
    from fawbrief.golden.slides import facts_of, split_slides

    wanted = set(facts)
    return {path.name for path in folder.glob("*.md")
            if any(facts_of(section) & wanted for section in split_slides(path.read_text(encoding="utf-8"))[1])}
