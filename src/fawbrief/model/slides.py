"""The slide model: what a rendered template means, independent of PowerPoint.

Templates produce markup; ``compose.markup`` parses it into these frozen objects
and ``compose.finish`` adds what the writer puts on a slide besides the template's
content (source lines, speaker notes with their citations, document properties),
all in the deck's language; the writer turns the finished model into a ``.pptx``
without looking anything up. Every figure carries the id of the fact it came
from, so citations and the orphan-number check follow by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

ChartKind = Literal["bar", "grouped_bar", "funnel", "target_actual", "share"]
SeriesRole = Literal["actual", "target"]


Status = Literal["actual", "target", "plan"]


@dataclass(frozen=True)
class Run:
    """A piece of text; ``fact`` is set when the text is a formatted fact, ``planned`` when that fact is a
    target or a plan (the writer sets it apart from actuals)."""

    text: str
    fact: str | None = None
    planned: bool = False


Text = tuple[Run, ...]


def plain(text: Text) -> str:
    """The text of a run sequence without fact markers."""
    return "".join(run.text for run in text)


def facts_in(text: Text) -> tuple[str, ...]:
    """Fact ids used in a run sequence, in order of first use."""
    return tuple(dict.fromkeys(run.fact for run in text if run.fact))


@dataclass(frozen=True)
class Bullet:
    """A bullet point; ``level`` 0 is the top level."""

    text: Text
    level: int = 0


@dataclass(frozen=True)
class Kpi:
    """A big-number card: ``value`` is already formatted for the deck's language."""

    fact: str
    value: str
    unit: str
    label: str
    period: str
    qualifier: str = ""
    status: Status = "actual"  # a target's or plan's card is drawn unlike an actual's


@dataclass(frozen=True)
class Table:
    """A table: a header row (may be empty) and rows of cells."""

    header: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]


@dataclass(frozen=True)
class ChartPoint:
    """One plotted value. ``display`` is the formatted value for data labels;
    ``note`` an optional second label (e.g. growth "+89.5%") from ``note_fact``;
    ``emphasis``: the point carries the chart's message (drawn in the accent, the rest greyed);
    ``spoken``: the value as a sentence writes it, unit and all ("69,759 vehicles"), for alt text."""

    label: str
    value: float
    fact: str
    display: str
    note: str | None = None
    note_fact: str | None = None
    emphasis: bool = False
    spoken: str = ""


@dataclass(frozen=True)
class ChartSeries:
    """One series of a chart; a ``target`` series is drawn unlike an actual."""

    name: str
    points: tuple[ChartPoint, ...]
    role: SeriesRole = "actual"


@dataclass(frozen=True)
class ChartSpec:
    """A chart whose every value is a fact. ``alt_text`` states the data."""

    kind: ChartKind
    title: str
    series: tuple[ChartSeries, ...]
    unit: str = ""
    alt_text: str = ""
    period: str = ""  # the period every point shares, as the deck writes it ("H1 2020"), for alt text

    @property
    def facts(self) -> tuple[str, ...]:
        """Every fact id the chart plots or notes, in order of first use."""
        ids: list[str] = []
        for series in self.series:
            for point in series.points:
                ids.append(point.fact)
                if point.note_fact:
                    ids.append(point.note_fact)
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event on a timeline."""

    when: Text
    what: Text
    planned: bool = False  # a target or plan: drawn open, on a dashed stretch of the axis
    year: float | None = None  # where in time (1956, 2025.8), for the axis' breaks; None when unknown


@dataclass(frozen=True)
class Timeline:
    """Events in the order they are shown."""

    events: tuple[TimelineEvent, ...]


Block = Bullet | Kpi | Table | ChartSpec | Timeline


@dataclass(frozen=True)
class Slide:
    """One slide. ``layout`` is a logical layout id (see ``theme.LAYOUTS``); ``notes`` are the
    template's talking points. ``source_line`` (the documents the slide's figures cite, "" for
    none) and ``notes_text`` (the finished speaker notes: talking points, then citations) are
    filled by ``compose.finish``; the writer writes both as they are."""

    layout: str
    title: Text
    subtitle: Text = ()
    blocks: tuple[Block, ...] = ()
    notes: tuple[Text, ...] = ()
    key: str = ""
    source_line: str = ""
    notes_text: str = ""

    @property
    def facts(self) -> tuple[str, ...]:
        """Every fact id the slide uses, in order of first use."""
        ids: list[str] = [*facts_in(self.title), *facts_in(self.subtitle)]
        for block in self.blocks:
            ids.extend(_block_facts(block))
        for note in self.notes:
            ids.extend(facts_in(note))
        return tuple(dict.fromkeys(ids))


def _block_facts(block: Block) -> tuple[str, ...]:
    if isinstance(block, Bullet):
        return facts_in(block.text)
    if isinstance(block, Kpi):
        return (block.fact,)
    if isinstance(block, Table):
        cells = [*block.header, *(cell for row in block.rows for cell in row)]
        return tuple(fact for cell in cells for fact in facts_in(cell))
    if isinstance(block, ChartSpec):
        return block.facts
    return tuple(
        fact for event in block.events for fact in (*facts_in(event.when), *facts_in(event.what))
    )


@dataclass(frozen=True)
class DocumentProperties:
    """A deck's core properties (``docProps/core.xml``). ``language`` is read back by lint:
    figures are traced in the deck's own formats."""

    title: str
    subject: str
    language: str
    created: datetime
    modified: datetime
    author: str = "fawbrief"
    last_modified_by: str = "fawbrief"
    keywords: str = "fawbrief"  # marks a deck fawbrief wrote (lint checks its numbers)
    comments: str = ""
    revision: int = 1


@dataclass(frozen=True)
class Typesetting:
    """How the deck's language is set, from its profile (``language.yaml``): the BCP 47 tag every run
    carries (``lang``, e.g. en-US, zh-CN; "" for none), the tag of Latin text inside it (``alt_lang``,
    PowerPoint's ``altLang``; "" for none), and whether text with wide characters breaks only between
    words, at breaks the writer places (``word_breaks``: Chinese), rather than between any two characters."""

    lang: str = ""
    alt_lang: str = ""
    word_breaks: bool = False


@dataclass(frozen=True)
class DeckSpec:
    """One deck variant. Finished (``compose.finish``), it holds every word the writer puts in
    the package, already in ``lang``, and how to set it (``typesetting``): the writer adds none of its own."""

    deck: str
    audience: str
    lang: str
    title: str
    slides: tuple[Slide, ...]
    properties: DocumentProperties | None = None  # None until finished
    typesetting: Typesetting = Typesetting()

    @property
    def finished(self) -> bool:
        """Whether ``compose.finish`` has filled in what the writer needs."""
        return self.properties is not None
