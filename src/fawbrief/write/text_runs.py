"""Text into shapes: runs, bullet lists, speaker notes, text boxes, and copies of a finished box.

The run XML is built directly, element for element what python-pptx's ``add_run``,
``font.size``, ``font.bold``, ``font.color`` and an ``a:ea`` would build, without their
property machinery, which cost a third of the time of writing a slide. Colours are
``look.Paint``s (literal on the built-in theme, scheme references on a corporate master);
``ea`` is the East Asian typeface every run carries (``None``: none, so the theme's fonts
apply).
"""

from __future__ import annotations

import copy

from lxml import etree
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.text import CT_RegularTextRun
from pptx.shapes.shapetree import SlideShapes
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Pt

from fawbrief.core import tokens as T
from fawbrief.model.slides import Bullet, Run, Text
from fawbrief.write.geometry import Box
from fawbrief.write.look import BUILTIN, Paint

SPACE_AFTER = Pt(T.BULLET_SPACE_AFTER_PT)  # between bullets
#: The East Asian typeface runs carry on the built-in theme: its own, so Chinese never falls back to a
#: font without its glyphs.
EA_TYPEFACE = T.EA_FONT
_AFTER_EA = ("a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
_EA, _LATIN, _AFTER_EA_TAGS = qn("a:ea"), qn("a:latin"), tuple(qn(tag) for tag in _AFTER_EA)  # qn() is slow
_RPR, _END_PARA, _SOLID_FILL = qn("a:rPr"), qn("a:endParaRPr"), qn("a:solidFill")
_RUN_XML = f"<a:r {nsdecls('a')}><a:t/></a:r>"
_NV_PR = f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}"
ACCENT = BUILTIN.paint("accent")  # the built-in theme's bullet colour
INK = BUILTIN.paint("text")  # and its text colour


def add_runs(paragraph: _Paragraph, text: Text, *, size: float | None = None, bold: bool | None = None,
             color: Paint | None = None, fact_bold: bool = False, ea: str | None = EA_TYPEFACE,
             planned_italic: bool = False) -> None:
    """Write runs into a paragraph (before its ``a:endParaRPr``); fact runs with digits can be bold, and a
    paragraph showing or citing a target or plan set in italic (``planned_italic``: table cells), so it
    never reads as an actual."""
    p = paragraph._p
    end = p.find(_END_PARA)
    sz = str(Pt(size).centipoints) if size else None
    italic = True if planned_italic and any(piece.planned for piece in text) else None
    for piece in text:
        if not piece.text:
            continue
        r = new_run(piece.text, sz=sz, bold=True if fact_bold and is_figure(piece) else bold, color=color, ea=ea,
                    italic=italic)
        if end is None:
            p.append(r)
        else:
            end.addprevious(r)


def is_figure(run: Run) -> bool:
    """A fact's run holding digits: set bold in bullets and table cells, so figures stand out."""
    return bool(run.fact) and any(ch.isdigit() for ch in run.text)


def new_run(text: str, *, sz: str | None = None, bold: bool | None = None, color: Paint | None = None,
            ea: str | None = EA_TYPEFACE, italic: bool | None = None) -> etree._Element:
    """An ``a:r`` holding ``text`` as python-pptx makes it (``CT_TextParagraph._new_r``), with the
    ``a:rPr`` its font properties would give it."""
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
        etree.SubElement(rpr, _SOLID_FILL).append(color.element())
    if ea is not None:
        etree.SubElement(rpr, _EA).set("typeface", ea)
    if len(rpr) or rpr.attrib:  # python-pptx writes no empty a:rPr
        r.insert(0, rpr)
    return r


def east_asian(run: object, ea: str | None = EA_TYPEFACE) -> None:
    """Set a python-pptx run's East Asian typeface (``a:rPr/a:ea``), in schema order; nothing for ``None``."""
    if ea is not None:
        east_asian_element(run._r.get_or_add_rPr(), ea)  # type: ignore[attr-defined]


def east_asian_element(rpr: etree._Element, ea: str = EA_TYPEFACE) -> None:
    """``east_asian`` on an ``a:rPr`` element."""
    found = rpr.find(_EA)
    if found is None:
        found = etree.Element(_EA)
        latin = rpr.find(_LATIN)
        after = next((element for element in map(rpr.find, _AFTER_EA_TAGS) if element is not None), None)
        if latin is not None:
            latin.addnext(found)
        elif after is not None:
            after.addprevious(found)
        else:
            rpr.append(found)
    found.set("typeface", ea)


def fill_bullets(frame: TextFrame, bullets: list[Bullet], *, size: float = T.BODY_PT, manual: bool = False,
                 bullet_color: Paint = ACCENT, ea: str | None = EA_TYPEFACE, color: Paint | None = None,
                 indents: tuple[tuple[int, int], ...] = ()) -> None:
    """Bullets into a text frame; ``manual`` adds bullet glyphs for plain text boxes, indented as ``indents``
    says per level (margin, first line: the master body's, ``write/indents``); ``color`` sets the
    text's colour (None: the placeholder's or the master's).

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
        add_runs(_Paragraph(p, frame), bullet.text, size=size - T.LEVEL_STEP_PT * bullet.level, fact_bold=True,
                 ea=ea, color=color)
        ppr.space_after = SPACE_AFTER
        if manual:
            bullet_glyph(p, bullet.level, bullet_color, indents[bullet.level] if bullet.level < len(indents) else None)


def set_text(frame: TextFrame, text: str, ea: str | None = EA_TYPEFACE) -> None:
    """``frame.text = text`` with each run's East Asian typeface, as one pass over the lines."""
    body = frame._txBody
    body.clear_content()
    for line in text.split("\n"):
        p = body.add_p()
        if "\v" in line:  # a soft break: python-pptx's own splitting
            p.append_text(line)
            if ea is not None:
                for r in p.r_lst:
                    east_asian_element(r.get_or_add_rPr(), ea)
        elif line:
            p.append(new_run(line, ea=ea))


_AFTER_BULLET = ("tabLst", "defRPr", "extLst")  # what follows the bullet in a:pPr
_AFTER_BULLET_COLOUR = ("buSzTx", "buSzPct", "buSzPts", "buFontTx", "buFont", *_AFTER_BULLET)


def bullet_glyph(p: etree._Element, level: int, color: Paint = ACCENT, indent: tuple[int, int] | None = None) -> None:
    """A bullet character (in ``color``) and its hanging ``indent`` (margin, first line; by default the
    design tokens'), for a paragraph in a plain text box."""
    ppr = p.get_or_add_pPr()  # type: ignore[attr-defined]
    margin, first = indent or (T.BULLET_INDENT * (level + 1), -T.BULLET_INDENT)
    ppr.set("marL", str(margin))
    ppr.set("indent", str(first))
    for tag in ("a:buClrTx", "a:buClr", "a:buNone", "a:buChar", "a:buAutoNum", "a:buBlip"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    clr = etree.Element(qn("a:buClr"))
    clr.append(color.element())
    char = etree.Element(qn("a:buChar"))
    char.set("char", "•" if level == 0 else "–")
    # the schema's order: spacing, bullet colour, size, font, the bullet itself, then tabLst, defRPr, extLst
    # (a master's paragraph may already hold any of them: appending would make the part invalid)
    later = next((child for child in ppr if etree.QName(child).localname in _AFTER_BULLET_COLOUR), None)
    if later is None:
        ppr.append(clr)
    else:
        later.addprevious(clr)
    later = next((child for child in ppr if etree.QName(child).localname in _AFTER_BULLET), None)
    if later is None:
        ppr.append(char)
    else:
        later.addprevious(char)


def text_box(shapes: SlideShapes, area: Box, text: Text, *, size: float, color: Paint = INK,
             bold: bool = False, align: PP_ALIGN = PP_ALIGN.LEFT, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
             name: str | None = None, ea: str | None = EA_TYPEFACE) -> etree._Element:
    """A text box holding ``text``; returns its ``p:sp`` element (for ``stamp``)."""
    box = shapes.add_textbox(area.left, area.top, area.width, area.height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    zero_margins(frame)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    add_runs(paragraph, text, size=size, bold=bold, color=color, ea=ea)
    return box._element


def stamp(shapes: SlideShapes, prototype: etree._Element) -> etree._Element:
    """A copy of a finished shape onto another slide, numbered as ``shapes.add_*`` would number it.

    The source line is the same box on most slides of a deck; building it through python-pptx
    each time cost a quarter of the time of writing a slide, a copy almost nothing.
    """
    shape = copy.deepcopy(prototype)
    tree = shapes._spTree
    used = [int(value) for value in tree.xpath("//@id") if value.isdigit()]  # as python-pptx counts
    shape.find(_NV_PR).set("id", str(max(used) + 1 if used else 1))
    tree.insert_element_before(shape, "p:extLst")
    return shape


def zero_margins(frame: TextFrame) -> None:
    """No insets: the text box's edges are the text's."""
    frame.margin_left = frame.margin_right = Emu(0)
    frame.margin_top = frame.margin_bottom = Emu(0)
