"""One indent for every list: a list in a plain text box (a layout without a body placeholder, such as
Title Only) is set with the insets and bullet indents of the master's body placeholder, as a list in the
Content layout's placeholder is, so bullets and their text line up on every layout and every master.

Before, the text box kept python-pptx's default insets (0.1 in left, 0.05 in top) where the built-in
master's body has none on the left: bullets on Title Only slides sat about 10 px (at 1280 px) further
right than on Content slides.
"""

from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu

from fawbrief.core import tokens as T
from fawbrief.core.text_style import StyleChain

LEVELS = 5
_BODY_PH = "./p:cSld/p:spTree/p:sp[p:nvSpPr/p:nvPr/p:ph[@type='body' or not(@type)]]"


def master_body(slide: PptxSlide) -> tuple[tuple[int, int, int, int], tuple[tuple[int, int], ...]]:
    """The master's body insets (left, top, right, bottom, EMU) and each level's (margin, first-line
    indent) from its body style; the design tokens where the master says nothing."""
    master = slide.slide_layout.slide_master._element
    found = master.xpath(_BODY_PH)  # python-pptx's elements know the p: prefix
    ph = found[0] if found else None
    body = ph.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}") if ph is not None else None
    own = ph.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}") if ph is not None else None
    styles = master.find(qn("p:txStyles"))
    body_style = styles.find(qn("p:bodyStyle")) if styles is not None else None
    chain = StyleChain([own, body_style], [body])
    levels = []
    for level in range(LEVELS):
        p = etree.Element(qn("a:p"))
        etree.SubElement(p, qn("a:pPr")).set("lvl", str(level))
        style = chain.paragraph(p)
        margin = style.margin or T.BULLET_INDENT * (level + 1)
        indent = style.indent if style.margin else -T.BULLET_INDENT
        levels.append((margin, indent))
    return chain.body().insets, tuple(levels)


def set_insets(frame: object, insets: tuple[int, int, int, int]) -> None:
    """A text frame's insets (left, top, right, bottom, EMU)."""
    left, top, right, bottom = insets
    frame.margin_left, frame.margin_top = Emu(left), Emu(top)  # type: ignore[attr-defined]
    frame.margin_right, frame.margin_bottom = Emu(right), Emu(bottom)  # type: ignore[attr-defined]
