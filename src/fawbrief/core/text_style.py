"""The effective text properties of a shape, resolved the way PowerPoint does.

A run's size comes from the run itself, else from the paragraph level's
``defRPr`` in, in turn: the shape's own ``lstStyle``, the layout placeholder it
inherits from, the master placeholder, the master's title/body/other text style,
and the presentation's default text style. Paragraph spacing, margins and
bullets follow the same chain; the body's insets, wrapping and auto-fit follow
the ``bodyPr`` of the shape, the layout placeholder and the master placeholder.
Only lxml is used: python-pptx exposes none of this inheritance. Lint reads decks with it, and
the writer fits titles, lists and cards on a master's styles with it (``core/text_fit``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from fawbrief.core.namespaces import DML, PML, clark
from fawbrief.core.units import DEFAULT_INSET_LR, DEFAULT_INSET_TB

DEFAULT_SIZE = 18.0  # pt, PowerPoint's when nothing sets one
DEFAULT_INSETS = (DEFAULT_INSET_LR, DEFAULT_INSET_TB, DEFAULT_INSET_LR, DEFAULT_INSET_TB)  # left, top, right, bottom
_PREFIXES = {"a": DML, "p": PML}


@functools.cache
def qn(name: str) -> str:
    """``"a:pPr"`` → ``"{http://…/drawingml/2006/main}pPr"`` (python-pptx's ``qn``, for the core)."""
    prefix, local = name.split(":")
    return clark(_PREFIXES[prefix], local)


_MASTER_TYPE = {"ctrTitle": "title", "subTitle": "body", "obj": "body", "chart": "body", "tbl": "body",
                "clipArt": "body", "dgm": "body", "media": "body", "pic": "body"}


@dataclass(frozen=True)
class BodyStyle:
    insets: tuple[int, int, int, int]  # EMU
    wrap: bool
    font_scale: float  # normAutofit's fontScale, 1.0 when none was applied
    line_reduction: float  # normAutofit's lnSpcReduction, as a fraction
    vertical: bool = False  # text runs top to bottom: lines are as long as the box is high
    anchor: str = "t"  # where the text sits when the box is taller: "t", "ctr" or "b"


@dataclass(frozen=True)
class ParagraphStyle:
    margin: int  # EMU, marL
    indent: int  # EMU, first line relative to the margin
    bullet: bool
    line_pct: float | None  # 1.0 = single
    line_pts: float | None  # exact spacing
    before: tuple[float, bool]  # (value, is_pct): pt, or fraction of the font size
    after: tuple[float, bool]
    size: float  # pt, the level's default run size
    bold: bool


class StyleChain:
    """Where a text body's paragraph levels and body properties are looked up, nearest first."""

    def __init__(self, lists: Sequence[etree._Element], bodies: Sequence[etree._Element]) -> None:
        self.lists = [element for element in lists if element is not None]
        self.bodies = [element for element in bodies if element is not None]

    def body(self) -> BodyStyle:
        insets = tuple(self._body_attr(name, default) for name, default in
                       zip(("lIns", "tIns", "rIns", "bIns"), DEFAULT_INSETS, strict=True))
        wrap = self._body_attr("wrap", "square") != "none"
        scale, reduction = 1.0, 0.0
        for body in self.bodies:
            norm = body.find(qn("a:normAutofit"))
            if norm is not None:
                scale = int(norm.get("fontScale", "100000")) / 100000
                reduction = int(norm.get("lnSpcReduction", "0")) / 100000
                break
            if body.find(qn("a:noAutofit")) is not None or body.find(qn("a:spAutoFit")) is not None:
                break
        vertical = self._body_attr("vert", "horz") in ("vert", "vert270", "eaVert", "mongolianVert", "wordArtVert",
                                                      "wordArtVertRtl")
        anchor = str(self._body_attr("anchor", "t"))
        return BodyStyle(insets, wrap, scale, reduction, vertical, anchor)  # type: ignore[arg-type]

    def _body_attr(self, name: str, default: object) -> object:
        for body in self.bodies:
            value = body.get(name)
            if value is not None:
                return int(value) if isinstance(default, int) else value
        return default

    def paragraph(self, p: etree._Element) -> ParagraphStyle:
        ppr = p.find(qn("a:pPr"))
        level = int(ppr.get("lvl", "0")) if ppr is not None else 0
        levels = [ppr] if ppr is not None else []
        levels += [lst.find(qn(f"a:lvl{level + 1}pPr")) for lst in self.lists]
        levels = [lvl for lvl in levels if lvl is not None]
        defaults = [d for d in (lvl.find(qn("a:defRPr")) for lvl in levels) if d is not None]
        return ParagraphStyle(
            margin=int(_attr(levels, "marL", "0")),
            indent=int(_attr(levels, "indent", "0")),
            bullet=_bullet(levels),
            line_pct=_spacing(levels, "a:lnSpc")[0],
            line_pts=_spacing(levels, "a:lnSpc")[1],
            before=_space(levels, "a:spcBef"),
            after=_space(levels, "a:spcAft"),
            size=int(_attr(defaults, "sz", str(int(DEFAULT_SIZE * 100)))) / 100,
            bold=_attr(defaults, "b", "0") in ("1", "true"),
        )


def run_props(rpr: etree._Element | None, style: ParagraphStyle) -> tuple[float, bool]:
    """A run's effective (size in pt, bold)."""
    size, bold = style.size, style.bold
    if rpr is not None:
        if rpr.get("sz") is not None:
            size = int(rpr.get("sz")) / 100
        if rpr.get("b") is not None:
            bold = rpr.get("b") in ("1", "true")
    return size, bold


def _attr(elements: list[etree._Element], name: str, default: str) -> str:
    for element in elements:
        value = element.get(name)
        if value is not None:
            return value
    return default


def _bullet(levels: list[etree._Element]) -> bool:
    for lvl in levels:
        for child in lvl:
            tag = etree.QName(child).localname
            if tag == "buNone":
                return False
            if tag in ("buChar", "buAutoNum", "buBlip"):
                return True
    return False


def _spacing(levels: list[etree._Element], tag: str) -> tuple[float | None, float | None]:
    for lvl in levels:
        spacing = lvl.find(qn(tag))
        if spacing is None:
            continue
        pct, pts = spacing.find(qn("a:spcPct")), spacing.find(qn("a:spcPts"))
        if pct is not None:
            return int(pct.get("val", "100000")) / 100000, None
        if pts is not None:
            return None, int(pts.get("val", "0")) / 100
    return None, None


def _space(levels: list[etree._Element], tag: str) -> tuple[float, bool]:
    pct, pts = _spacing(levels, tag)
    if pct is not None:
        return pct, True
    return (pts or 0.0), False


# --- the chain for a shape ------------------------------------------------------
def shape_chain(sp: etree._Element, layout: etree._Element, master: etree._Element,
                presentation: etree._Element) -> StyleChain:
    """The chain for a ``p:sp`` on a slide whose layout and master elements are given."""
    default_style = presentation.find(qn("p:defaultTextStyle"))
    tx_styles = master.find(qn("p:txStyles"))
    own_lst, own_body = _text_parts(sp)
    ph = sp.find("./p:nvSpPr/p:nvPr/p:ph", namespaces={"p": PML})
    if ph is None:
        other = tx_styles.find(qn("p:otherStyle")) if tx_styles is not None else None
        return StyleChain([own_lst, other, default_style], [own_body])
    kind = ph.get("type", "obj")
    layout_ph = _find_placeholder(layout, ph.get("idx", "0"), kind)
    master_kind = _MASTER_TYPE.get(kind, kind)
    master_ph = _find_placeholder(master, None, master_kind)
    category = "p:titleStyle" if master_kind == "title" else (
        "p:bodyStyle" if master_kind == "body" else "p:otherStyle")
    master_style = tx_styles.find(qn(category)) if tx_styles is not None else None
    layout_lst, layout_body = _text_parts(layout_ph)
    master_lst, master_body = _text_parts(master_ph)
    return StyleChain([own_lst, layout_lst, master_lst, master_style, default_style],
                      [own_body, layout_body, master_body])


def cell_chain(tc: etree._Element, master: etree._Element, presentation: etree._Element) -> StyleChain:
    """The chain for a table cell: its own list style, then the deck's defaults."""
    tx_styles = master.find(qn("p:txStyles"))
    other = tx_styles.find(qn("p:otherStyle")) if tx_styles is not None else None
    body = tc.find(qn("a:txBody"))
    own = body.find(qn("a:lstStyle")) if body is not None else None
    return StyleChain([own, other, presentation.find(qn("p:defaultTextStyle"))], [])


def _text_parts(sp: etree._Element | None) -> tuple[etree._Element | None, etree._Element | None]:
    if sp is None:
        return None, None
    body = sp.find(qn("p:txBody"))
    if body is None:
        return None, None
    return body.find(qn("a:lstStyle")), body.find(qn("a:bodyPr"))


def _find_placeholder(part_root: etree._Element, idx: str | None, kind: str) -> etree._Element | None:
    """The layout or master ``p:sp`` placeholder matching ``idx`` (first) or ``kind``."""
    candidates = part_root.iterfind(".//p:cSld/p:spTree/p:sp", namespaces={"p": PML})
    by_type = None
    for sp in candidates:
        ph = sp.find("./p:nvSpPr/p:nvPr/p:ph", namespaces={"p": PML})
        if ph is None:
            continue
        if idx is not None and ph.get("idx", "0") == idx:
            return sp
        if by_type is None and _MASTER_TYPE.get(ph.get("type", "obj"), ph.get("type", "obj")) == \
                _MASTER_TYPE.get(kind, kind):
            by_type = sp
    return by_type
