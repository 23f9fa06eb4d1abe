"""The source line: in the layout's footer placeholder where it has one, else bottom left, clear of artwork.

In a footer placeholder the line keeps the master's footer style (a white line on a
footer bar stays white); it is set at 12 pt at least, left-aligned, and widened across
the footer row's free room (the date placeholder is not used) when one line would not
hold it. Without one it is a text box at the bottom left (as on the built-in theme),
narrowed to keep clear of a logo or the slide number. Either way a line that still
needs more room grows upwards, and the writer keeps the content above it.
"""

from __future__ import annotations

import copy

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu

from fawbrief.core import tokens as T
from fawbrief.core.units import EMU_PER_PT
from fawbrief.model.slides import Run
from fawbrief.write import fit
from fawbrief.write.areas import ART_GAP, EDGE
from fawbrief.write.geometry import Box, clear_of
from fawbrief.write.look import Look
from fawbrief.write.text_runs import add_runs, text_box
from fawbrief.write.theme import ThemeLayout

SOURCE_LINE_PT = T.SMALL_PT
MARGIN = Emu(548640)  # 0.6 in from the left edge, without a footer placeholder
FROM_BOTTOM = Emu(502920)  # its top, 0.55 in above the bottom edge
HEIGHT = Emu(274320)  # 0.3 in: one line
RIGHT_ROOM = Emu(914400)  # 1 in kept free on the right for the slide number
MIN_SHARE = 0.4  # a strip narrowed below this share of its width moves up instead
Stamps = dict[tuple[object, ...], tuple[etree._Element, Box]]  # a finished line and its box, by where and what


def plan_source_line(slide: PptxSlide, layout: ThemeLayout, look: Look, text: str,
                     stamps: Stamps) -> tuple[etree._Element, Box]:
    """The finished source line for ``text`` on ``slide`` (not yet on it: ``stamp`` puts a copy there once the
    blocks are drawn, so it comes last, as readers expect) and the box it takes, which content must keep
    clear of. The same line on the same layout is made once per deck."""
    if layout.placeholders.get("footer") is not None:
        key: tuple[object, ...] = ("footer", layout.name, text)
        if key not in stamps:
            stamps[key] = _in_footer(slide, layout, look, text)
        return stamps[key]
    prs = slide.part.package.presentation_part.presentation
    width, height = int(prs.slide_width or 0), int(prs.slide_height or 0)
    strip = _free_strip(Box(MARGIN, height - FROM_BOTTOM, width - 2 * MARGIN - RIGHT_ROOM, HEIGHT),
                        layout.obstacles)
    key = ("box", strip, text)
    if key not in stamps:
        sp = text_box(slide.shapes, strip, (Run(text),), size=SOURCE_LINE_PT, color=look.paint("muted"),
                      name="Source line", ea=look.ea)
        sp.getparent().remove(sp)  # made through python-pptx for its XML; placed later
        stamps[key] = (sp, _grown(slide, sp, strip, look, Box(0, 0, width, height)))
    return stamps[key]


def _free_strip(strip: Box, obstacles: tuple[Box, ...]) -> Box:
    """``strip`` narrowed to keep clear of ``obstacles``; moved up above a footer bar that leaves it less
    than ``MIN_SHARE`` of its width."""
    for _ in range(3):
        cleared = clear_of(strip, obstacles, ART_GAP, keep="rows")
        if cleared.width >= MIN_SHARE * strip.width:
            return cleared
        blockers = [box for box in obstacles if box.grown(ART_GAP).overlaps(strip)]
        strip = Box(strip.left, min(box.top for box in blockers) - ART_GAP - strip.height, strip.width,
                    strip.height)
    return strip


def _in_footer(slide: PptxSlide, layout: ThemeLayout, look: Look, text: str) -> tuple[etree._Element, Box]:
    footer = layout.box("footer")
    sp = _footer_placeholder(slide, layout)
    paragraph = sp.find(qn("p:txBody")).find(qn("a:p"))
    _runs(slide, sp, paragraph, text, look)
    prs = slide.part.package.presentation_part.presentation
    page = Box(0, 0, int(prs.slide_width or 0), int(prs.slide_height or 0))
    box = footer
    if fit.bad(fit.fit_of(slide, sp, footer, look.metrics)):
        box = _widened(layout, footer, page)
        _place(sp, box)
        _left(paragraph)
    return sp, _grown(slide, sp, box, look, page)


def _runs(slide: PptxSlide, sp: etree._Element, paragraph: etree._Element, text: str, look: Look) -> None:
    """The text in the master's footer style, at 12 pt when that style is smaller."""
    from pptx.text.text import _Paragraph

    style = fit.chain_of(slide, sp).paragraph(paragraph)
    size = SOURCE_LINE_PT if style.size < SOURCE_LINE_PT else None
    add_runs(_Paragraph(paragraph, None), (Run(text),), size=size, ea=look.ea)


def _footer_placeholder(slide: PptxSlide, layout: ThemeLayout) -> etree._Element:
    """A copy of the layout's footer placeholder on ``slide`` (python-pptx copies none)."""
    source = next(ph for ph in layout.layout.placeholders if ph.placeholder_format.idx == layout.placeholders["footer"])
    nv = copy.deepcopy(source._element.find(qn("p:nvSpPr")))
    tree = slide.shapes._spTree
    nv.find(qn("p:cNvPr")).set("id", str(max((int(i) for i in tree.xpath("//p:cNvPr/@id")), default=1) + 1))
    nv.find(qn("p:cNvPr")).set("name", "Source line")
    sp = etree.SubElement(tree, qn("p:sp"))  # made in the tree for its namespaces, then taken out
    sp.append(nv)
    etree.SubElement(sp, qn("p:spPr"))
    body = etree.SubElement(sp, qn("p:txBody"))
    etree.SubElement(body, qn("a:bodyPr"))
    etree.SubElement(body, qn("a:lstStyle"))
    etree.SubElement(body, qn("a:p"))
    tree.remove(sp)
    return sp


def _widened(layout: ThemeLayout, footer: Box, page: Box) -> Box:
    """The footer row's free width around the footer placeholder: from the left edge to the next obstacle
    (the date placeholder, which the decks leave empty and remove, is free room)."""
    row = Box(EDGE, footer.top, page.width - 2 * EDGE, footer.height)
    under = [box for box in layout.obstacles if _holds(box, footer)]  # a footer bar it sits on
    dates = _date_boxes(layout)
    others = [box for box in layout.obstacles if box not in under and box != footer
              and not _holds(footer, box) and box not in dates]
    return clear_of(row, others, ART_GAP, keep="rows")  # the row as the master put it, however low


def _date_boxes(layout: ThemeLayout) -> list[Box]:
    """Where the layout's date placeholders are."""
    return [Box(int(ph.left), int(ph.top), int(ph.width), int(ph.height)) for ph in layout.layout.placeholders
            if ph.placeholder_format.type == PP_PLACEHOLDER.DATE and ph.width is not None]


def _holds(outer: Box, inner: Box) -> bool:
    return (outer.left <= inner.left and outer.top <= inner.top and outer.right >= inner.right
            and outer.bottom >= inner.bottom)


def _grown(slide: PptxSlide, sp: etree._Element, box: Box, look: Look, page: Box) -> Box:
    """The box made taller, upwards, while its text needs more lines."""
    measured = fit.fit_of(slide, sp, box, look.metrics)
    if not measured.too_tall:
        return box
    height = round(measured.needed * EMU_PER_PT) + fit.SLACK
    grown = Box(box.left, max(box.bottom - height, page.top + EDGE), box.width, min(height, box.bottom - EDGE))
    _place(sp, grown)
    return grown


def _place(sp: etree._Element, box: Box) -> None:
    sp_pr = sp.find(qn("p:spPr"))
    for old in sp_pr.findall(qn("a:xfrm")):
        sp_pr.remove(old)
    xfrm = etree.Element(qn("a:xfrm"))
    etree.SubElement(xfrm, qn("a:off"), x=str(box.left), y=str(box.top))
    etree.SubElement(xfrm, qn("a:ext"), cx=str(box.width), cy=str(box.height))
    sp_pr.insert(0, xfrm)


def _left(paragraph: etree._Element) -> None:
    ppr = paragraph.find(qn("a:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("a:pPr"))
        paragraph.insert(0, ppr)
    ppr.set("algn", "l")
