"""A finished DeckSpec → ``.pptx`` bytes, on the theme's layouts.

The writer decides placement only: the title goes into the layout's title placeholder
(shrunk, then given more lines, until it fits: ``write/fit``), bullets into its body
placeholder (so the theme's bullet styles apply), everything else into the layout's body
area, clear of the master's title, footer row and artwork (``write/areas``, ``write/place``),
in the theme's colours and fonts (``write/look``). A list too long for its slide continues on
a following slide under the same title. It writes each slide's source line (``write/
source_line``) and speaker notes, each picture's alt text and the document properties as the
model gives them (``compose.finish`` made them: the writer looks nothing up and adds no words),
and removes placeholders it left empty. Each slide records the fact ids it uses in its
extension list (``slide_facts``), and the package is normalised so the same inputs give the
same bytes (``reproducible``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

from pptx.presentation import Presentation
from pptx.slide import Slide as PptxSlide

from fawbrief.charts.cache import get_or_render
from fawbrief.core.slide_cites import record_cites
from fawbrief.core.slide_facts import record_facts
from fawbrief.model.citations import sentence_citations
from fawbrief.model.slides import ChartSpec, DeckSpec, DocumentProperties, Slide, Table, Text
from fawbrief.write.areas import EDGE, TITLE_GAP, growth_room
from fawbrief.write.blocks import CardSizes
from fawbrief.write.fast_parts import (
    indexed_parts,
    notes_text_frame,
    package_parts,
    placeholder_at,
    placeholder_elements,
)
from fawbrief.write.fit import SUBTITLE_MIN_PT, TITLE_MIN_PT, fit_text
from fawbrief.write.geometry import Box
from fawbrief.write.line_breaks import place_breaks
from fawbrief.write.look import Look
from fawbrief.write.place import Canvas, deck_card_sizes, place_blocks
from fawbrief.write.reproducible import normalise_parts
from fawbrief.write.run_lang import tag_runs
from fawbrief.write.source_line import Stamps, plan_source_line
from fawbrief.write.text_runs import add_runs, set_text, stamp
from fawbrief.write.theme import Theme, ThemeLayout

ABOVE_SOURCE = 137160  # 0.15 in between the content and a source line that grew upwards
TITLE_SHARE = 3  # a growing title may take up to a third of the body area


@dataclass(frozen=True)
class WriteOptions:
    """How to write (not what): charts as pictures ("image") or as editable charts ("native")."""

    charts: str = "image"  # or "native"


ChartImages = Callable[[ChartSpec, float, float], bytes]


def write(spec: DeckSpec, theme: Theme, options: WriteOptions, chart_png: ChartImages = get_or_render) -> bytes:
    """Write every slide of the finished ``spec`` on a copy of ``theme``; return the ``.pptx`` bytes.
    ``theme`` itself is not changed, so one opened theme serves every deck of a build.

    KPI cards take one style per deck (the largest figure and label sizes that fit every row of cards):
    the deck is written once, recording the sizes each row fits at, and, when the rows differ, once more
    with the smallest for every row (``place.deck_card_sizes``)."""
    if spec.properties is None:
        raise ValueError("the deck is not finished (compose.finish.finish_deck): it has no document properties")
    used: list[CardSizes] = []
    data = _write_deck(spec, theme, options, chart_png, None, used)
    style = deck_card_sizes(used)
    if style is None or all(sizes == style for sizes in used):
        return data
    return _write_deck(spec, theme, options, chart_png, style, [])


def _write_deck(spec: DeckSpec, theme: Theme, options: WriteOptions, chart_png: ChartImages,
                cards: CardSizes | None, used: list[CardSizes]) -> bytes:
    """One pass of ``write``: cards at ``cards`` (None: each row as large as fits), their sizes into ``used``."""
    assert spec.properties is not None
    canvas = theme.clone()
    prs = canvas.presentation
    look = canvas.look.for_deck(spec.typesetting)
    pictures = chart_png if look.literal else functools.partial(chart_png, palette=look.chart_palette())
    stamps: Stamps = {}  # source lines by where and what: copied onto later slides
    number = 0
    with indexed_parts(prs):  # linear, not quadratic, in the number of slides
        for slide in spec.slides:
            pending: Slide | None = slide
            continued = False
            while pending is not None:  # what did not fit continues on the next slide
                number += 1
                layout = canvas.layout(pending.layout)
                place = Canvas(layout, look, options.charts == "native", pictures, cards, used)
                pending = _write_slide(prs, place, pending, number, stamps, continued)
                continued = True
    _core_properties(prs, spec.properties)
    return normalise_parts(package_parts(prs))  # zipped and deflated once, in a canonical order


def _write_slide(prs: Presentation, canvas: Canvas, spec: Slide, number: int, stamps: Stamps,
                 continued: bool = False) -> Slide | None:
    """Write one slide; returns a slide for the blocks that did not fit, or None. Each slide places at
    least one bullet or, when ``continued``, everything else, so a slide always moves on."""
    layout, look = canvas.layout, canvas.look
    slide = prs.slides.add_slide(layout.layout)
    page = Box(0, 0, int(prs.slide_width or 0), int(prs.slide_height or 0))
    room = page.with_edges(left=EDGE, top=min(EDGE, layout.box("title").top), right=page.width - EDGE,
                           bottom=page.height - EDGE)
    content = spec.layout not in ("title", "section")
    if content:
        room = room.with_edges(bottom=layout.content_box.top + layout.content_box.height // TITLE_SHARE)
    used: set[int] = set()
    others = [box for part, box in layout.boxes.items() if part in ("subtitle", "body") and not content]
    room = growth_room(layout.box("title"), room, [*layout.obstacles, *others])
    title_box = _fill(slide, layout, "title", spec.title, look, TITLE_MIN_PT, room, used)
    if spec.subtitle:
        part = "subtitle" if "subtitle" in layout.placeholders else "body"
        if part in layout.placeholders:
            _fill(slide, layout, part, spec.subtitle, look, SUBTITLE_MIN_PT, page.with_edges(top=EDGE), used)
    rest: list = []
    if content:
        area = layout.content_box.with_edges(top=max(layout.content_box.top, title_box.bottom + TITLE_GAP))
        line = plan_source_line(slide, layout, look, spec.source_line, stamps) if spec.source_line else None
        if line is not None:
            area = area.with_edges(bottom=min(area.bottom, line[1].top - ABOVE_SOURCE))
        rest = place_blocks(slide, canvas, spec, area, used, continued)
        if line is not None:
            stamp(slide.shapes, line[0])
            if "footer" in layout.placeholders:
                used.add(layout.placeholders["footer"])
    _remove_unused(slide, used)
    if spec.layout != "title":
        layout.add_slide_number(slide, number)
    place_breaks(slide, look.metrics)
    notes = notes_text_frame(slide)
    set_text(notes, spec.notes_text, look.ea)
    tag_runs(slide.shapes._spTree, look.typesetting)
    tag_runs(notes._txBody, look.typesetting)
    if spec.key:  # the slide's name: what lint reads to know a cover, the sources or a closing slide
        slide._element.cSld.set("name", spec.key)
    record_facts(slide._element, _shown(spec, rest).facts)
    record_cites(slide._element, sentence_citations(spec))  # which facts each sentence cites: lint's claim rule
    return replace(spec, blocks=tuple(rest)) if rest else None


def _shown(spec: Slide, rest: list) -> Slide:
    """``spec`` with the blocks one slide shows: not those left for a following slide (``rest``), and of a
    table split across slides, the rows above its continuation. A slide records the facts it shows (and its
    title's and notes'), not those of the bullets or rows that continue on the next: lint reads the record
    as what the slide shows (a recorded stale figure no sentence on the slide names reads as a chart's)."""
    blocks = []
    for block in spec.blocks:
        if any(block is left for left in rest):
            continue
        if isinstance(block, Table):
            tail = next((left for left in rest if isinstance(left, Table) and left.header == block.header
                         and 0 < len(left.rows) < len(block.rows)
                         and block.rows[len(block.rows) - len(left.rows):] == left.rows), None)
            if tail is not None:
                block = replace(block, rows=block.rows[:len(block.rows) - len(tail.rows)])
        blocks.append(block)
    return replace(spec, blocks=tuple(blocks))


def _fill(slide: PptxSlide, layout: ThemeLayout, part: str, text: Text, look: Look, floor: float, room: Box,
          used: set[int]) -> Box:
    """``text`` into the layout's ``part`` placeholder, fitted; returns the box it takes."""
    idx = layout.placeholders[part]
    shape = placeholder_at(slide, idx)
    box = layout.box(part)
    if part in layout.moved:  # narrowed beside a logo
        shape.left, shape.top, shape.width, shape.height = box.left, box.top, box.width, box.height
    frame = shape.text_frame
    frame.clear()
    add_runs(frame.paragraphs[0], text, ea=look.ea)
    used.add(idx)
    return fit_text(slide, shape, box, look.metrics, floor, room)


def _remove_unused(slide: PptxSlide, used: set[int]) -> None:
    for idx, element in placeholder_elements(slide):
        if idx not in used:
            element.getparent().remove(element)


def _core_properties(prs: Presentation, properties: DocumentProperties) -> None:
    props = prs.core_properties
    props.title = properties.title
    props.author = properties.author
    props.last_modified_by = properties.last_modified_by
    props.subject = properties.subject
    props.keywords = properties.keywords
    props.language = properties.language
    props.comments = properties.comments
    props.created = properties.created
    props.modified = properties.modified
    props.revision = properties.revision


__all__ = ["ChartImages", "WriteOptions", "write"]
