"""A timeline: a horizontal axis with a marker, a date above and a caption below per event.

Events share the width equally, so every caption has room; where years pass unshown between two events
(ten or more), the axis carries a visible break (two short slanted strokes), so 1957 and 1994 are not read
as neighbours. A target or plan (``TimelineEvent.planned``) is drawn open — an outlined marker, not a
filled one — and the axis is dashed from the last actual event on: the future never looks like history.
Colours come from the theme's ``Look``; the writer may ask for smaller sizes when the timeline does not
fit its box (``write/fit``).
"""

from __future__ import annotations

from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.shapes.shapetree import SlideShapes
from pptx.util import Emu, Pt

from fawbrief.core import tokens as T
from fawbrief.model.slides import Timeline, TimelineEvent
from fawbrief.write.geometry import Box as Area
from fawbrief.write.look import BUILTIN, Look
from fawbrief.write.text_runs import text_box

BREAK_YEARS = 10  # a gap this long or longer between neighbouring events breaks the axis
AXIS_OFFSET = Emu(868680)  # from the top of the area to the axis: room for the dates above
DOT = Emu(182880)
STROKE = Emu(118872)  # half the height of a break stroke


def timeline(shapes: SlideShapes, area: Area, spec: Timeline, look: Look = BUILTIN, date_pt: float = T.DATE_PT,
             caption_pt: float = T.LABEL_PT) -> None:
    """Draw ``spec`` in ``area``, dates at ``date_pt`` and captions at ``caption_pt``."""
    count = max(len(spec.events), 1)
    slot = area.width // count
    line_y = area.top + AXIS_OFFSET
    first_planned = next((i for i, event in enumerate(spec.events) if event.planned), None)
    split = area.left + (slot * first_planned if first_planned is not None else area.width)
    _axis(shapes, area.left, split, line_y, "Timeline axis", look, dashed=False)
    if first_planned is not None:
        _axis(shapes, split, area.left + area.width, line_y, "Timeline axis (planned)", look, dashed=True)
    for i, (before, after) in enumerate(zip(spec.events, spec.events[1:], strict=False), start=1):
        if _broken(before, after):
            _break(shapes, area.left + slot * i, line_y, i, look)
    for i, event in enumerate(spec.events):
        center = area.left + slot * i + slot // 2
        _marker(shapes, center, line_y, i + 1, event.planned, look)
        inner = slot - Emu(91440)
        text_box(shapes, Area(center - inner // 2, area.top, inner, Emu(594360)), event.when, size=date_pt,
                 color=look.paint("figure"), bold=True, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.BOTTOM,
                 name=f"Timeline date {i + 1}", ea=look.ea)
        text_box(shapes, Area(center - inner // 2, line_y + Emu(228600), inner,
                              area.top + area.height - line_y - Emu(228600)),
                 event.what, size=caption_pt, color=look.paint("text"), align=PP_ALIGN.CENTER,
                 name=f"Timeline caption {i + 1}", ea=look.ea)


def _broken(before: TimelineEvent, after: TimelineEvent) -> bool:
    return before.year is not None and after.year is not None and after.year - before.year >= BREAK_YEARS


def _axis(shapes: SlideShapes, left: int, right: int, y: int, name: str, look: Look, *, dashed: bool) -> None:
    if right <= left:
        return
    line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, left, y, right, y)
    line.name = name
    look.paint("muted").apply(line.line.color)
    line.line.width = Pt(1.5)
    if dashed:
        line.line.dash_style = MSO_LINE.DASH


def _break(shapes: SlideShapes, x: int, y: int, number: int, look: Look) -> None:
    """Two short slanted strokes across the axis at ``x``: years pass here that the axis does not show."""
    for shift in (-Emu(45720), Emu(45720)):
        stroke = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x + shift - Emu(54864), y + STROKE,
                                      x + shift + Emu(54864), y - STROKE)
        stroke.name = f"Timeline break {number}"
        look.paint("muted").apply(stroke.line.color)
        stroke.line.width = Pt(1.5)


def _marker(shapes: SlideShapes, center: int, y: int, number: int, planned: bool, look: Look) -> None:
    marker = shapes.add_shape(MSO_SHAPE.OVAL, center - DOT // 2, y - DOT // 2, DOT, DOT)
    marker.name = f"Timeline marker {number}" + (" (planned)" if planned else "")
    marker.shadow.inherit = False
    if planned:  # open: an outline on the paper colour, the axis showing it is not history
        marker.fill.solid()
        look.paint("paper").apply(marker.fill.fore_color)
        look.paint("figure").apply(marker.line.color)
        marker.line.width = Pt(2)
    else:
        marker.fill.solid()
        look.paint("accent").apply(marker.fill.fore_color)
        marker.line.fill.background()
