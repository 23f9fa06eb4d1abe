"""Line breaks the writer places itself, once a slide's text is fitted: Chinese between words, titles balanced.

PowerPoint and LibreOffice break Chinese between any two characters ("下/线", "50万/辆"), so in a deck
whose language breaks between words (``Typesetting.word_breaks``) every paragraph with wide text gets
an explicit ``a:br`` where its line ends, as the fit code measured it with word-break opportunities
(``core/text_words``, the deck's ``Look.metrics``): the renderer then has nothing left to break. A
title (or cover title) that wraps is broken into balanced lines in any language (``core/text_lines``).
English body text keeps the renderer's wrapping, unless it would wrap between a number and its unit
("180,000 / units"): such a paragraph (or table cell) gets its every line end written, with the number kept
with the word after it (``core/text_lines.numbers_kept``).

A break replaces nothing: in English it follows the space it breaks at, in Chinese it sits between two
words, so a reader that joins a paragraph's lines (``dump``, lint: ``core/line_joins``) reads the text
the model holds. Each ``a:br`` carries the ``a:rPr`` of the run it breaks (its size sets the line's
height).
"""

from __future__ import annotations

import copy

from lxml import etree
from pptx.oxml.ns import qn
from pptx.slide import Slide as PptxSlide

from fawbrief.core.shape_box import shape_box
from fawbrief.core.text_fit import measure, paragraph_pieces
from fawbrief.core.text_lines import balanced, numbers_kept, splits_number, wrapped_offsets
from fawbrief.core.text_metrics import FontMetrics, has_wide
from fawbrief.core.text_style import StyleChain, cell_chain
from fawbrief.core.units import DEFAULT_INSET_LR, EMU_PER_PT
from fawbrief.write import fit

TITLE_TYPES = ("title", "ctrTitle")
_R, _BR, _FLD, _T, _RPR = qn("a:r"), qn("a:br"), qn("a:fld"), qn("a:t"), qn("a:rPr")
_PH = f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}"


def place_breaks(slide: PptxSlide, metrics: FontMetrics) -> int:
    """Write the line breaks of every text on ``slide`` (shapes and table cells); returns how many."""
    count = 0
    for shape in slide.shapes:
        element = shape._element
        body = element.find(qn("p:txBody"))
        width, height = shape_box(shape)[2:] if body is not None else (0, 0)
        if body is not None and width:
            ph = element.find(_PH)
            title = ph is not None and ph.get("type") in TITLE_TYPES
            count += break_body(body, fit.chain_of(slide, element), width, metrics, title, height)
        elif element.find(f".//{qn('a:tbl')}") is not None:
            count += _break_table(slide, element, metrics)
    return count


def break_body(body: etree._Element, chain: StyleChain, width: int, metrics: FontMetrics,
               balance: bool = False, height: int = 0) -> int:
    """Breaks in a text body ``width`` EMU wide: where its lines end (``balance``: balanced lines, unless
    that makes the text taller than its ``height``, as when it brings Chinese onto a last line that held
    only Latin text: Chinese lines are taller)."""
    if balance and height:
        before = measure(body, chain, width, height, metrics).too_tall
        kept = copy.deepcopy(body)
        count = break_body(body, chain, width, metrics, True)
        if before or not measure(body, chain, width, height, metrics).too_tall:
            return count
        body.getparent().replace(body, kept)  # balanced lines do not fit: as the text wraps
        return break_body(kept, chain, width, metrics)
    style_of_body = chain.body()
    if not style_of_body.wrap or style_of_body.vertical:
        return 0
    left, _, right, _ = style_of_body.insets
    room = (width - left - right) / EMU_PER_PT
    count = 0
    for p in body.iterfind(qn("a:p")):
        style = chain.paragraph(p)
        pieces = paragraph_pieces(p, style, style_of_body.font_scale)
        text = "".join(piece.text for piece in pieces)
        if not text.strip():
            continue
        words = metrics.breaks is not None and has_wide(text)
        margin = style.margin / EMU_PER_PT
        first = room - margin - (max(style.indent, 0) if style.bullet else style.indent) / EMU_PER_PT
        if words or balance:
            offsets = (balanced if balance else wrapped_offsets)(pieces, first, room - margin, metrics)
        elif any(splits_number(text, offset) for offset in wrapped_offsets(pieces, first, room - margin, metrics)):
            # the renderer would part a number from its unit ("180,000 / units"): every line end written
            offsets = wrapped_offsets(pieces, first, room - margin, metrics.with_breaks(numbers_kept))
        else:
            continue
        for offset in sorted(offsets, reverse=True):
            count += _break_at(p, offset)
    return count


def _break_table(slide: PptxSlide, frame: etree._Element, metrics: FontMetrics) -> int:
    tbl = frame.find(f".//{qn('a:tbl')}")
    widths = [int(col.get("w", "0")) for col in tbl.iterfind(f"{qn('a:tblGrid')}/{qn('a:gridCol')}")]
    master = slide.slide_layout.slide_master._element
    presentation = slide.part.package.presentation_part._element
    count = 0
    for tr in tbl.iterfind(qn("a:tr")):
        col = 0
        for tc in tr.iterfind(qn("a:tc")):
            span = int(tc.get("gridSpan", "1"))
            body = tc.find(qn("a:txBody"))
            if body is not None:
                tcpr = tc.find(qn("a:tcPr"))
                sides = [int(tcpr.get(name, str(DEFAULT_INSET_LR))) if tcpr is not None else DEFAULT_INSET_LR
                         for name in ("marL", "marR")]
                width = sum(widths[col:col + span]) - sum(sides) + 2 * DEFAULT_INSET_LR  # break_body takes the
                count += break_body(body, cell_chain(tc, master, presentation), width, metrics)  # default insets
            col += span
    return count


def _break_at(p: etree._Element, offset: int) -> int:
    """An ``a:br`` before character ``offset`` of paragraph ``p`` (counted as ``paragraph_pieces`` counts:
    run and field text, a break as one character), splitting the run it falls in; 1 if placed."""
    position = 0
    for child in list(p):
        if child.tag == _BR:
            position += 1
            continue
        if child.tag not in (_R, _FLD):
            continue
        text = child.findtext(_T) or ""
        if not text:
            continue
        if position == offset:
            child.addprevious(_new_break(child))
            return 1
        if position < offset < position + len(text) and child.tag == _R:
            tail = copy.deepcopy(child)
            child.find(_T).text = text[: offset - position]
            tail.find(_T).text = text[offset - position:]
            child.addnext(tail)
            child.addnext(_new_break(child))
            return 1
        position += len(text)
    return 0


def _new_break(run: etree._Element) -> etree._Element:
    br = etree.Element(_BR)
    rpr = run.find(_RPR)
    if rpr is not None:
        br.append(copy.deepcopy(rpr))
    return br
