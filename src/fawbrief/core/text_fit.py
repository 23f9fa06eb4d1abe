"""Does a text body fit its box? Measured, not guessed: the one fit check of the writer and of lint.

Each paragraph is broken into lines at the box width less the insets and the
paragraph's margin, with the font's advance widths (``text_metrics``); a line is
1.2 em of its largest run high (times the paragraph's line spacing), plus the
space before and after paragraphs. The sum, with the top and bottom insets, is
compared with the box height. Sizes are the effective ones (``text_style``),
scaled by a stored ``normAutofit`` font scale when PowerPoint has applied one. The writer fits
titles, lists and cards with it before it writes them; lint checks what was written with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from fawbrief.core.text_metrics import FontMetrics, Layout, Piece, wrap
from fawbrief.core.text_style import ParagraphStyle, StyleChain, qn, run_props
from fawbrief.core.units import DEFAULT_INSET_LR, DEFAULT_INSET_TB, EMU_PER_PT

TOLERANCE_PT = 1.0  # rounding in renderers; a real overflow is a line or more


@dataclass(frozen=True)
class TextFit:
    needed: float  # pt: the text's height with insets
    available: float  # pt: the box's height
    widest: float  # pt: the widest line (matters when the body does not wrap)
    room: float  # pt: the width lines may take
    split_words: tuple[str, ...]  # words broken across lines because no line holds them
    sizes: tuple[float, ...]  # pt: the effective size of every non-empty run
    text: str

    @property
    def too_tall(self) -> bool:
        return self.needed > self.available + TOLERANCE_PT

    @property
    def too_wide(self) -> bool:
        return self.widest > self.room + TOLERANCE_PT


def paragraph_pieces(p: etree._Element, style: ParagraphStyle, scale: float) -> list[Piece]:
    """A paragraph's runs and fields as measured pieces (its effective sizes, times ``scale``); a line break
    is a ``\\n`` piece."""
    pieces = []
    for child in p:
        tag = etree.QName(child).localname
        if tag not in ("r", "fld", "br"):
            continue
        size, bold = run_props(child.find(qn("a:rPr")), style)
        if tag == "br":
            pieces.append(Piece("\n", size * scale, bold))
            continue
        text = child.findtext(qn("a:t")) or ""
        if text:
            pieces.append(Piece(text.replace("\v", "\n"), size * scale, bold))
    return pieces


def measure(tx_body: etree._Element, chain: StyleChain, width: int, height: int, metrics: FontMetrics,
            insets: tuple[int, int, int, int] | None = None) -> TextFit:
    """Measure ``tx_body`` set in a ``width`` × ``height`` EMU box (``insets`` override the body's)."""
    body = chain.body()
    left, top, right, bottom = insets or body.insets
    if body.vertical:  # measure in the text's own direction
        width, height = height, width
    room = (width - left - right) / EMU_PER_PT
    total = (top + bottom) / EMU_PER_PT
    widest = 0.0
    split: list[str] = []
    sizes: list[float] = []
    texts: list[str] = []
    paragraphs = tx_body.findall(qn("a:p"))
    for number, p in enumerate(paragraphs):
        style = chain.paragraph(p)
        pieces, layout, first_offset, margin = _paragraph(p, style, room, body.font_scale, body.wrap, metrics)
        sizes.extend(piece.size for piece in pieces if piece.text.strip())
        texts.append("".join(piece.text for piece in pieces))
        split.extend(layout.split_words)
        empty_size = run_props(p.find(qn("a:endParaRPr")), style)[0] * body.font_scale
        largest = empty_size
        for line in layout.lines:
            size = line.size or empty_size
            largest = max(largest, size)
            widest = max(widest, line.width + (first_offset if line is layout.lines[0] else margin))
            if style.line_pts is not None:
                total += style.line_pts
            else:
                total += size * line.height_em * (style.line_pct or 1.0) * (1 - body.line_reduction)
        if number > 0:
            total += _space(style.before, largest)
        if number < len(paragraphs) - 1:
            total += _space(style.after, largest)
    return TextFit(total, height / EMU_PER_PT, widest, room, tuple(dict.fromkeys(split)), tuple(sizes),
                   "\n".join(texts))


def _paragraph(p: etree._Element, style: ParagraphStyle, room: float, scale: float, wrap_lines: bool,
               metrics: FontMetrics) -> tuple[list[Piece], Layout, float, float]:
    """A paragraph's pieces and lines in a body ``room`` pt wide, with its first line's offset and its
    margin (pt)."""
    pieces = paragraph_pieces(p, style, scale)
    margin = style.margin / EMU_PER_PT
    first_offset = margin + (max(style.indent, 0) if style.bullet else style.indent) / EMU_PER_PT
    return pieces, wrap(pieces, room - first_offset, room - margin, metrics, wrap_lines=wrap_lines), first_offset, \
        margin


def paragraph_layouts(tx_body: etree._Element, chain: StyleChain, width: int, metrics: FontMetrics) -> list[Layout]:
    """The lines each paragraph of ``tx_body`` takes in a box ``width`` EMU wide, as ``measure`` breaks
    them (each ``Line`` with its text): what lint reads to see where lines end."""
    body = chain.body()
    if body.vertical:  # vertical text's lines run down the box: not read
        return []
    left, _, right, _ = body.insets
    room = (width - left - right) / EMU_PER_PT
    return [_paragraph(p, chain.paragraph(p), room, body.font_scale, body.wrap, metrics)[1]
            for p in tx_body.findall(qn("a:p"))]


def _space(space: tuple[float, bool], size: float) -> float:
    value, is_pct = space
    return value * size * 1.2 if is_pct else value


CELL_MARGINS = (("marL", DEFAULT_INSET_LR), ("marT", DEFAULT_INSET_TB), ("marR", DEFAULT_INSET_LR),
                ("marB", DEFAULT_INSET_TB))


def measure_table(tbl: etree._Element, chain_for: Callable[[etree._Element], StyleChain],
                  metrics: FontMetrics) -> tuple[float, list[tuple[int, int, TextFit]]]:
    """The height (pt) a table takes once its rows grow to fit their text, and each cell's fit."""
    widths = [int(col.get("w", "0")) for col in tbl.iterfind(f"{qn('a:tblGrid')}/{qn('a:gridCol')}")]
    total = 0.0
    cells: list[tuple[int, int, TextFit]] = []
    for r, tr in enumerate(tbl.iterfind(qn("a:tr"))):
        row_h = int(tr.get("h", "0")) / EMU_PER_PT
        grown = row_h
        col = 0
        for tc in tr.iterfind(qn("a:tc")):
            span = int(tc.get("gridSpan", "1"))
            body = tc.find(qn("a:txBody"))
            merged = tc.get("hMerge") in ("1", "true") or tc.get("vMerge") in ("1", "true")
            if body is not None and not merged:
                tcpr = tc.find(qn("a:tcPr"))
                insets = tuple(int(tcpr.get(name, str(default)) if tcpr is not None else default)
                               for name, default in CELL_MARGINS)
                fit = measure(body, chain_for(tc), sum(widths[col:col + span]), int(row_h * EMU_PER_PT), metrics,
                              insets)  # type: ignore[arg-type]
                cells.append((r, col, fit))
                if int(tc.get("rowSpan", "1")) == 1:
                    grown = max(grown, fit.needed)
            col += span
        total += grown
    return total, cells
