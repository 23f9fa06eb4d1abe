"""Fitting text to its box with real metrics: the check lint makes (``core/text_fit``), made while writing.

A title first shrinks, within bounds (its master's size down to ``TITLE_MIN_PT``), then, if it
still does not fit, its box grows on the side its anchor leaves open (a bottom-anchored title
grows upwards), within the room it is given (up to the artwork around it); only a title that
has no room left shrinks further, to ``LAST_RESORT_PT``. Blocks drawn as several shapes (a row of KPI
cards, a timeline, a table) are drawn, measured, and drawn again at the next smaller set of
sizes until every text in them fits: a card row shrinks as one. Measuring uses the master's
styles (``core/text_style``) and the theme's Latin faces (``Look.metrics``), so what fits here
is what lint finds fitting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from lxml import etree
from pptx.oxml.ns import qn
from pptx.slide import Slide as PptxSlide

from fawbrief.core.text_fit import TextFit, measure, measure_table
from fawbrief.core.text_lines import numbers_kept
from fawbrief.core.text_metrics import FontMetrics
from fawbrief.core.text_style import StyleChain, cell_chain, shape_chain
from fawbrief.core.units import EMU_PER_PT
from fawbrief.write.geometry import Box

TITLE_MIN_PT = 24.0  # a title shrinks no further (or to 80% of a smaller master size); then it wraps
SUBTITLE_MIN_PT = 14.0
SHRINK_TO = 0.8  # of the master's size, when that is already below the floor
LAST_RESORT_PT = 14.0  # a title with no room to grow shrinks this far before it overflows
SLACK = EMU_PER_PT * 2  # a grown box is this much taller than its text needs


def chain_of(slide: PptxSlide, sp: etree._Element) -> StyleChain:
    """Where ``sp``'s text styles come from on ``slide``: itself, its layout and master, the deck."""
    layout = slide.slide_layout
    return shape_chain(sp, layout._element, layout.slide_master._element,
                       slide.part.package.presentation_part._element)


def as_broken(metrics: FontMetrics) -> FontMetrics:
    """``metrics`` breaking lines where the writer will break them: text with spaces never between a number
    and its unit. Once a slide is fitted, ``write/line_breaks`` writes the line ends of any title, and of any
    text the renderer would break inside "13 / years", with the number kept with its unit, which can take
    a line more than the renderer's own wrapping; measured with the renderer's breaks, a title fitted at
    27 pt in two lines was then written in three and overflowed (lint's finding). Keeping fewer break
    opportunities never takes fewer lines, so text that fits so fits however it is broken. Metrics that
    already break only at given places (Chinese: between words) are the writer's own and are kept."""
    return metrics.with_breaks(numbers_kept) if metrics.breaks is None else metrics


def fit_of(slide: PptxSlide, sp: etree._Element, box: Box, metrics: FontMetrics) -> TextFit:
    """How ``sp``'s text sits in ``box``, broken as the writer will break it (``as_broken``)."""
    return measure(sp.find(qn("p:txBody")), chain_of(slide, sp), box.width, box.height, as_broken(metrics))


def bad(fit: TextFit) -> bool:
    """What lint reports: too tall, too wide, or a word broken across lines."""
    return fit.too_tall or fit.too_wide or bool(fit.split_words)


def set_size(sp: etree._Element, points: float) -> None:
    """Every run and field of ``sp`` at ``points``."""
    for run in sp.iter(qn("a:r"), qn("a:fld")):
        rpr = run.find(qn("a:rPr"))
        if rpr is None:
            rpr = etree.Element(qn("a:rPr"))
            run.insert(0, rpr)
        rpr.set("sz", str(round(points * 100)))


def fit_text(slide: PptxSlide, shape: object, box: Box, metrics: FontMetrics, floor: float, room: Box) -> Box:
    """Fit the text of a placeholder ``shape`` whose box is ``box``: shrink it down to ``floor`` pt, then
    grow its box within ``room`` (top and bottom); returns the box the text now takes."""
    sp = shape._element  # type: ignore[attr-defined]
    fit = fit_of(slide, sp, box, metrics)
    if not bad(fit):
        return box
    start = max(fit.sizes, default=floor)
    size, floor = start, min(floor, round(start * SHRINK_TO))
    while bad(fit) and size > floor:
        size = max(size - 1, floor)
        set_size(sp, size)
        fit = fit_of(slide, sp, box, metrics)
    if (fit.too_wide or fit.split_words) and not chain_of(slide, sp).body().wrap:
        sp.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}").set("wrap", "square")  # a one-line title may wrap
        fit = fit_of(slide, sp, box, metrics)
    if not fit.too_tall:
        return box
    grown = _grow(box, round(fit.needed * EMU_PER_PT) + SLACK, chain_of(slide, sp).body().anchor, room)
    shape.left, shape.top, shape.width, shape.height = grown.left, grown.top, grown.width, grown.height  # type: ignore[attr-defined]
    while fit_of(slide, sp, grown, metrics).too_tall and size > LAST_RESORT_PT:  # no more room: smaller still
        size -= 1
        set_size(sp, size)
    return grown


def _grow(box: Box, height: int, anchor: str, room: Box) -> Box:
    """``box`` made ``height`` tall (at most ``room``'s height), growing away from its anchored edge, kept
    within ``room``'s top and bottom."""
    extra = max(min(height, room.bottom - min(box.top, room.top)) - box.height, 0)
    up = min({"b": extra, "ctr": extra // 2}.get(anchor, 0), max(box.top - room.top, 0))
    down = min(extra - up, max(room.bottom - box.bottom, 0))
    up = min(extra - down, max(box.top - room.top, 0))  # what the room below cannot take, above
    return Box(box.left, box.top - up, box.width, box.height + up + down)


Draw = Callable[[object], None]


def drawn_by(tree: etree._Element, draw: Callable[[], object]) -> list[etree._Element]:
    """The shapes ``draw`` adds to the shape tree ``tree``, in order."""
    before = set(tree)  # holding the proxies keeps them (and so their identity) for the comparison
    draw()
    return [child for child in tree if child not in before]


def remove(elements: Iterable[etree._Element]) -> None:
    """Take shapes off their slide."""
    for element in elements:
        element.getparent().remove(element)


def shapes_fit(slide: PptxSlide, elements: list[etree._Element], metrics: FontMetrics) -> bool:
    """Whether every text in the drawn shapes fits its shape (tables: their rows fit the frame)."""
    for element in elements:
        tag = etree.QName(element).localname
        if tag == "sp" and element.find(qn("p:txBody")) is not None:
            xfrm = element.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
            if xfrm is None or not "".join(element.itertext()).strip():
                continue
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            box = Box(int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
            if bad(fit_of(slide, element, box, metrics)):
                return False
        elif tag == "graphicFrame" and not table_fits(slide, element, metrics):
            return False
    return True


def table_fits(slide: PptxSlide, frame: etree._Element, metrics: FontMetrics, height: int | None = None) -> bool:
    """Whether a table's rows, grown to their text, fit ``height`` (the frame's), and no cell is too wide."""
    tbl = frame.find(f".//{qn('a:tbl')}")
    if tbl is None:
        return True
    needed, cells = table_needs(slide, frame, metrics)
    limit = height if height is not None else int(frame.find(f"{qn('p:xfrm')}/{qn('a:ext')}").get("cy"))
    return needed * EMU_PER_PT <= limit + EMU_PER_PT and not any(
        fit.too_wide or fit.split_words for _, _, fit in cells)


def table_needs(slide: PptxSlide, frame: etree._Element, metrics: FontMetrics) -> tuple[float, list]:
    """The height (pt) a table's rows grow to, and each cell's fit, as lint measures them once the writer has
    broken their lines (``as_broken``)."""
    master = slide.slide_layout.slide_master._element
    presentation = slide.part.package.presentation_part._element
    return measure_table(frame.find(f".//{qn('a:tbl')}"), lambda tc: cell_chain(tc, master, presentation),
                         as_broken(metrics))
