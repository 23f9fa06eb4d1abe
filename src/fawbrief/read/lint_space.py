"""A slide rule of ``fawbrief lint``: a content slide whose body area is mostly unused.

**The measure.** The body area is the layout's: the bounding box of its body placeholders (``obj``,
``body``, ``tbl``, ``chart``…, positions inherited from the master when the layout gives none); a layout
without one (Title Only) takes the master's body placeholder, else the room between the title and the
footer row (as ``write/areas`` starts from, which ``read`` may not import). What counts as used is the
union of what the slide's content shapes show, clipped to that area:

- text: the box its lines take (the widest line by the insets across, the measured height down, placed
  by the body's anchor), measured with the writer's metrics (``core.text_fit``), not the shape's box;
- a shape drawn with a fill or an outline (a KPI card, a plan's dashed card): its whole box;
- pictures and charts: their box; tables: their width by the height their rows grow to;
- a timeline (shapes named ``Timeline …``): the band its axis, dates and captions span.

Titles, subtitles, slide numbers, dates, footers and the source line are not content.

**The threshold.** ``EMPTY_SHARE``: under 40% used. Measured on the 30 variants as issue 16 found
them (208 content slides): 85 of the 86 bare bullet lists use 7–39% of the body (the one above, at
45%, is a list of four two-line bullets); every slide with a row of cards, a chart or a timeline uses
40% or more; the nine list-and-small-table slides under 40% (Automobile City's services, FAW-VW's
zh-CN playbook) leave the lower half of the slide white on the picture, as the bare lists do. The
review called "3–7 short bullets on 50–60% white space" thin; the brief's example of 35% would let
15 of those lists pass (most FAW-VW slides measure 34–38%).

**Exempt slides.** A slide says what it is by its layout and its name: slides on a title or section
layout (``p:sldLayout/@type`` ``title`` or ``secHead``, or a layout holding a centred title) and slides
named (``p:cSld/@name``, where the writer records the template's slide key) ``title_slide``,
``sources`` or ``closing``: a cover, a divider, the list of documents and the closing ask are meant to
be sparse; so are the slides of ``theme annotate`` (named ``layout_map``), maps of a master's layouts.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

from fawbrief.core.text_fit import measure, measure_table
from fawbrief.core.text_metrics import FontMetrics
from fawbrief.core.text_style import StyleChain, cell_chain, shape_chain
from fawbrief.core.units import EMU_PER_PT
from fawbrief.read.lint_shapes import Box, walk

SPACE_RULE = "slide-too-empty"
EMPTY_SHARE = 0.40  # see the module docstring: bare lists measure 7–39%, slides with a visual 40% and more
EXEMPT_LAYOUT_TYPES = ("title", "secHead")
EXEMPT_NAMES = ("title_slide", "sources", "closing", "layout_map")  # layout_map: ``theme annotate``'s slides
NOT_CONTENT = ("title", "ctrTitle", "subTitle", "dt", "ftr", "sldNum", "hdr", "sldImg")
FOOTERS = ("dt", "ftr", "sldNum")
SOURCE_LINE = "Source line"
TIMELINE = "Timeline "
_FILLS = ("solidFill", "gradFill", "blipFill", "pattFill")
_PH_PATH = f"./*/{qn('p:nvPr')}/{qn('p:ph')}"


def space_findings(slide: Any, metrics: FontMetrics, presentation: etree._Element,
                   size: tuple[float, float]) -> Iterator[tuple[str, str]]:
    """The finding of a content slide whose body area is less than ``EMPTY_SHARE`` used."""
    share = used_share(slide, metrics, presentation, size)
    if share is not None and share < EMPTY_SHARE:
        title = next((shape.name for shape in slide.shapes if _ph_type(shape._element) in ("title", "ctrTitle")),
                     "slide")
        yield title, (f"slide too empty: its content covers {math.floor(share * 100)}% of the body area (under "
                      f"{EMPTY_SHARE:.0%}); give the title a visual or a structured block that proves it, "
                      f"or merge the slide")


def used_share(slide: Any, metrics: FontMetrics, presentation: etree._Element,
               size: tuple[float, float]) -> float | None:
    """The share of the body area the slide's content covers (``None`` for an exempt slide)."""
    layout = slide.slide_layout._element
    master = slide.slide_layout.slide_master._element
    if _exempt(slide, layout):
        return None
    area = body_area(layout, master, size)
    if area is None or area.width <= 0 or area.height <= 0:
        return None
    shapes = list(walk(slide.shapes, None))
    extents = [box for shape, box in shapes if not _in_timeline(shape)
               for box in _extent(shape, box, layout, master, presentation, metrics)]
    extents.extend(_bounds([box for shape, box in shapes if _in_timeline(shape)]))
    clipped = [clip for box in extents if (clip := _clip(box, area)) is not None]
    return _union_area(clipped) / (area.width * area.height)


def _in_timeline(shape: Any) -> bool:
    """A timeline's parts (axis, markers, dates, captions: the writer names them ``Timeline …``) make one
    picture: it takes the band they span, not only its words."""
    return (shape.name or "").startswith(TIMELINE)


def _bounds(boxes: list[Box]) -> list[Box]:
    if not boxes:
        return []
    left, top = min(b.left for b in boxes), min(b.top for b in boxes)
    right, bottom = max(b.left + b.width for b in boxes), max(b.top + b.height for b in boxes)
    return [Box(left, top, right - left, bottom - top)]


def _exempt(slide: Any, layout: etree._Element) -> bool:
    if layout.get("type") in EXEMPT_LAYOUT_TYPES:
        return True
    if any(_ph_type(sp) == "ctrTitle" for sp in _placeholders(layout)):
        return True
    return (slide.name or "") in EXEMPT_NAMES


def body_area(layout: etree._Element, master: etree._Element, size: tuple[float, float]) -> Box | None:
    """The layout's body area (see the module docstring), in EMU."""
    boxes = [_ph_box(sp, master) for sp in _placeholders(layout) if _ph_type(sp) not in NOT_CONTENT]
    boxes = [box for box in boxes if box is not None]
    if not boxes:
        boxes = [box for sp in _placeholders(master) if _ph_type(sp) == "body"
                 and (box := _xfrm(sp)) is not None]
    if boxes:
        left, top = min(b.left for b in boxes), min(b.top for b in boxes)
        right, bottom = max(b.left + b.width for b in boxes), max(b.top + b.height for b in boxes)
        return Box(left, top, right - left, bottom - top)
    return _below_title(layout, master, size)


def _below_title(layout: etree._Element, master: etree._Element, size: tuple[float, float]) -> Box | None:
    shapes = [*_placeholders(layout), *_placeholders(master)]
    title = next((box for sp in shapes if _ph_type(sp) == "title" and (box := _ph_box(sp, master))), None)
    footers = [box.top for sp in shapes if _ph_type(sp) in FOOTERS and (box := _ph_box(sp, master))
               and box.top > size[1] / 2]
    if title is None:
        return None
    bottom = min(footers) if footers else size[1]
    top = title.top + title.height
    return Box(title.left, top, title.width, bottom - top) if bottom > top else None


def _placeholders(root: etree._Element) -> list[etree._Element]:
    return [sp for sp in root.iter(qn("p:sp")) if sp.find(_PH_PATH) is not None]


def _ph_type(sp: etree._Element) -> str | None:
    ph = sp.find(_PH_PATH)
    return None if ph is None else ph.get("type", "body")


def _ph_box(sp: etree._Element, master: etree._Element) -> Box | None:
    """A layout placeholder's box, from the master's placeholder of its kind when it has no position."""
    box = _xfrm(sp)
    if box is not None:
        return box
    kind = _ph_type(sp)
    kind = "title" if kind == "ctrTitle" else "body" if kind not in ("title", *FOOTERS) else kind
    inherited = next((m for m in _placeholders(master) if _ph_type(m) == kind), None)
    return _xfrm(inherited) if inherited is not None else None


def _xfrm(sp: etree._Element) -> Box | None:
    off, ext = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:off')}"), sp.find(
        f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}")
    if off is None or ext is None:
        return None
    return Box(float(off.get("x", 0)), float(off.get("y", 0)), float(ext.get("cx", 0)), float(ext.get("cy", 0)))


def _extent(shape: Any, box: Box, layout: etree._Element, master: etree._Element, presentation: etree._Element,
            metrics: FontMetrics) -> Iterator[Box]:
    """What ``shape`` shows on the slide, as boxes (nothing for a shape that is not content)."""
    element = shape._element
    tag = etree.QName(element).localname
    if tag == "pic":
        yield box
    elif tag == "graphicFrame":
        tbl = element.find(f".//{qn('a:tbl')}")
        if tbl is None:
            yield box
            return

        def chain_for(tc: etree._Element) -> StyleChain:
            return cell_chain(tc, master, presentation)

        needed, _ = measure_table(tbl, chain_for, metrics)
        yield Box(box.left, box.top, box.width, min(needed * EMU_PER_PT, box.height) or box.height)
    elif tag == "sp" and _ph_type(element) not in NOT_CONTENT and shape.name != SOURCE_LINE:
        if _drawn(element):
            yield box
            return
        tx_body = element.find(qn("p:txBody"))
        if tx_body is not None and any((t.text or "").strip() for t in tx_body.iter(qn("a:t"))):
            yield _text_box(element, tx_body, box, shape_chain(element, layout, master, presentation), metrics)


def _drawn(sp: etree._Element) -> bool:
    """Whether the shape paints its box: a fill or an outline of its own, or its style's."""
    sp_pr = sp.find(qn("p:spPr"))
    if sp_pr is not None and any(sp_pr.find(qn(f"a:{fill}")) is not None for fill in _FILLS):
        return True
    line = sp_pr.find(qn("a:ln")) if sp_pr is not None else None
    if line is not None and line.find(qn("a:noFill")) is None and len(line):
        return True
    style = sp.find(qn("p:style"))
    no_fill = sp_pr is not None and sp_pr.find(qn("a:noFill")) is not None
    fill_ref = style.find(qn("a:fillRef")) if style is not None else None
    return fill_ref is not None and fill_ref.get("idx", "0") != "0" and not no_fill


def _text_box(sp: etree._Element, tx_body: etree._Element, box: Box, chain: StyleChain,
              metrics: FontMetrics) -> Box:
    """The part of ``box`` the text's lines take."""
    body = chain.body()
    fit = measure(tx_body, chain, int(box.width), int(box.height), metrics)
    left, _, right, _ = body.insets
    width = min(box.width, fit.widest * EMU_PER_PT + left + right)
    height = min(box.height, fit.needed * EMU_PER_PT)
    top = box.top
    if body.anchor == "ctr":
        top += (box.height - height) / 2
    elif body.anchor == "b":
        top += box.height - height
    return Box(box.left, top, width, height)


def _clip(box: Box, area: Box) -> Box | None:
    left, top = max(box.left, area.left), max(box.top, area.top)
    right = min(box.left + box.width, area.left + area.width)
    bottom = min(box.top + box.height, area.top + area.height)
    return Box(left, top, right - left, bottom - top) if right > left and bottom > top else None


def _union_area(boxes: list[Box]) -> float:
    """The area the ``boxes`` cover together (each point once): a sweep over their distinct x edges."""
    xs = sorted({edge for box in boxes for edge in (box.left, box.left + box.width)})
    total = 0.0
    for x0, x1 in itertools.pairwise(xs):
        spans = sorted((box.top, box.top + box.height) for box in boxes
                       if box.left <= x0 and box.left + box.width >= x1)
        covered, reach = 0.0, float("-inf")
        for top, bottom in spans:
            if bottom > reach:
                covered += bottom - max(top, reach)
                reach = bottom
        total += covered * (x1 - x0)
    return total
