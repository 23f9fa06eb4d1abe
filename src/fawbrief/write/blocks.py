"""KPI cards: the block that shows figures as shapes (timelines: ``write/timeline``).

Everything here is placed inside a ``Box`` the writer hands over, so the grid
(margins, title position) is the theme's, not ours. Sizes are the design tokens
(``core/tokens``, after the slide rules): nothing below 12 pt, one figure size per row of
cards. Colours come from the theme's ``Look`` by role (figures, text, muted text, the
accent, the card fill), so they follow a corporate master's scheme. The writer may ask
for smaller sizes when a row or a timeline does not fit its box (``write/fit``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.shapes.shapetree import SlideShapes
from pptx.util import Emu, Pt

from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import figure_ems, is_wide
from fawbrief.core.units import emu_to_pt
from fawbrief.model.slides import Kpi
from fawbrief.write.geometry import GAP, Box
from fawbrief.write.look import BUILTIN, Look, Paint
from fawbrief.write.text_runs import east_asian

Area = Box  # the name the blocks have always used for the box they fill
CARD_PAD = Emu(182880)  # 0.2 in left and right of a KPI card's text
CARD_TOP = Emu(137160)  # 0.15 in above it


@dataclass(frozen=True)
class CardSizes:
    """The type sizes of a row of KPI cards (pt); ``figure`` None: the largest that keeps each figure on
    one line, by the figure estimate."""

    figure: float | None = None
    label: float = T.LABEL_PT
    unit: float = T.UNIT_PT
    period: float = T.SMALL_PT


def kpi_cards(shapes: SlideShapes, area: Area, kpis: list[Kpi], look: Look = BUILTIN,
              sizes: CardSizes = CardSizes()) -> float:
    """Big-number cards in a row (or two rows beyond four); returns the figure size used."""
    per_row = len(kpis) if len(kpis) <= 4 else (len(kpis) + 1) // 2
    rows = (len(kpis) + per_row - 1) // per_row
    card_w = (area.width - GAP * (per_row - 1)) // per_row
    card_h = (area.height - GAP * (rows - 1)) // rows
    # One figure size per row of cards (and, the writer sees to it, per deck), so figures compare at a glance.
    size = sizes.figure or min(_number_size(kpi.value + (kpi.unit if _beside(kpi.unit) else ""), card_w)
                               for kpi in kpis)
    slots = Slots(any(kpi.qualifier for kpi in kpis), any(kpi.unit and not _beside(kpi.unit) for kpi in kpis))
    for i, kpi in enumerate(kpis):
        row, col = divmod(i, per_row)
        left = area.left + col * (card_w + GAP)
        top = area.top + row * (card_h + GAP)
        _card(shapes, Area(left, top, card_w, card_h), kpi, i + 1, size, look, sizes, slots)
    return size


@dataclass(frozen=True)
class Slots:
    """The optional lines a row's cards keep room for, so each line sits at the same height in every card:
    a qualifier above the figure ("exceeding"), a unit on its own line below it."""

    qualifier: bool = False
    unit: bool = False


def _card(shapes: SlideShapes, area: Area, kpi: Kpi, number: int, size: float, look: Look,
          sizes: CardSizes, slots: Slots = Slots()) -> None:
    card = shapes.add_shape(MSO_SHAPE.RECTANGLE, area.left, area.top, area.width, area.height)
    card.name = f"KPI {number}"
    card.fill.solid()
    look.paint("card").apply(card.fill.fore_color)
    card.line.fill.background()
    card.shadow.inherit = False
    accent = shapes.add_shape(MSO_SHAPE.RECTANGLE, area.left, area.top, Emu(54864), area.height)
    accent.name = f"KPI {number} accent"
    accent.fill.solid()
    look.paint("accent").apply(accent.fill.fore_color)
    accent.line.fill.background()
    accent.shadow.inherit = False
    if kpi.status != "actual":
        _planned_card(card, accent, look)
    frame = card.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP  # every card's lines start at one height: figures align
    frame.margin_left = frame.margin_right = CARD_PAD
    frame.margin_top = CARD_TOP
    figure_ink, ink, grey = look.paint("figure"), look.paint("text"), look.paint("muted")
    Line = list[tuple[str, float, bool, Paint]]  # the runs of one paragraph ("" alone: an empty line)
    figure: Line = [(kpi.value, size, True, figure_ink)]
    lines: list[Line] = []
    if kpi.qualifier or slots.qualifier:
        lines.append([(kpi.qualifier, sizes.label, False, grey)])
    unit: Line = [(kpi.unit, sizes.unit, False, ink)]
    if _beside(kpi.unit):  # 900万 辆: a short Chinese unit sits on the figure's line
        lines.append([*figure, *unit])
    else:
        lines.extend([figure, unit] if kpi.unit or slots.unit else [figure])
    lines.append([(kpi.label, sizes.label, False, ink)])
    if kpi.period:  # none when the figure is its own period (a year)
        lines.append([(kpi.period, sizes.period, False, grey)])
    for i, runs in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        if not any(text for text, _, _, _ in runs):  # room kept for a line other cards of the row have
            paragraph._p.get_or_add_endParaRPr().set("sz", str(round(runs[0][1] * 100)))
            continue
        for text, points, bold, color in runs:
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(points)
            run.font.bold = bold
            color.apply(run.font.color)
            east_asian(run, look.ea)


def _planned_card(card: object, accent: object, look: Look) -> None:
    """A target's or plan's card: paper-coloured with a dashed outline in the figures' colour, its accent
    bar muted, not the accent."""
    look.paint("paper").apply(card.fill.fore_color)  # type: ignore[attr-defined]
    look.paint("figure").apply(card.line.color)  # type: ignore[attr-defined]
    card.line.width = Pt(1.5)  # type: ignore[attr-defined]
    card.line.dash_style = MSO_LINE.DASH  # type: ignore[attr-defined]
    look.paint("muted").apply(accent.fill.fore_color)  # type: ignore[attr-defined]


def _beside(unit: str) -> bool:
    """A unit of up to three Chinese characters (辆, 亿元, 个项目) goes beside the figure."""
    return 0 < len(unit) <= 3 and all(is_wide(ch) for ch in unit)


def _number_size(value: str, width: int) -> float:
    # The largest size that keeps the figure on one line, by the figure estimate (``figure_ems``).
    usable_pt = emu_to_pt(width - 2 * CARD_PAD)
    size = usable_pt / figure_ems(value)
    return float(max(T.FIGURE_PT[0], min(T.FIGURE_PT[1], int(size))))

