"""Decks that brief: the structure every variant of the built-in decks keeps (issue 16).

Each variant opens with the cover (audience, organisation, date of the data and of the build) and
an executive summary of three messages, each with its figure on a card; ends with the close (the
ask or the questions, as the audience's profile says) and the sources; stays within its audience's
slide budget; proves every content slide's title with a visual or a structured block, never a bare
list; and argues differently for each audience instead of repeating the same slides."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from fawbrief.compose.budget import content_slides
from fawbrief.core.errors import InputError
from fawbrief.facts.formatting import format_period
from fawbrief.model.slides import Bullet, DeckSpec, Kpi, Slide, Table, plain
from fawbrief.pipeline.build import load_project, render_deck

DATA = Path(__file__).resolve().parents[1] / "data"
WHEN = datetime(2026, 12, 2)
LANGS = ("en", "zh-CN")


@pytest.fixture(scope="module")
def project():
    return load_project(DATA)


@pytest.fixture(scope="module")
def variants(project) -> dict[tuple[str, str, str], DeckSpec]:
    return {(deck, audience, lang): render_deck(project, deck, audience, lang, WHEN)
            for deck in project.catalog.decks for audience in project.catalog.audiences for lang in LANGS}


def _content(spec: DeckSpec) -> list[Slide]:
    return [slide for slide in spec.slides if slide.layout != "title" and slide.key != "sources"]


def _text(slide: Slide) -> str:
    """What the slide says on its face: title and blocks (not the notes)."""
    parts = [plain(slide.title)]
    for block in slide.blocks:
        if isinstance(block, Bullet):
            parts.append(plain(block.text))
        elif isinstance(block, Kpi):
            parts.append(f"{block.value}|{block.label}")
        else:
            parts.append(repr(block))
    return "\n".join(parts)


def test_every_variant_opens_with_the_cover_and_the_summary(variants, project) -> None:
    for (deck, audience, lang), spec in variants.items():
        cover, summary = spec.slides[0], spec.slides[1]
        assert cover.layout == "title", (deck, audience, lang)
        assert summary.key == "summary", (deck, audience, lang, summary.key)
        cards = [block for block in summary.blocks if isinstance(block, Kpi)]
        messages = [block for block in summary.blocks if isinstance(block, Bullet) and block.level == 0]
        assert len(cards) == 3 and len(messages) == 3, (deck, audience, lang, len(cards), len(messages))


def test_the_cover_names_audience_organisation_and_both_dates(variants, project) -> None:
    for (deck, audience, lang), spec in variants.items():
        language = project.language(lang)
        subtitle = plain(spec.slides[0].subtitle)
        info, profile = project.catalog.deck(deck), project.catalog.audience(audience)
        built = format_period(WHEN.date().isoformat(), project.factbase.languages.get(lang))
        for expected in (language.translate(profile.title), language.translate(info.organisation), built):
            assert expected and expected in subtitle, (deck, audience, lang, expected, subtitle)


#: shared.j2's close titles, by the audience's ``close``
DEFAULT_CLOSE_TITLES = {"ask": "What we ask of this meeting", "questions": "Questions to take away"}


def test_every_variant_closes_with_its_audiences_close_then_the_sources(variants, project) -> None:
    for (deck, audience, lang), spec in variants.items():
        assert spec.slides[-1].key == "sources", (deck, audience, lang)
        assert spec.slides[-2].key == "close", (deck, audience, lang, spec.slides[-2].key)
        close = spec.slides[-2]
        assert any(isinstance(block, Table) for block in close.blocks), (deck, audience, lang)  # the asks, set out
        close_title = plain(close.title)
        assert close_title, (deck, audience, lang)
        if lang == "en" and close_title in DEFAULT_CLOSE_TITLES.values():
            # a deck may give its close a message title of its own (the review did, for every built-in deck);
            # where it keeps shared.j2's, that default must be the one for the audience's kind of close
            assert close_title == DEFAULT_CLOSE_TITLES[project.catalog.audience(audience).close], (deck, audience)


def test_every_variant_keeps_its_budget(variants, project) -> None:
    for (deck, audience, lang), spec in variants.items():
        budget = project.catalog.audience(audience).budget
        assert budget is not None and content_slides(spec) <= budget, (deck, audience, lang)
    assert project.catalog.audience("executive").budget == 8


def test_no_content_slide_is_a_bare_list(variants) -> None:
    for (deck, audience, lang), spec in variants.items():
        for slide in _content(spec):
            structured = [block for block in slide.blocks if not isinstance(block, Bullet)]
            assert structured, f"{deck}-{audience}-{lang}: slide {slide.key!r} holds only bullets"


def test_audiences_differ_in_argument(variants, project) -> None:
    """No content slide recurs word for word in more than two audiences of a deck, and two audiences
    share at most a third of their content slides (the executive summary differs in every one)."""
    audiences = list(project.catalog.audiences)
    for deck in project.catalog.decks:
        seen: Counter[str] = Counter()
        texts = {a: {_text(s) for s in _content(variants[(deck, a, "en")])} for a in audiences}
        for slides in texts.values():
            seen.update(slides)
        repeated = [text.split("\n")[0] for text, n in seen.items() if n > 2]
        assert not repeated, (deck, repeated)
        for a, b in itertools.combinations(audiences, 2):
            shared = texts[a] & texts[b]
            assert len(shared) * 3 <= min(len(texts[a]), len(texts[b])), (deck, a, b, len(shared))
        summaries = {_text(variants[(deck, a, "en")].slides[1]) for a in audiences}
        assert len(summaries) == len(audiences), deck


def test_media_decks_hold_a_fact_sheet_and_an_about_slide(variants) -> None:
    for (deck, audience, lang), spec in variants.items():
        if audience == "media":
            keys = {slide.key for slide in spec.slides}
            assert {"fact_sheet", "about"} <= keys, (deck, lang, keys)


def test_a_variant_over_its_budget_is_refused(project, tmp_path: Path) -> None:
    """The budget is enforced by the build: an executive variant with a tenth slide is an input error
    that names the template and the budget."""
    import dataclasses

    tight = dataclasses.replace(project.catalog, audiences={
        **project.catalog.audiences,
        "executive": project.catalog.audience("executive").model_copy(update={"budget": 2})})
    small = dataclasses.replace(project, catalog=tight)
    with pytest.raises(InputError, match=r"content slides, over the budget of 2"):
        render_deck(small, "jiefang", "executive", "en", WHEN)
