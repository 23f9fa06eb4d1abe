"""Where a layout lets the writer put things: its body area, clear of the master's title, footer row
and artwork, at whatever size the slide is.

The body area starts as the layout's body placeholder (or, without one, the area under the
title down to the footer row). A body placeholder much shorter than that area (Google
Slides exports one 0.3 in high, expecting it to grow) is stretched down to the footer row.
Then the area is cut back until it is clear of the title (0.2 in), the footer placeholders
(0.35 in) and every piece of artwork the slide shows (0.1 in): the layout's own shapes and,
unless the layout hides them (``showMasterSp="0"``), the master's. A shape covering half the
slide or more is a background, not an obstacle. Nothing comes closer than ``EDGE`` to the
slide's edges.
"""

from __future__ import annotations

from collections.abc import Iterable

from pptx.slide import SlideLayout

from fawbrief.core.units import EMU_PER_INCH
from fawbrief.write.geometry import Box, clear_of

TITLE_GAP = EMU_PER_INCH // 5  # 0.2 in between the title's box and the content below it
FOOTER_GAP = 320040  # 0.35 in between the content and the footer row
ART_GAP = EMU_PER_INCH // 10  # 0.1 in around the master's artwork
NO_FOOTER_MARGIN = 822960  # 0.9 in kept free at the bottom when a layout has no footer placeholders
EDGE = EMU_PER_INCH // 4  # 0.25 in: content never closer to the slide's edges
SHORT_BODY = 0.4  # a body placeholder under this share of the free height is stretched down
BACKGROUND_SHARE = 0.5  # a shape covering this share of the slide is a background
FOOTER_TYPES = ("dt", "ftr", "sldNum")


def artwork(layout: SlideLayout, slide: Box) -> list[Box]:
    """The boxes of the shapes other than placeholders that a slide on ``layout`` shows."""
    sources = [layout.shapes]
    if layout._element.get("showMasterSp") not in ("0", "false"):
        sources.append(layout.slide_master.shapes)
    boxes = []
    for shapes in sources:
        for shape in shapes:
            if shape.is_placeholder or shape._element.xpath("./*[1]/p:cNvPr[@hidden='1' or @hidden='true']"):
                continue
            box = Box(int(shape.left or 0), int(shape.top or 0), int(shape.width or 0), int(shape.height or 0))
            if box.area < BACKGROUND_SHARE * slide.area:
                boxes.append(box)
    return boxes


def footer_top(footers: Iterable[Box], slide: Box) -> int | None:
    """The top of the footer row: the highest footer placeholder in the lower half of the slide."""
    tops = [box.top for box in footers if box.top > slide.height // 2]
    return min(tops) if tops else None


def below_title(slide: Box, title: Box | None, footers: list[Box]) -> Box:
    """The area under the title, down to the footer row (or 0.9 in above the bottom edge)."""
    row = footer_top(footers, slide)
    bottom = row - FOOTER_GAP if row is not None else slide.height - NO_FOOTER_MARGIN
    if title is None:
        margin = slide.width // 20
        return Box(margin, margin, slide.width - 2 * margin, max(bottom - margin, 0))
    top = title.bottom + TITLE_GAP
    return Box(title.left, top, title.width, max(bottom - top, 0))


def body_area(slide: Box, body: Box | None, title: Box | None, footers: list[Box], art: list[Box]) -> Box:
    """Where content goes: the body (or the area below the title), clear of title, footers and artwork."""
    free = below_title(slide, title, footers)
    area = body or free
    if body is not None and body.height < SHORT_BODY * free.height:
        area = body.with_edges(bottom=max(free.bottom, body.bottom))
    if title is not None:
        area = clear_of(area, [title], TITLE_GAP)
    area = clear_of(area, footers, FOOTER_GAP)
    area = clear_of(area, art, ART_GAP)
    return within(area, slide)


def within(area: Box, slide: Box, edge: int = EDGE) -> Box:
    """``area`` kept ``edge`` away from the slide's edges."""
    return area.with_edges(left=max(area.left, edge), top=max(area.top, edge),
                           right=min(area.right, slide.width - edge), bottom=min(area.bottom, slide.height - edge))


def growth_room(box: Box, room: Box, blockers: Iterable[Box]) -> Box:
    """How far ``box`` (a title) may grow within ``room`` before it runs into ``blockers`` (artwork, the
    subtitle): a band it sits inside (wider than it, behind it) is its room, edge to edge; otherwise up
    to the first blocker above or below it across its width."""
    across = [other for other in blockers if other.left < box.right and other.right > box.left]
    bands = [other for other in across if other.top <= box.top and other.bottom >= box.bottom]
    top, bottom = room.top, room.bottom
    if bands:
        band = min(bands, key=lambda other: other.area)
        top, bottom = band.top, band.bottom
    for other in across:
        if other in bands:
            continue
        if other.top >= box.top + box.height // 2:  # flush against artwork is fine: a band's rule lines
            bottom = min(bottom, other.top)
        elif other.bottom <= box.top + box.height // 2:
            top = max(top, other.bottom)
    return room.with_edges(top=min(top, box.top), bottom=max(bottom, box.bottom))


def beside_artwork(box: Box, art: Iterable[Box]) -> Box:
    """A title's box narrowed to keep clear of a logo beside it in its row: artwork smaller than half the
    box that does not hold its centre. A backdrop behind the title (a band, a panel) is no obstacle, and a
    title is never narrowed to less than half its width."""
    cx, cy = box.left + box.width // 2, box.top + box.height // 2
    logos = [other for other in art if other.overlaps(box) and other.area < box.area // 2
             and not (other.left <= cx <= other.right and other.top <= cy <= other.bottom)]
    narrowed = clear_of(box, logos, ART_GAP, keep="rows") if logos else box
    return narrowed if narrowed.width >= box.width // 2 else box
