"""A ``Table`` of the slide model as a PowerPoint table: a header row, banded rows, columns as wide as their
text needs."""

from __future__ import annotations

from pptx.enum.text import MSO_ANCHOR
from pptx.shapes.shapetree import SlideShapes
from pptx.util import Emu

from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import width_units
from fawbrief.model.slides import Table, Text
from fawbrief.write.blocks import INK, NAVY, STRIPE, WHITE, Area, add_runs


def table(shapes: SlideShapes, area: Area, spec: Table) -> None:
    rows = ([spec.header] if spec.header else []) + list(spec.rows)
    cols = max(len(row) for row in rows)
    row_h = Emu(min(int(area.height / max(len(rows), 1)), 548640))
    frame = shapes.add_table(len(rows), cols, area.left, area.top, area.width, row_h * len(rows))
    frame.name = "Table"
    grid = frame.table
    widths = _column_widths(rows, cols, area.width)
    for i, width in enumerate(widths):
        grid.columns[i].width = Emu(width)
    for r, row in enumerate(rows):
        is_header = bool(spec.header) and r == 0
        for c in range(cols):
            cell = grid.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = NAVY if is_header else (STRIPE if r % 2 else WHITE)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            paragraph = cell.text_frame.paragraphs[0]
            text = row[c] if c < len(row) else ()
            add_runs(paragraph, text, size=T.LABEL_PT, bold=is_header or None,
                     color=WHITE if is_header else INK, fact_bold=not is_header, planned_italic=True)


def _column_widths(rows: list[tuple[Text, ...]], cols: int, total: int) -> list[int]:
    lengths = [max((sum(width_units(r.text) for r in row[c]) if c < len(row) else 0) for row in rows)
               for c in range(cols)]
    weights = [max(min(length, 40), 6) for length in lengths]
    scale = total / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] = total - sum(widths[:-1])
    return widths
