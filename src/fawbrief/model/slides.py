"""The slide model: what a rendered template means, independent of PowerPoint.

Templates produce markup; ``markup.py`` parses it into these frozen objects; the
writer turns them into a ``.pptx``. Every figure carries the id of the fact it
came from, so citations and the orphan-number check follow by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ChartKind = Literal["bar", "grouped_bar", "funnel", "target_actual", "share"]
SeriesRole = Literal["actual", "target"]


@dataclass(frozen=True)
class Run:
    """A piece of text; ``fact`` is set when the text is a formatted fact."""

    text: str
    fact: str | None = None


Text = tuple[Run, ...]


def plain(text: Text) -> str:
    """The text of a run sequence without fact markers."""
    return "".join(run.text for run in text)


def facts_in(text: Text) -> tuple[str, ...]:
    """Fact ids used in a run sequence, in order of first use."""
    return tuple(dict.fromkeys(run.fact for run in text if run.fact))


@dataclass(frozen=True)
class Bullet:
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


@dataclass(frozen=True)
class Table:
    header: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]


@dataclass(frozen=True)
class ChartPoint:
    """One plotted value. ``display`` is the formatted value for data labels;
    ``note`` an optional second label (e.g. growth "+89.5%") from ``note_fact``."""

    label: str
    value: float
    fact: str
    display: str
    note: str | None = None
    note_fact: str | None = None


@dataclass(frozen=True)
class ChartSeries:
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

    @property
    def facts(self) -> tuple[str, ...]:
        ids: list[str] = []
        for series in self.series:
            for point in series.points:
                ids.append(point.fact)
                if point.note_fact:
                    ids.append(point.note_fact)
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class TimelineEvent:
    when: Text
    what: Text


@dataclass(frozen=True)
class Timeline:
    events: tuple[TimelineEvent, ...]


Block = Bullet | Kpi | Table | ChartSpec | Timeline


@dataclass(frozen=True)
class Slide:
    """One slide. ``layout`` is a logical layout id (see ``theme.LAYOUTS``)."""

    layout: str
    title: Text
    subtitle: Text = ()
    blocks: tuple[Block, ...] = ()
    notes: tuple[Text, ...] = ()
    key: str = ""

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
class SourceRef:
    """A source document as cited on slides."""

    id: str
    title: str
    publisher: str
    date: str
    author: str | None = None


@dataclass(frozen=True)
class DeckSpec:
    deck: str
    audience: str
    lang: str
    title: str
    slides: tuple[Slide, ...]
    build_date: str = ""
    metadata: dict[str, str] = field(default_factory=dict, compare=False)
    #: The writer's own words (source line, notes headings) in ``lang``: English msgid → text.
    #: Empty for English, where every msgid is its own text.
    words: dict[str, str] = field(default_factory=dict, compare=False)

    def say(self, msgid: str) -> str:
        """``msgid`` in the deck's language (the writer adds a few words of its own); a msgid
        the build did not translate is a bug (KeyError), never English in another language."""
        return msgid if self.lang == "en" else self.words[msgid]
