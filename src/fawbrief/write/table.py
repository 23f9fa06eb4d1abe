"""Tables: a header row in the theme's heading colour, striped rows, columns as wide as their text; a row
showing or citing a target or plan is set in italic, so it never reads as an actual.

Cells are set at 14 pt (``tokens.LABEL_PT``); the writer asks for a smaller size when the
rows would grow past the box (``write/fit``). Colours come from the theme's ``Look``.
"""

from __future__ import annotations

from pptx.enum.text import MSO_ANCHOR
from pptx.shapes.shapetree import SlideShapes
from pptx.util import Emu

from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import width_units
from fawbrief.core.units import DEFAULT_INSET_LR, EMU_PER_PT
from fawbrief.model.slides import Table, Text
from fawbrief.write.geometry import Box
from fawbrief.write.look import BUILTIN, Look
from fawbrief.write.text_runs import add_runs, is_figure

MAX_ROW = 548640  # 0.6 in: the tallest a row is drawn


def table(shapes: SlideShapes, area: Box, spec: Table, look: Look = BUILTIN, size: float = T.LABEL_PT) -> None:
    """``spec`` as a table filling ``area``'s width; rows share its height, at most ``MAX_ROW`` each."""
    rows = ([spec.header] if spec.header else []) + list(spec.rows)
    cols = max(len(row) for row in rows)
    row_h = Emu(min(int(area.height / max(len(rows), 1)), MAX_ROW))
    frame = shapes.add_table(len(rows), cols, area.left, area.top, area.width, row_h * len(rows))
    frame.name = "Table"
    grid = frame.table
    needs = _longest_words(rows, cols, size, look, bool(spec.header))
    widths = _room_for_words(_column_widths(rows, cols, area.width), needs)
    for i, width in enumerate(widths):
        grid.columns[i].width = Emu(width)
    for r, row in enumerate(rows):
        is_header = bool(spec.header) and r == 0
        for c in range(cols):
            cell = grid.cell(r, c)
            cell.fill.solid()
            look.paint("header" if is_header else ("stripe" if r % 2 else "paper")).apply(cell.fill.fore_color)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            paragraph = cell.text_frame.paragraphs[0]
            text = row[c] if c < len(row) else ()
            add_runs(paragraph, text, size=size, bold=is_header or None,
                     color=look.paint("on_header" if is_header else "text"), fact_bold=not is_header, ea=look.ea,
                     planned_italic=True)


def _longest_words(rows: list[tuple[Text, ...]], cols: int, size: float, look: Look, header: bool) -> list[int]:
    """Per column, the width (EMU, with the cell's insets) of its widest word, set as it is set (bold headers
    and figures): a column narrower than that breaks the word."""
    needs = []
    for c in range(cols):
        widest = 0.0
        for r, row in enumerate(rows):
            for run in row[c] if c < len(row) else ():
                bold = (header and r == 0) or is_figure(run)
                widest = max([widest, *(look.metrics.width(word, size, bold) for word in run.text.split())])
        needs.append(round(widest * EMU_PER_PT) + 2 * DEFAULT_INSET_LR + EMU_PER_PT)
    return needs


def _room_for_words(widths: list[int], needs: list[int]) -> list[int]:
    """``widths`` with every column at least its widest word, the room taken from columns with some to spare;
    unchanged when every column already has it."""
    short = {c: need - width for c, (width, need) in enumerate(zip(widths, needs, strict=True)) if width < need}
    spare = {c: width - need for c, (width, need) in enumerate(zip(widths, needs, strict=True)) if width > need}
    wanted, available = sum(short.values()), sum(spare.values())
    if not short or available <= 0:
        return widths
    give = min(wanted, available)
    out = list(widths)
    for c, extra in short.items():
        out[c] += extra * give // wanted
    for c, room in spare.items():
        out[c] -= room * give // available
    out[-1] += sum(widths) - sum(out)
    return out


def _column_widths(rows: list[tuple[Text, ...]], cols: int, total: int) -> list[int]:
    lengths = [max((sum(width_units(r.text) for r in row[c]) if c < len(row) else 0) for row in rows)
               for c in range(cols)]
    weights = [max(min(length, 40), 6) for length in lengths]
    scale = total / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] = total - sum(widths[:-1])
    return widths
