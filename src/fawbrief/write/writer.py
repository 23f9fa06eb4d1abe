"""A finished DeckSpec → ``.pptx`` bytes, on a theme's named layouts.

The writer decides placement only: bullets go into the layout's body
placeholder (so the theme's bullet styles apply), everything else is drawn in
the body placeholder's box. It writes each slide's source line and speaker
notes, each picture's alt text and the document properties as the model gives
them (``compose.finish`` made them: the writer looks nothing up and adds no
words), and removes placeholders it left empty. Each slide records the fact ids
it uses in its extension list (``slide_facts``), and the package is normalised
so the same inputs give the same bytes (``reproducible``).
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree
from pptx.presentation import Presentation
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu

from fawbrief.charts.cache import get_or_render
from fawbrief.core import tokens as T
from fawbrief.core.slide_cites import record_cites
from fawbrief.core.slide_facts import record_facts
from fawbrief.core.text_metrics import Piece, stacked_height
from fawbrief.core.units import DEFAULT_INSET_TB, EMU_PER_INCH, emu_to_pt
from fawbrief.model.citations import sentence_citations
from fawbrief.model.slides import (
    Bullet,
    ChartSpec,
    DeckSpec,
    DocumentProperties,
    Kpi,
    Run,
    Slide,
    Table,
    Text,
    Timeline,
)
from fawbrief.write import blocks
from fawbrief.write.fast_parts import (
    indexed_parts,
    notes_text_frame,
    package_parts,
    placeholder_at,
    placeholder_elements,
)
from fawbrief.write.native_chart import add_native_chart
from fawbrief.write.reproducible import normalise_parts
from fawbrief.write.table import table as draw_table
from fawbrief.write.theme import Theme, ThemeLayout
from fawbrief.write.timeline import timeline

KPI_ROW = Emu(1737360)  # 1.9 in
SOURCE_LINE_PT = T.SMALL_PT
LIST_INDENT_PT = 36  # taken off a bullet box's width when measuring: bullet indent and side insets
TABLE_ROW = Emu(457200)  # 0.5 in per table row at 14 pt
SINGLE_CATEGORY_HEIGHT = Emu(2377440)  # 2.6 in
TIMELINE_HEIGHT = Emu(2103120)  # 2.3 in: dates, markers and three caption lines


@dataclass(frozen=True)
class WriteOptions:
    """How to write (not what): charts as pictures ("image") or as editable charts ("native")."""

    charts: str = "image"  # or "native"


ChartImages = Callable[[ChartSpec, float, float], bytes]


def write(spec: DeckSpec, theme: Theme, options: WriteOptions, chart_png: ChartImages = get_or_render) -> bytes:
    """Write every slide of the finished ``spec`` on a copy of ``theme``; return the ``.pptx`` bytes.
    ``theme`` itself is not changed, so one opened theme serves every deck of a build."""
    if spec.properties is None:
        raise ValueError("the deck is not finished (compose.finish.finish_deck): it has no document properties")
    canvas = theme.clone()
    prs = canvas.presentation
    stamps: dict[str, etree._Element] = {}  # source line text → its finished box, copied onto later slides
    with indexed_parts(prs):  # linear, not quadratic, in the number of slides
        for number, slide in enumerate(spec.slides, start=1):
            _write_slide(prs, canvas.layout(slide.layout), slide, options, chart_png, number, stamps)
    _core_properties(prs, spec.properties)
    return normalise_parts(package_parts(prs))  # zipped and deflated once, in a canonical order


def _write_slide(prs: Presentation, layout: ThemeLayout, spec: Slide, options: WriteOptions,
                 chart_png: ChartImages, number: int, stamps: dict[str, etree._Element]) -> None:
    slide = prs.slides.add_slide(layout.layout)
    used: set[int] = set()
    title = layout.placeholders["title"]
    _fill_placeholder(slide, title, spec.title)
    used.add(title)
    if spec.subtitle:
        sub = layout.placeholders.get("subtitle", layout.placeholders.get("body"))
        if sub is not None:
            _fill_placeholder(slide, sub, spec.subtitle)
            used.add(sub)
    if spec.layout not in ("title", "section"):
        _place_blocks(slide, layout, spec, options, chart_png, used)
        if spec.source_line:
            _source_line(slide, prs, spec.source_line, stamps)
    _remove_unused(slide, used)
    if spec.layout != "title":
        layout.add_slide_number(slide, number)
    blocks.set_text(notes_text_frame(slide), spec.notes_text)
    record_facts(slide._element, spec.facts)
    record_cites(slide._element, sentence_citations(spec))  # which facts each sentence cites: lint's claim rule


def _fill_placeholder(slide: PptxSlide, idx: int, text: Text) -> None:
    frame = placeholder_at(slide, idx).text_frame
    frame.clear()
    blocks.add_runs(frame.paragraphs[0], text)


def _place_blocks(slide: PptxSlide, layout: ThemeLayout, spec: Slide, options: WriteOptions,
                  chart_png: ChartImages, used: set[int]) -> None:
    bullets = [b for b in spec.blocks if isinstance(b, Bullet)]
    kpis = [b for b in spec.blocks if isinstance(b, Kpi)]
    visuals = [b for b in spec.blocks if isinstance(b, ChartSpec | Table | Timeline)]
    area = _area(layout.content_box)
    if spec.layout == "two" and layout.columns is not None:
        left, right = (_area(column) for column in layout.columns)
        _bullets_into(slide, layout, "body", left, bullets, used)
        _visuals(slide, right, kpis, visuals, options, chart_png)
        return
    if kpis:
        rows = 1 if len(kpis) <= 4 else 2
        height = KPI_ROW * rows if (bullets or visuals) else min(area.height, KPI_ROW * rows + Emu(457200))
        top, area = area.split_top(height)
        blocks.kpi_cards(slide.shapes, top, kpis)
    if visuals and bullets:
        if any(isinstance(v, ChartSpec) for v in visuals):
            text_area, area = area.split_left(0.4)
        else:
            area, text_area = area.split_top(min(int(area.height * 0.62), TIMELINE_HEIGHT))
        _bullets_into(slide, layout, "body", text_area, bullets, used)
    elif bullets:
        _bullets_into(slide, layout, "body", area, bullets, used)
    _visuals(slide, area, [], visuals, options, chart_png)


def _area(box: object) -> blocks.Area:
    return blocks.Area(box.left, box.top, box.width, box.height)  # type: ignore[attr-defined]


def _bullets_into(slide: PptxSlide, layout: ThemeLayout, role: str, area: blocks.Area,
                  bullets: list[Bullet], used: set[int]) -> None:
    if not bullets:
        return
    idx = layout.placeholders.get(role)
    if idx is None:
        box = slide.shapes.add_textbox(area.left, area.top, area.width, area.height)
        box.name = "Bullets"
        blocks.fill_bullets(box.text_frame, bullets, manual=True)
        return
    placeholder = placeholder_at(slide, idx)
    placeholder.left, placeholder.top = area.left, area.top
    placeholder.width, placeholder.height = area.width, area.height
    placeholder.text_frame.clear()
    blocks.fill_bullets(placeholder.text_frame, bullets, size=_bullet_size(bullets, area))
    used.add(idx)


def _bullet_size(bullets: list[Bullet], area: blocks.Area) -> float:
    """The body size, or the smaller one when the list measured at the body size (the font's
    advance widths, CJK lines 1.45 em tall) would not fit the box."""
    paragraphs = [[Piece(run.text, T.BODY_PT - T.LEVEL_STEP_PT * bullet.level, blocks.is_figure(run))
                   for run in bullet.text] for bullet in bullets]
    needed = stacked_height(paragraphs, emu_to_pt(area.width) - LIST_INDENT_PT, T.BULLET_SPACE_AFTER_PT)
    fits = needed + 2 * emu_to_pt(DEFAULT_INSET_TB) <= emu_to_pt(area.height)
    return float(T.BODY_PT if fits else T.BODY_MIN_PT)


def _visuals(slide: PptxSlide, area: blocks.Area, kpis: list[Kpi], visuals: list[object],
             options: WriteOptions, chart_png: ChartImages) -> None:
    if kpis:
        top, area = area.split_top(KPI_ROW * ((len(kpis) + 1) // 2))
        blocks.kpi_cards(slide.shapes, top, kpis)
    if not visuals:
        return
    heights = _visual_heights(visuals, area.height)
    top = area.top
    for visual, height in zip(visuals, heights, strict=True):
        part = blocks.Area(area.left, top, area.width, height)
        top += height + blocks.GAP
        if isinstance(visual, ChartSpec):
            _chart(slide, part, visual, options, chart_png)
        elif isinstance(visual, Table):
            draw_table(slide.shapes, part, visual)
        elif isinstance(visual, Timeline):
            timeline(slide.shapes, part, visual)


def _visual_heights(visuals: list[object], total: int) -> list[int]:
    """Tables and timelines take what they need; charts share the rest."""
    fixed = {i: _natural_height(v) for i, v in enumerate(visuals) if not isinstance(v, ChartSpec)}
    charts = len(visuals) - len(fixed)
    free = total - sum(fixed.values()) - blocks.GAP * (len(visuals) - 1)
    if charts == 0 or free < total // 3:
        share = (total - blocks.GAP * (len(visuals) - 1)) // len(visuals)
        return [share] * len(visuals)
    return [fixed.get(i, free // charts) for i in range(len(visuals))]


def _natural_height(visual: object) -> int:
    if isinstance(visual, Table):
        return TABLE_ROW * (len(visual.rows) + (1 if visual.header else 0))
    return TIMELINE_HEIGHT


def _chart(slide: PptxSlide, area: blocks.Area, spec: ChartSpec, options: WriteOptions,
           chart_png: ChartImages) -> None:
    if all(len(series.points) == 1 for series in spec.series) and area.height > SINGLE_CATEGORY_HEIGHT:
        # One category (e.g. today vs target) reads best as a short, wide chart, centred.
        offset = (area.height - SINGLE_CATEGORY_HEIGHT) // 2
        area = blocks.Area(area.left, area.top + offset, area.width, SINGLE_CATEGORY_HEIGHT)
    if options.charts == "native":
        frame = add_native_chart(slide.shapes, spec, area.left, area.top, area.width, area.height)
        if frame is not None:
            frame.name = f"Chart: {spec.title}"[:120]
            _describe(frame, spec.alt_text)
            return
    png = chart_png(spec, area.width / EMU_PER_INCH, area.height / EMU_PER_INCH)
    picture = slide.shapes.add_picture(io.BytesIO(png), area.left, area.top, area.width, area.height)
    picture.name = f"Chart: {spec.title}"[:120]
    _describe(picture, spec.alt_text)


def _describe(shape: object, text: str) -> None:
    """Alt text lives in ``cNvPr/@descr``; python-pptx has no API for it."""
    element = shape._element  # type: ignore[attr-defined]
    c_nv_pr = element.xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.set("descr", text)


def _source_line(slide: PptxSlide, prs: Presentation, text: str, stamps: dict[str, etree._Element]) -> None:
    if text in stamps:
        blocks.stamp(slide.shapes, stamps[text])
        return
    margin = Emu(548640)
    area = blocks.Area(margin, prs.slide_height - Emu(502920), prs.slide_width - 2 * margin - Emu(914400),
                       Emu(274320))
    box = blocks.text_box(slide.shapes, area, (Run(text),), size=SOURCE_LINE_PT, color=blocks.GREY,
                          name="Source line")
    stamps[text] = copy.deepcopy(box)  # a copy: nothing done to this slide later can leak into the others


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
