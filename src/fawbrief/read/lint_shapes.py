"""Shape-level checks for ``lint`` that need no text measuring: where a shape sits (groups mapped
through their transforms, rotation taken into account), and pictures' alt text and resolution."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn
from pptx.shapes.base import BaseShape
from pptx.shapes.group import GroupShape

from fawbrief.core.shape_box import shape_box
from fawbrief.core.units import EMU_PER_INCH

MIN_DPI = 150.0
FILE_NAME = re.compile(r"[\w ().-]+\.(?:png|jpe?g|gif|bmp|tiff?|emf|wmf|svg)", re.IGNORECASE)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float


def picture(shape: Any, box: Box) -> Iterator[str]:
    """A picture needs alt text and at least 150 dpi at the size it is shown (crops taken off)."""
    if not alt_text(shape._element):
        yield "picture has no alt text (describe what it shows in the shape's description)"
    try:
        width_px, height_px = shape.image.size
    except Exception:  # a linked, vector or unreadable image has no pixel size to judge
        return
    crop = [getattr(shape, f"crop_{side}", 0.0) or 0.0 for side in ("left", "right", "top", "bottom")]
    shown_w = width_px * max(1 - crop[0] - crop[1], 0)
    shown_h = height_px * max(1 - crop[2] - crop[3], 0)
    if box.width <= 0 or box.height <= 0:
        return
    dpi = min(shown_w / (box.width / EMU_PER_INCH), shown_h / (box.height / EMU_PER_INCH))
    if dpi < MIN_DPI:
        yield f"image is {dpi:.0f} dpi at its placed size (needs {MIN_DPI:.0f}): {width_px}×{height_px} px"


def alt_text(element: etree._Element) -> str:
    """A shape's description; "decorative" for pictures marked so; empty for a bare file name."""
    c_nv_pr = element.find(f"./*/{qn('p:cNvPr')}")
    if c_nv_pr is None:
        return ""
    if c_nv_pr.xpath(".//*[local-name()='decorative'][@val='1']"):
        return "decorative"
    text = (c_nv_pr.get("descr") or "").strip()
    return "" if FILE_NAME.fullmatch(text) else text  # python-pptx's default: the image's file name


def outside(box: Box, rotation: float, size: tuple[float, float]) -> Iterator[str]:
    """Which edges of a shape (its rotated bounding box) lie beyond the slide's."""
    width, height = box.width, box.height
    if rotation % 180:
        angle = math.radians(rotation)
        width = abs(box.width * math.cos(angle)) + abs(box.height * math.sin(angle))
        height = abs(box.width * math.sin(angle)) + abs(box.height * math.cos(angle))
    left = box.left + (box.width - width) / 2
    top = box.top + (box.height - height) / 2
    edges = []
    if left < 0:
        edges.append(f"left edge at {left / EMU_PER_INCH:.2f} in")
    if top < 0:
        edges.append(f"top edge at {top / EMU_PER_INCH:.2f} in")
    if left + width > size[0]:
        edges.append(f"right edge at {(left + width) / EMU_PER_INCH:.2f} in, slide is "
                     f"{size[0] / EMU_PER_INCH:.2f} in wide")
    if top + height > size[1]:
        edges.append(f"bottom edge at {(top + height) / EMU_PER_INCH:.2f} in, slide is "
                     f"{size[1] / EMU_PER_INCH:.2f} in high")
    if edges:
        yield "shape lies outside the slide: " + "; ".join(edges)


def walk(shapes: Any, parent: tuple[Box, Box] | None) -> Iterator[tuple[BaseShape, Box]]:
    """Every shape with its box in slide coordinates (a group's children mapped through it)."""
    for shape in shapes:
        box = Box(*map(float, shape_box(shape)))
        if parent is not None:
            outer, child = parent
            sx = outer.width / child.width if child.width else 1.0
            sy = outer.height / child.height if child.height else 1.0
            box = Box(outer.left + (box.left - child.left) * sx, outer.top + (box.top - child.top) * sy,
                      box.width * sx, box.height * sy)
        if isinstance(shape, GroupShape):
            xfrm = shape._element.find(f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
            off, ext = (xfrm.find(qn("a:chOff")), xfrm.find(qn("a:chExt"))) if xfrm is not None else (None, None)
            child = Box(float(off.get("x", 0)), float(off.get("y", 0)), float(ext.get("cx", 0)),
                        float(ext.get("cy", 0))) if off is not None and ext is not None else box
            yield from walk(shape.shapes, (box, child))
            continue
        yield shape, box


def table_cells(tbl: etree._Element) -> Iterator[tuple[int, int, etree._Element, int]]:
    """Each table cell holding text, with its row, column and width (EMU; spans added up)."""
    widths = [int(col.get("w", "0")) for col in tbl.iterfind(f"{qn('a:tblGrid')}/{qn('a:gridCol')}")]
    for row, tr in enumerate(tbl.iterfind(qn("a:tr"))):
        col = 0
        for tc in tr.iterfind(qn("a:tc")):
            span = int(tc.get("gridSpan", "1"))
            merged = tc.get("hMerge") in ("1", "true") or tc.get("vMerge") in ("1", "true")
            if tc.find(qn("a:txBody")) is not None and not merged:
                yield row, col, tc, sum(widths[col:col + span])
            col += span
