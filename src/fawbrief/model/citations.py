"""The sentences of a slide and the facts each one cites: what ``core.slide_cites`` records.

A sentence is what a reader sees as one piece of text: the title, the subtitle, a bullet, a table cell,
a KPI card's label, a chart's title, a timeline caption (with the facts of its date, since a caption
reads with its date: "1994 · Enters South Africa as the only Chinese automotive brand"), and each of
the template's speaker notes. Its facts are those marked in it (``fact()``, ``asof()``, ``cite()``).
"""

from __future__ import annotations

from collections.abc import Iterator

from fawbrief.model.slides import Bullet, ChartSpec, Kpi, Slide, Table, Text, Timeline, facts_in, plain

Sentence = tuple[str, tuple[str, ...]]


def sentence_citations(slide: Slide) -> list[Sentence]:
    """``(text, fact ids)`` for every sentence of ``slide``, in slide order."""
    found = [_of(slide.title), _of(slide.subtitle)]
    for block in slide.blocks:
        found.extend(_block(block))
    found.extend(_of(note) for note in slide.notes)
    return [sentence for sentence in found if sentence[0].strip()]


def _of(text: Text) -> Sentence:
    return plain(text), facts_in(text)


def _block(block: object) -> Iterator[Sentence]:
    if isinstance(block, Bullet):
        yield _of(block.text)
    elif isinstance(block, Kpi):
        yield block.label, (block.fact,)
    elif isinstance(block, Table):
        for cell in (*block.header, *(cell for row in block.rows for cell in row)):
            yield _of(cell)
    elif isinstance(block, ChartSpec):
        yield block.title, block.facts
    elif isinstance(block, Timeline):
        for event in block.events:
            yield _of(event.when)
            yield plain(event.what), (*facts_in(event.when), *facts_in(event.what))
