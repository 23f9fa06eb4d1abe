"""Finishing (compose.finish) gives the slide model every word the writer writes; the writer writes them verbatim."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime

import pytest
from pptx import Presentation

from fawbrief.compose.finish import CITATION_MESSAGES, MESSAGES, finish_deck, source_line, speaker_notes
from fawbrief.facts.base import FactBase, load_factbase
from fawbrief.model.slides import Bullet, DeckSpec, Run, Slide
from fawbrief.pipeline.build import DEFAULT_DATA
from fawbrief.write.theme import Theme
from fawbrief.write.writer import WriteOptions, write

WHEN = datetime(2026, 1, 1)
PROFILE = "jiefang.history.first_truck_year"  # cited from the Jiefang profile
EDITORIAL = "faw_vw.editorial.dateline"  # cited from the Auto Review editorial
DERIVED = "faw_group.h1_2020.hongqi_production_share"


@pytest.fixture(scope="module")
def factbase() -> FactBase:
    return load_factbase(DEFAULT_DATA)


def slide(layout: str, *facts: str, notes: tuple[str, ...] = ()) -> Slide:
    body = tuple(Bullet((Run("figure "), Run("1", fact))) for fact in facts)
    return Slide(layout, (Run("A title"),), blocks=body, notes=tuple((Run(n),) for n in notes), key=layout)


JIEFANG_SHORT = "FAW Jiefang profile, undated (latest events 2025)"


def test_source_line_names_each_cited_document_once(factbase: FactBase) -> None:
    assert source_line(slide("content", PROFILE), factbase) == f"Source: {JIEFANG_SHORT}"
    both = source_line(slide("content", EDITORIAL, PROFILE, PROFILE), factbase)
    assert both == f"Sources: Liu Yan, Auto Review editorial, Dec 2025; {JIEFANG_SHORT}"  # by id
    assert source_line(slide("title", PROFILE), factbase) == ""  # title and section slides have none
    assert source_line(slide("content"), factbase) == ""


def test_speaker_notes_cite_every_fact_after_the_talking_points(factbase: FactBase) -> None:
    notes = speaker_notes(slide("content", PROFILE, DERIVED, notes=("Say this.",)), factbase, "en").splitlines()
    fact = factbase.get(PROFILE)
    assert notes[:3] == ["Say this.", "", "Sources for this slide:"]
    assert notes[3].startswith(f"• {fact.label}: ") and f"[{PROFILE}] — {JIEFANG_SHORT}, " \
        f"paragraph {fact.source.paragraph}: “{fact.source.excerpt}”" in notes[3]
    assert notes[4].endswith(f"— derived: {factbase.get(DERIVED).formula}")
    assert speaker_notes(slide("content"), factbase, "en").splitlines() == [
        "", "Sources for this slide:", "(no figures on this slide)"]
    assert speaker_notes(slide("section", notes=("Only this.",)), factbase, "en") == "Only this."


def test_every_word_comes_from_translate(factbase: FactBase) -> None:
    def marked(msgid: str) -> str:  # stands in for a catalog: every msgid must pass through it
        return f"«{msgid}»"

    finished = finish_deck(DeckSpec("jiefang", "executive", "en", "T", (slide("content", PROFILE),)), factbase, WHEN,
                           marked)
    only = finished.slides[0]
    assert only.source_line == f"«Source: »{JIEFANG_SHORT}"
    lines = only.notes_text.splitlines()
    assert lines[1] == "«Sources for this slide:»"
    assert lines[2].startswith("««• ") and "paragraph" in lines[2]  # the head inside the citation's words
    assert set(CITATION_MESSAGES) <= set(MESSAGES)  # so a catalog is checked for them (render_deck)


def test_properties_carry_the_build_time_and_language(factbase: FactBase) -> None:
    finished = finish_deck(DeckSpec("faw-vw", "media", "en", "A deck", ()), factbase, datetime(2031, 5, 6))
    props = finished.properties
    assert props is not None and finished.finished
    assert (props.title, props.subject, props.language) == ("A deck", "faw-vw briefing for media (en)", "en")
    assert props.created == props.modified == datetime(2031, 5, 6)


def test_writer_writes_the_model_as_it_is(factbase: FactBase) -> None:
    """No lookups in the writer: a source line and notes the fact base could never give appear verbatim."""
    finished = finish_deck(DeckSpec("jiefang", "executive", "en", "T", (slide("content", PROFILE),)), factbase, WHEN)
    finished = replace(finished, slides=(replace(finished.slides[0], source_line="Source: a note on a napkin",
                                                 notes_text="first line\nsecond line"),),
                       properties=replace(finished.properties, subject="a subject", language="zh-CN"))
    deck = Presentation(io.BytesIO(write(finished, Theme.open(None), WriteOptions())))
    only = deck.slides[0]
    assert [s.text_frame.text for s in only.shapes if s.name == "Source line"] == ["Source: a note on a napkin"]
    assert only.notes_slide.notes_text_frame.text == "first line\nsecond line"
    assert (deck.core_properties.subject, deck.core_properties.language) == ("a subject", "zh-CN")


def test_writer_refuses_an_unfinished_deck() -> None:
    with pytest.raises(ValueError, match="not finished"):
        write(DeckSpec("jiefang", "executive", "en", "T", (slide("content"),)), Theme.open(None), WriteOptions())
