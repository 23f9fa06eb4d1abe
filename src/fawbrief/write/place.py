"""Placing a slide's blocks in the layout's body area, each fitted to the room it gets.

KPI cards take a row at the top; a list shares the rest with a chart (beside it) or a table or
timeline (below it); tables and timelines take the height they need and charts the rest. Each
block is fitted with real metrics (``write/fit``): a list is set at the body size, else at the
smallest body size, else the bullets that do not fit are handed back for a following slide;
a card row, a timeline and a table are drawn again smaller until their text fits. A table or
timeline that does not fit what the slide has left below the blocks above it goes whole to a
following slide (under the same title); a table too long for a slide of its own is split there,
its header row repeated, and its remaining rows continue on the next.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pptx.oxml.ns import qn
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu

from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import Piece, stacked_height
from fawbrief.core.units import DEFAULT_INSET_TB, EMU_PER_INCH, EMU_PER_PT, emu_to_pt
from fawbrief.model.slides import Block, Bullet, ChartSpec, Kpi, Slide, Table, Timeline
from fawbrief.write import blocks, fit
from fawbrief.write.blocks import CardSizes
from fawbrief.write.fast_parts import placeholder_at
from fawbrief.write.geometry import GAP, Box
from fawbrief.write.indents import master_body, set_insets
from fawbrief.write.look import Look
from fawbrief.write.native_chart import add_native_chart
from fawbrief.write.table import table
from fawbrief.write.text_runs import fill_bullets, is_figure
from fawbrief.write.theme import ThemeLayout
from fawbrief.write.timeline import timeline

KPI_ROW = Emu(1737360)  # 1.9 in
CARD_GROWTH = Emu(91440)  # 0.1 in: the steps in which a card row or timeline too small for its text grows
LIST_INDENT_PT = 36  # taken off a bullet box's width when measuring: bullet indent and side insets
TABLE_ROW = Emu(457200)  # 0.5 in per table row at 14 pt
SINGLE_CATEGORY_HEIGHT = Emu(2377440)  # 2.6 in
TIMELINE_HEIGHT = Emu(2103120)  # 2.3 in: dates, markers and three caption lines
#: Smaller sets of sizes a block is drawn at, in turn, until its text fits.
TIMELINE_SIZES = ((T.DATE_PT, T.LABEL_PT), (18, 14), (16, 13), (14, 12), (12, 12))
TABLE_SIZES = (T.LABEL_PT, 13, 12)
MIN_LIST = Emu(914400)  # 1 in: what a table growing into a list's room leaves it
MIN_VISUAL = Emu(1097280)  # 1.2 in: a chart, table or timeline gets at least this, or a slide of its own

ChartImages = Callable[[ChartSpec, float, float], bytes]


@dataclass(frozen=True)
class Canvas:
    """What placing needs besides the slide: its layout, the look, how charts are drawn, and the deck's
    one KPI card style (``cards``: None on the first pass, which records in ``card_sizes`` the sizes each
    row of cards fitted at; the writer then settles one style for the deck: ``deck_card_sizes``)."""

    layout: ThemeLayout
    look: Look
    native: bool
    chart_png: ChartImages
    cards: CardSizes | None = None
    card_sizes: list[CardSizes] = field(default_factory=list)


def deck_card_sizes(used: list[CardSizes]) -> CardSizes | None:
    """One card style for a deck: the smallest figure, label, unit and period sizes any row needed (the
    largest that fits every row); None when the deck has no cards."""
    if not used:
        return None
    return CardSizes(min(s.figure or T.FIGURE_PT[1] for s in used), min(s.label for s in used),
                     min(s.unit for s in used), min(s.period for s in used))


def place_blocks(slide: PptxSlide, canvas: Canvas, spec: Slide, area: Box, used: set[int],
                 continued: bool = False) -> list[Block]:
    """Draw ``spec``'s blocks in ``area``; returns those that did not fit (for a following slide): the
    bullets beyond what the list's box holds, and visuals left less than ``MIN_VISUAL`` of height
    (unless the slide already ``continued`` another: then they are drawn in what there is)."""
    bullets = [b for b in spec.blocks if isinstance(b, Bullet)]
    kpis = [b for b in spec.blocks if isinstance(b, Kpi)]
    visuals = [b for b in spec.blocks if isinstance(b, ChartSpec | Table | Timeline)]
    layout = canvas.layout
    if spec.layout == "two" and layout.columns is not None:
        left, right = (_clip(column, area) for column in layout.columns)
        rest = bullets_into(slide, canvas, "body", left, bullets, used)
        _, moved = _visuals(slide, canvas, right, kpis, visuals, alone=not bullets)
        return [*rest, *moved]
    if kpis:
        rows = 1 if len(kpis) <= 4 else 2
        height = KPI_ROW * rows if (bullets or visuals) else min(area.height, KPI_ROW * rows + Emu(457200))
        top, area = area.split_top(min(height, area.height))
        bottom = cards(slide, canvas, top, kpis, min(top.bottom + top.height // 2, area.bottom - MIN_LIST))
        area = area.with_edges(top=max(area.top, bottom + GAP))
    rest: list[Block] = []
    if visuals and area.height < MIN_VISUAL and not continued:  # no room left: a slide of their own
        return [*bullets_into(slide, canvas, "body", area, bullets, used), *visuals] if bullets else list(visuals)
    if visuals and bullets and any(isinstance(v, ChartSpec) for v in visuals):
        text_area, area = area.split_left(0.4)
        rest = bullets_into(slide, canvas, "body", text_area, bullets, used)
    elif visuals and bullets:
        return _list_below(slide, canvas, area, bullets, visuals, used)
    elif bullets:
        rest = bullets_into(slide, canvas, "body", area, bullets, used)
    _, left = _visuals(slide, canvas, area, [], visuals, alone=not (kpis or bullets))
    return [*rest, *left]


def _list_below(slide: PptxSlide, canvas: Canvas, area: Box, bullets: list[Bullet], visuals: list[Block],
                used: set[int]) -> list[Block]:
    """A table or timeline above the list; a table that needs more height takes it from the list, and then
    both are laid out again. A visual that does not fit even so goes to a following slide, and the list
    takes its room."""
    tree = slide.shapes._spTree
    before = set(tree)
    top, text_area = area.split_top(min(int(area.height * 0.62), TIMELINE_HEIGHT))
    rest = bullets_into(slide, canvas, "body", text_area, bullets, used)
    bottom, moved = _visuals(slide, canvas, top, [], visuals, limit=area.bottom - MIN_LIST, alone=False)
    if bottom <= top.bottom and not moved:
        return rest
    fit.remove([child for child in tree if child not in before])
    shown = visuals[:len(visuals) - len(moved)]  # not alone: what moves, moves whole, and all that follows it
    if not shown:
        return [*bullets_into(slide, canvas, "body", area, bullets, used), *moved]
    rest = bullets_into(slide, canvas, "body", area.with_edges(top=bottom + GAP), bullets, used)
    _visuals(slide, canvas, top.with_edges(bottom=bottom), [], shown, limit=bottom, alone=False)
    return [*rest, *moved]


def _clip(column: Box, area: Box) -> Box:
    """A column kept within the slide's body area (below a grown title, above the source line)."""
    return column.with_edges(top=max(column.top, area.top), bottom=min(column.bottom, area.bottom))


def bullets_into(slide: PptxSlide, canvas: Canvas, role: str, area: Box, bullets: list[Bullet],
                 used: set[int]) -> list[Bullet]:
    """The list in the layout's body placeholder (or a text box), fitted; returns what did not fit."""
    if not bullets:
        return []
    look, idx = canvas.look, canvas.layout.placeholders.get(role)
    indents: tuple[tuple[int, int], ...] = ()
    if idx is None:  # a text box set like the master's body placeholder, so lists line up on every layout
        box = slide.shapes.add_textbox(area.left, area.top, area.width, area.height)
        box.name = "Bullets"
        insets, indents = master_body(slide)
        set_insets(box.text_frame, insets)
        shape, manual = box, True
    else:
        shape, manual = placeholder_at(slide, idx), False
        shape.left, shape.top, shape.width, shape.height = area.left, area.top, area.width, area.height
        used.add(idx)

    def fill(items: list[Bullet], size: float) -> bool:
        shape.text_frame.clear()
        fill_bullets(shape.text_frame, items, size=size, manual=manual, bullet_color=look.paint("accent"),
                     ea=look.ea, color=look.paint("text") if manual and not look.literal else None, indents=indents)
        return not fit.bad(fit.fit_of(slide, shape._element, area, look.metrics))

    size = bullet_size(bullets, area) if idx is not None else T.BODY_PT
    if fill(bullets, size) or (size > T.BODY_MIN_PT and fill(bullets, T.BODY_MIN_PT)):
        return []
    count = _most_that_fit(bullets, lambda n: fill(bullets[:n], T.BODY_MIN_PT))
    fill(bullets[:count], T.BODY_MIN_PT)
    return bullets[count:]


def _most_that_fit(bullets: list[Bullet], fits: Callable[[int], bool]) -> int:
    """How many leading bullets fit (at least one, so a list always moves on), ending before a top-level one;
    one fewer when that would leave a single bullet to go on alone."""
    count = 1
    for n in range(len(bullets) - 1, 0, -1):
        if bullets[n].level == 0 and fits(n):
            count = n
            break
    if len(bullets) - count == 1 and count >= 3 and bullets[count - 1].level == 0:
        count -= 1
    return count


def bullet_size(bullets: list[Bullet], area: Box) -> float:
    """The body size, or the smaller one when the list measured at the body size (the font's
    advance widths, CJK lines 1.45 em tall) would not fit the box."""
    paragraphs = [[Piece(run.text, T.BODY_PT - T.LEVEL_STEP_PT * bullet.level, is_figure(run))
                   for run in bullet.text] for bullet in bullets]
    needed = stacked_height(paragraphs, emu_to_pt(area.width) - LIST_INDENT_PT, T.BULLET_SPACE_AFTER_PT)
    fits = needed + 2 * emu_to_pt(DEFAULT_INSET_TB) <= emu_to_pt(area.height)
    return float(T.BODY_PT if fits else T.BODY_MIN_PT)


def cards(slide: PptxSlide, canvas: Canvas, area: Box, kpis: list[Kpi], limit: int | None = None) -> int:
    """A row of KPI cards, drawn smaller as one until every card's text fits; at the smallest sizes the row
    grows taller, down to ``limit`` at most. With the deck's card style (``canvas.cards``) the row is drawn
    at it, growing taller if it must. Records the sizes it used; returns the bottom of the row."""
    tree, look = slide.shapes._spTree, canvas.look
    bottom = max(area.bottom, limit or 0)
    taller = range(area.bottom + CARD_GROWTH, bottom + 1, CARD_GROWTH)
    if canvas.cards is not None:
        steps = [canvas.cards]
    else:
        figure: list[float] = []
        drawn = fit.drawn_by(tree, lambda: figure.append(blocks.kpi_cards(slide.shapes, area, kpis, look)))
        fit.remove(drawn)
        steps = [CardSizes(float(size)) for size in range(int(figure[0]), int(T.FIGURE_PT[0]), -4)]
        steps += [CardSizes(T.FIGURE_PT[0]), CardSizes(T.FIGURE_PT[0], T.SMALL_PT, T.SMALL_PT, T.SMALL_PT)]
    tries = [(area, sizes) for sizes in steps]
    tries += [(area.with_edges(bottom=edge), sizes) for edge in taller for sizes in steps[-2:]]
    drawn = []
    for box, sizes in tries:
        fit.remove(drawn)
        drawn = fit.drawn_by(tree, lambda b=box, z=sizes: blocks.kpi_cards(slide.shapes, b, kpis, look, z))
        if fit.shapes_fit(slide, drawn, look.metrics):
            canvas.card_sizes.append(sizes)
            return box.bottom
    canvas.card_sizes.append(tries[-1][1])
    return tries[-1][0].bottom


def _visuals(slide: PptxSlide, canvas: Canvas, area: Box, kpis: list[Kpi], visuals: list[Block],
             limit: int | None = None, alone: bool = True) -> tuple[int, list[Block]]:
    """Cards, then the visuals one below the other in ``area``; a table or timeline may grow down to ``limit``
    (by default the area's bottom), and what follows it moves down. Returns the bottom of what was drawn,
    and the visuals left for a following slide.

    Unless nothing else is on the slide (``alone``: no cards, no list, no visual above), a chart left less
    than ``MIN_VISUAL`` of height, or a table or timeline that does not fit what is left at its smallest
    sizes, goes whole to a following slide with all that follows it (drawn there, it would overrun its
    frame: on a short master a card row or a timeline leaves a table too little height). Alone, a table
    too long for the room is split (``_table``) and a timeline is drawn in what there is, so every slide
    moves on."""
    if kpis:
        top, area = area.split_top(min(KPI_ROW * ((len(kpis) + 1) // 2), area.height))
        bottom = cards(slide, canvas, top, kpis, top.bottom + top.height // 2)
        area = area.with_edges(top=max(area.top, bottom + GAP))
        alone = False
    if not visuals:
        return area.bottom, []
    heights = _visual_heights(visuals, area.height)
    end = limit if limit is not None else area.bottom
    top, bottom = area.top, area.bottom
    for i, (visual, height) in enumerate(zip(visuals, heights, strict=True)):
        if not alone and end - top < (MIN_VISUAL if isinstance(visual, ChartSpec) else 1):
            return bottom, list(visuals[i:])  # a table or timeline moves on only when it does not fit
        part = Box(area.left, top, area.width, max(min(height, end - top), 0))
        if isinstance(visual, ChartSpec):
            _chart(slide, canvas, part, visual)
        elif isinstance(visual, Table):
            grown, tail = _table(slide, canvas, part, visual, end, alone)
            if tail is visual:  # nothing drawn
                return bottom, list(visuals[i:])
            bottom, height = max(bottom, grown), max(height, grown - part.top)
            if tail is not None:
                return bottom, [tail, *visuals[i + 1:]]
        elif isinstance(visual, Timeline):
            grown = _timeline(slide, canvas, part, visual, end, alone)
            if grown is None:
                return bottom, list(visuals[i:])
            bottom, height = max(bottom, grown), max(height, grown - part.top)
        top += height + GAP
        alone = False
    return bottom, []


def _visual_heights(visuals: list[object], total: int) -> list[int]:
    """Tables and timelines take what they need; charts share the rest."""
    fixed = {i: _natural_height(v) for i, v in enumerate(visuals) if not isinstance(v, ChartSpec)}
    charts = len(visuals) - len(fixed)
    free = total - sum(fixed.values()) - GAP * (len(visuals) - 1)
    if charts == 0 or free < total // 3:
        share = (total - GAP * (len(visuals) - 1)) // len(visuals)
        return [share] * len(visuals)
    return [fixed.get(i, free // charts) for i in range(len(visuals))]


def _natural_height(visual: object) -> int:
    if isinstance(visual, Table):
        return TABLE_ROW * (len(visual.rows) + (1 if visual.header else 0))
    return TIMELINE_HEIGHT


def _table(slide: PptxSlide, canvas: Canvas, area: Box, spec: Table, limit: int,
           alone: bool = True) -> tuple[int, Table | None]:
    """The table in ``area``, down to ``limit`` at most (``_drawn_table``). Returns the frame's bottom and the
    table left for a following slide: None when it all fits; ``spec`` itself, nothing drawn, when it does not
    fit and the slide has other blocks (``alone`` False); else, split, the rows that do not fit under the
    header repeated (one row at least stays, and a single row never goes on alone)."""
    drawn: list = []
    bottom, fits = _drawn_table(slide, canvas, area, spec, limit, drawn)
    if fits:
        return bottom, None
    if not alone:
        fit.remove(drawn)
        return area.top, spec
    count = 1
    for n in range(len(spec.rows) - 1, 0, -1):
        fit.remove(drawn)
        drawn.clear()
        bottom, fits = _drawn_table(slide, canvas, area, replace(spec, rows=spec.rows[:n]), limit, drawn)
        if fits:
            count = n
            break
    if len(spec.rows) - count == 1 and count >= 3:
        count -= 1
    fit.remove(drawn)
    drawn.clear()
    bottom, _ = _drawn_table(slide, canvas, area, replace(spec, rows=spec.rows[:count]), limit, drawn)
    return bottom, (replace(spec, rows=spec.rows[count:]) if count < len(spec.rows) else None)


def _drawn_table(slide: PptxSlide, canvas: Canvas, area: Box, spec: Table, limit: int,
                 drawn: list) -> tuple[int, bool]:
    """The table at 14 pt, else smaller; a frame its grown rows would overrun is made as tall as they are,
    down to ``limit`` at most. Its shapes go into ``drawn``; returns the frame's bottom and whether its rows
    fit the frame."""
    tree, look = slide.shapes._spTree, canvas.look
    for size in TABLE_SIZES:
        fit.remove(drawn)
        drawn[:] = fit.drawn_by(tree, lambda size=size: table(slide.shapes, area, spec, look, size))
        if fit.table_fits(slide, drawn[0], look.metrics):
            return area.bottom, True
    frame = drawn[0]
    _, cells = fit.table_needs(slide, frame, look.metrics)
    rows = frame.findall(f".//{qn('a:tr')}")
    for r, row in enumerate(rows):  # each row as tall as its text: the frame is then their sum
        row.set("h", str(round(max((c.needed for i, _, c in cells if i == r), default=0) * EMU_PER_PT)))
    needed = sum(int(row.get("h")) for row in rows) + fit.SLACK
    height = min(needed, max(limit - area.top, area.height))
    frame.find(f"{qn('p:xfrm')}/{qn('a:ext')}").set("cy", str(height))
    return area.top + height, fit.table_fits(slide, frame, look.metrics)


def _timeline(slide: PptxSlide, canvas: Canvas, area: Box, spec: Timeline, limit: int,
              alone: bool = True) -> int | None:
    """The timeline, smaller until its text fits; at the smallest sizes it grows taller, down to ``limit``
    at most (into a list's room, as a table does). Returns its bottom; None, nothing drawn, when it does
    not fit even so and the slide has other blocks (``alone`` False: it goes to a following slide)."""
    tree, look = slide.shapes._spTree, canvas.look
    drawn: list = []
    taller = range(area.bottom + CARD_GROWTH, max(limit, area.bottom) + 1, CARD_GROWTH)
    tries = [(area, sizes) for sizes in TIMELINE_SIZES]
    tries += [(area.with_edges(bottom=edge), TIMELINE_SIZES[-1]) for edge in taller]
    for box, (date_pt, caption_pt) in tries:
        fit.remove(drawn)
        drawn = fit.drawn_by(tree, lambda b=box, d=date_pt, c=caption_pt: timeline(slide.shapes, b, spec, look,
                                                                                          d, c))
        if fit.shapes_fit(slide, drawn, look.metrics):
            return box.bottom
    if not alone:
        fit.remove(drawn)
        return None
    return tries[-1][0].bottom


def _chart(slide: PptxSlide, canvas: Canvas, area: Box, spec: ChartSpec) -> None:
    if all(len(series.points) == 1 for series in spec.series) and area.height > SINGLE_CATEGORY_HEIGHT:
        # One category (e.g. today vs target) reads best as a short, wide chart, centred.
        offset = (area.height - SINGLE_CATEGORY_HEIGHT) // 2
        area = Box(area.left, area.top + offset, area.width, SINGLE_CATEGORY_HEIGHT)
    if canvas.native:
        frame = add_native_chart(slide.shapes, spec, area.left, area.top, area.width, area.height, canvas.look)
        frame.name = f"Chart: {spec.title}"[:120]
        describe(frame, spec.alt_text)
        return
    png = canvas.chart_png(spec, area.width / EMU_PER_INCH, area.height / EMU_PER_INCH)
    picture = slide.shapes.add_picture(io.BytesIO(png), area.left, area.top, area.width, area.height)
    picture.name = f"Chart: {spec.title}"[:120]
    describe(picture, spec.alt_text)


def describe(shape: object, text: str) -> None:
    """Alt text lives in ``cNvPr/@descr``; python-pptx has no API for it."""
    element = shape._element  # type: ignore[attr-defined]
    c_nv_pr = element.xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.set("descr", text)
