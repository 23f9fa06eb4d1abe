"""Drawing the slide model's blocks as PowerPoint shapes.

Everything here is placed inside a ``Box`` the writer hands over, so the grid
(margins, title position) is the theme's, not ours. Colours, fonts and sizes are the
design tokens (``core/tokens``, after the slide rules): body text 16–20 pt, nothing below
12 pt, navy figures.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.text import CT_RegularTextRun
from pptx.shapes.shapetree import SlideShapes
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Pt

from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import figure_ems, is_wide
from fawbrief.core.units import emu_to_pt
from fawbrief.model.slides import Bullet, Kpi, Run, Text

NAVY = RGBColor.from_string(T.hex_digits(T.NAVY))
INK = RGBColor.from_string(T.hex_digits(T.TEXT))
GREY = RGBColor.from_string(T.hex_digits(T.TEXT_MUTED))
RED = RGBColor.from_string(T.hex_digits(T.RED))
CARD = RGBColor.from_string(T.hex_digits(T.MIST))
WHITE = RGBColor.from_string(T.hex_digits(T.WHITE))
STRIPE = RGBColor.from_string(T.hex_digits(T.STRIPE))
GAP = Emu(228600)  # 0.25 in
CARD_PAD = Emu(182880)  # 0.2 in left and right of a KPI card's text
SPACE_AFTER = Pt(T.BULLET_SPACE_AFTER_PT)  # between bullets
#: The East Asian typeface of every run: the theme's, so Chinese never falls back to a font without its glyphs.
EA_TYPEFACE = T.EA_FONT
_AFTER_EA = ("a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
_EA, _LATIN, _AFTER_EA_TAGS = qn("a:ea"), qn("a:latin"), tuple(qn(tag) for tag in _AFTER_EA)  # qn() is slow
_RPR, _END_PARA, _SOLID_FILL, _SRGB = qn("a:rPr"), qn("a:endParaRPr"), qn("a:solidFill"), qn("a:srgbClr")
_RUN_XML = f"<a:r {nsdecls('a')}><a:t/></a:r>"
_NV_PR = f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}"


@dataclass(frozen=True)
class Area:
    left: int
    top: int
    width: int
    height: int

    def split_top(self, height: int, gap: int = GAP) -> tuple[Area, Area]:
        top = Area(self.left, self.top, self.width, height)
        rest = Area(self.left, self.top + height + gap, self.width, max(self.height - height - gap, 0))
        return top, rest

    def split_left(self, fraction: float, gap: int = GAP) -> tuple[Area, Area]:
        left_w = int((self.width - gap) * fraction)
        return (Area(self.left, self.top, left_w, self.height),
                Area(self.left + left_w + gap, self.top, self.width - left_w - gap, self.height))


def add_runs(paragraph: _Paragraph, text: Text, *, size: float | None = None, bold: bool | None = None,
             color: RGBColor | None = None, fact_bold: bool = False, planned_italic: bool = False) -> None:
    """Write runs into a paragraph; fact runs can be emphasised, and a paragraph showing or citing a target
    or plan set in italic (``planned_italic``: table cells), so it never reads as an actual.

    Builds the XML python-pptx's ``add_run``, ``font.size``, ``font.bold``, ``font.color.rgb`` and
    ``east_asian`` would build, element for element, without their property machinery, which
    cost a third of the time of writing a slide.
    """
    p = paragraph._p
    end = p.find(_END_PARA)
    sz = str(Pt(size).centipoints) if size else None
    italic = True if planned_italic and any(piece.planned for piece in text) else None
    for piece in text:
        if not piece.text:
            continue
        r = _new_run(piece.text, sz=sz, bold=True if fact_bold and is_figure(piece) else bold, color=color,
                     italic=italic)
        if end is None:
            p.append(r)
        else:
            end.addprevious(r)


def is_figure(run: Run) -> bool:
    """A fact's run holding digits: set bold in bullets and table cells, so figures stand out."""
    return bool(run.fact) and any(ch.isdigit() for ch in run.text)


def _new_run(text: str, *, sz: str | None = None, bold: bool | None = None,
             color: RGBColor | None = None, italic: bool | None = None) -> etree._Element:
    """An ``a:r`` holding ``text`` as python-pptx makes it (``CT_TextParagraph._new_r``), with the
    ``a:rPr`` its font properties and ``east_asian`` would give it."""
    r = parse_xml(_RUN_XML)
    r[0].text = CT_RegularTextRun._escape_ctrl_chars(text)
    rpr = etree.Element(_RPR)
    if sz is not None:
        rpr.set("sz", sz)
    if bold is not None:
        rpr.set("b", "1" if bold else "0")
    if italic:
        rpr.set("i", "1")
    if color is not None:
        etree.SubElement(etree.SubElement(rpr, _SOLID_FILL), _SRGB).set("val", str(color))
    etree.SubElement(rpr, _EA).set("typeface", EA_TYPEFACE)
    r.insert(0, rpr)
    return r


def east_asian(run: object) -> None:
    """Set the run's East Asian typeface (``a:rPr/a:ea``), in schema order."""
    east_asian_element(run._r.get_or_add_rPr())  # type: ignore[attr-defined]


def east_asian_element(rpr: etree._Element) -> None:
    """``east_asian`` on an ``a:rPr`` element."""
    ea = rpr.find(_EA)
    if ea is None:
        ea = etree.Element(_EA)
        latin = rpr.find(_LATIN)
        after = next((found for found in map(rpr.find, _AFTER_EA_TAGS) if found is not None), None)
        if latin is not None:
            latin.addnext(ea)
        elif after is not None:
            after.addprevious(ea)
        else:
            rpr.append(ea)
    ea.set("typeface", EA_TYPEFACE)


def fill_bullets(frame: TextFrame, bullets: list[Bullet], *, size: float = T.BODY_PT, manual: bool = False) -> None:
    """Bullets into a text frame; ``manual`` adds bullet glyphs for plain text boxes.

    The XML of ``frame.add_paragraph()``, ``paragraph.level`` and ``paragraph.space_after``,
    written on the elements directly (see ``add_runs``).
    """
    frame.word_wrap = True
    body = frame._txBody
    for i, bullet in enumerate(bullets):
        p = body.p_lst[0] if i == 0 else body.add_p()
        ppr = p.get_or_add_pPr()
        if bullet.level:
            ppr.set("lvl", str(bullet.level))
        else:
            ppr.attrib.pop("lvl", None)  # python-pptx drops the attribute at its default, 0
        add_runs(_Paragraph(p, frame), bullet.text, size=size - T.LEVEL_STEP_PT * bullet.level, fact_bold=True)
        ppr.space_after = SPACE_AFTER
        if manual:
            _bullet_glyph(p, bullet.level)


def set_text(frame: TextFrame, text: str) -> None:
    """``frame.text = text`` followed by ``east_asian_runs(frame)``, as one pass over the lines."""
    body = frame._txBody
    body.clear_content()
    for line in text.split("\n"):
        p = body.add_p()
        if "\v" in line:  # a soft break: python-pptx's own splitting
            p.append_text(line)
            for r in p.r_lst:
                east_asian_element(r.get_or_add_rPr())
        elif line:
            p.append(_new_run(line))


def _bullet_glyph(p: etree._Element, level: int) -> None:
    ppr = p.get_or_add_pPr()  # type: ignore[attr-defined]
    ppr.set("marL", str(T.BULLET_INDENT * (level + 1)))
    ppr.set("indent", str(-T.BULLET_INDENT))
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    color = etree.SubElement(ppr, qn("a:buClr"))
    etree.SubElement(color, qn("a:srgbClr")).set("val", T.hex_digits(T.RED))
    etree.SubElement(ppr, qn("a:buChar")).set("char", "•" if level == 0 else "–")


def text_box(shapes: SlideShapes, area: Area, text: Text, *, size: float, color: RGBColor = INK,
             bold: bool = False, align: PP_ALIGN = PP_ALIGN.LEFT, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
             name: str | None = None) -> etree._Element:
    """A text box holding ``text``; returns its ``p:sp`` element (for ``stamp``)."""
    box = shapes.add_textbox(area.left, area.top, area.width, area.height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    _zero_margins(frame)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    add_runs(paragraph, text, size=size, bold=bold, color=color)
    return box._element


def stamp(shapes: SlideShapes, prototype: etree._Element) -> None:
    """A copy of a finished shape onto another slide, numbered as ``shapes.add_*`` would number it.

    The source line is the same box on most slides of a deck; building it through python-pptx
    each time cost a quarter of the time of writing a slide, a copy almost nothing.
    """
    shape = copy.deepcopy(prototype)
    tree = shapes._spTree
    used = [int(value) for value in tree.xpath("//@id") if value.isdigit()]  # as python-pptx counts
    shape.find(_NV_PR).set("id", str(max(used) + 1 if used else 1))
    tree.insert_element_before(shape, "p:extLst")


def _zero_margins(frame: TextFrame) -> None:
    frame.margin_left = frame.margin_right = Emu(0)
    frame.margin_top = frame.margin_bottom = Emu(0)


def kpi_cards(shapes: SlideShapes, area: Area, kpis: list[Kpi]) -> None:
    """Big-number cards in a row (or two rows beyond four)."""
    per_row = len(kpis) if len(kpis) <= 4 else (len(kpis) + 1) // 2
    rows = (len(kpis) + per_row - 1) // per_row
    card_w = (area.width - GAP * (per_row - 1)) // per_row
    card_h = (area.height - GAP * (rows - 1)) // rows
    # One figure size per row of cards, so the figures compare at a glance.
    size = min(_number_size(kpi.value + (kpi.unit if _beside(kpi.unit) else ""), card_w) for kpi in kpis)
    for i, kpi in enumerate(kpis):
        row, col = divmod(i, per_row)
        left = area.left + col * (card_w + GAP)
        top = area.top + row * (card_h + GAP)
        _card(shapes, Area(left, top, card_w, card_h), kpi, i + 1, size)


def _card(shapes: SlideShapes, area: Area, kpi: Kpi, number: int, size: float) -> None:
    card = shapes.add_shape(MSO_SHAPE.RECTANGLE, area.left, area.top, area.width, area.height)
    card.name = f"KPI {number}"
    card.fill.solid()
    card.fill.fore_color.rgb = CARD
    card.line.fill.background()
    card.shadow.inherit = False
    accent = shapes.add_shape(MSO_SHAPE.RECTANGLE, area.left, area.top, Emu(54864), area.height)
    accent.name = f"KPI {number} accent"
    accent.fill.solid()
    accent.fill.fore_color.rgb = RED
    accent.line.fill.background()
    accent.shadow.inherit = False
    if kpi.status != "actual":
        _planned_card(card, accent)
    frame = card.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.margin_left = frame.margin_right = CARD_PAD
    Line = list[tuple[str, float, bool, RGBColor]]  # the runs of one paragraph
    figure: Line = [(kpi.value, size, True, NAVY)]
    lines: list[Line] = [[(kpi.qualifier, T.LABEL_PT, False, GREY)]] if kpi.qualifier else []
    unit: Line = [(kpi.unit, T.UNIT_PT, False, INK)]
    if _beside(kpi.unit):  # 900万 辆: a short Chinese unit sits on the figure's line
        lines.append([*figure, *unit])
    else:
        lines.extend([figure, unit] if kpi.unit else [figure])
    lines.append([(kpi.label, T.LABEL_PT, False, INK)])
    if kpi.period:  # none when the figure is its own period (a year)
        lines.append([(kpi.period, T.SMALL_PT, False, GREY)])
    for i, runs in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        for text, points, bold, color in runs:
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(points)
            run.font.bold = bold
            run.font.color.rgb = color
            east_asian(run)


def _planned_card(card: object, accent: object) -> None:
    """A target's or plan's card: white with a dashed navy outline, its accent bar grey, not red."""
    card.fill.fore_color.rgb = WHITE  # type: ignore[attr-defined]
    card.line.color.rgb = NAVY  # type: ignore[attr-defined]
    card.line.width = Pt(1.5)  # type: ignore[attr-defined]
    card.line.dash_style = MSO_LINE.DASH  # type: ignore[attr-defined]
    accent.fill.fore_color.rgb = GREY  # type: ignore[attr-defined]


def _beside(unit: str) -> bool:
    """A unit of up to three Chinese characters (辆, 亿元, 个项目) goes beside the figure."""
    return 0 < len(unit) <= 3 and all(is_wide(ch) for ch in unit)


def _number_size(value: str, width: int) -> float:
    # The largest size that keeps the figure on one line, by the figure estimate (``figure_ems``).
    usable_pt = emu_to_pt(width - 2 * CARD_PAD)
    size = usable_pt / figure_ems(value)
    return float(max(T.FIGURE_PT[0], min(T.FIGURE_PT[1], int(size))))
