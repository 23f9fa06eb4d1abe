"""What the matplotlib charts share: the frameless axes, text measured in pixels, value labels beyond
a bar's end, the category axis and value limits that leave room for the labels. Colours come from the
``ChartPalette`` each function is handed (the theme's, or the design tokens)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fawbrief.charts import style as S
from fawbrief.charts.style import ChartPalette
from fawbrief.model.slides import ChartPoint, ChartSpec

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

PAD = S.BAR["label_pad_pt"]
GAP_PT = 4.0  # between a value label and its note


def axes(fig: Figure, spec: ChartSpec, pal: ChartPalette) -> Axes:
    """A frameless plot. No caption: the unit is in the first value label ("69,759 vehicles",
    ``compose/markup_charts``), so nothing floats above the chart."""
    ax = fig.add_subplot()
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0, labelsize=S.SIZES["category"], pad=6)
    return ax


def text_px(fig: Figure, text: Text) -> tuple[float, float]:
    """A drawn text's width and height in pixels."""
    box = text.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    return box.width, box.height


def pt(fig: Figure, px: float) -> float:
    """Pixels as points."""
    return px * 72 / fig.dpi


def wrap(label: str, chars: int) -> str:
    """``label`` in lines of at most ``chars`` characters."""
    return S.wrap(label, chars)  # Chinese breaks between characters, Latin at spaces


def bar_labels(ax: Axes, fig: Figure, pal: ChartPalette, point: ChartPoint, at: tuple[float, float],
               horizontal: bool, color: str | None = None) -> float:
    """Value label (and note) beyond a bar end; returns the px they need."""
    sign = -1 if point.value < 0 else 1
    color = color or pal.text
    if horizontal:
        ha = "left" if sign > 0 else "right"
        main = ax.annotate(point.display, at, xytext=(sign * PAD, 0), textcoords="offset points", ha=ha,
                           va="center", fontsize=S.SIZES["label"], weight=S.LABEL_WEIGHT, color=color,
                           annotation_clip=False)
        main.set_in_layout(False)
        width, _ = text_px(fig, main)
        need = PAD * fig.dpi / 72 + width
        if point.note:
            offset = sign * (PAD + pt(fig, width) + GAP_PT)
            note = ax.annotate(point.note, at, xytext=(offset, 0), textcoords="offset points", ha=ha,
                               va="center", fontsize=S.SIZES["note"], color=pal.muted,
                               annotation_clip=False)
            note.set_in_layout(False)
            need += GAP_PT * fig.dpi / 72 + text_px(fig, note)[0]
        return need
    va = "bottom" if sign > 0 else "top"
    main = ax.annotate(point.display, at, xytext=(0, sign * PAD), textcoords="offset points", ha="center",
                       va=va, fontsize=S.SIZES["label"], weight=S.LABEL_WEIGHT, color=color,
                       annotation_clip=False)
    main.set_in_layout(False)
    _, height = text_px(fig, main)
    need = PAD * fig.dpi / 72 + height
    if point.note:
        note = ax.annotate(point.note, at, xytext=(0, sign * (PAD + pt(fig, height) + 1)),
                           textcoords="offset points", ha="center", va=va, fontsize=S.SIZES["note"],
                           color=pal.muted, annotation_clip=False)
        note.set_in_layout(False)
        need += fig.dpi / 72 + text_px(fig, note)[1]
    return need


def categories_of(spec: ChartSpec) -> list[str]:
    """The category labels, in order of first use."""
    return list(dict.fromkeys(p.label for s in spec.series for p in s.points))


def category_axis(ax: Axes, ticks: list[float], labels: list[str], horizontal: bool, chars: int) -> None:
    """Category labels on the one visible spine (left for bars, bottom for columns)."""
    wrapped = [wrap(label, chars) for label in labels]
    if horizontal:
        ax.set_yticks(ticks, wrapped)
        ax.set_xticks([])
        ax.spines["left"].set_visible(True)
        ax.invert_yaxis()
    else:
        ax.set_xticks(ticks, wrapped)
        ax.set_yticks([])
        ax.spines["bottom"].set_visible(True)


def fit_values(ax: Axes, fig: Figure, pal: ChartPalette, ends: list[tuple[float, float]], horizontal: bool,
               slots: int, bar: float, widest_in: float | None = None) -> None:
    """Value limits that leave room for the labels; slots no wider than a bar can look good
    (``widest_in``: the thickest bar, inches; the style's for bars or columns by default)."""
    fig.draw_without_rendering()  # runs the layout, so the axes' size is final
    box = ax.get_window_extent()
    lo, hi = S.value_limits(ends, box.width if horizontal else box.height)
    (ax.set_xlim if horizontal else ax.set_ylim)(lo, hi)
    if lo < 0:  # the baseline goes through zero, the category labels stay at the edge
        ax.spines["left" if horizontal else "bottom"].set_visible(False)
        (ax.axvline if horizontal else ax.axhline)(0, color=pal.axis, linewidth=S.BAR["spine_width"])
    cap_slots(ax, fig, pal, slots, bar, horizontal, widest_in)


def cap_slots(ax: Axes, fig: Figure, pal: ChartPalette, slots: int, bar: float, horizontal: bool,
              widest_in: float | None = None) -> None:
    """Few categories in a big box: keep bars no thicker than ``widest_in`` (``max_bar_in``), centred."""
    box = ax.get_window_extent()
    across = box.height if horizontal else box.width
    widest = (widest_in or S.BAR["max_bar_in"]["bars" if horizontal else "columns"]) * fig.dpi / bar
    extra = max(across / widest - slots, 0) / 2  # centred in the space
    if horizontal:
        ax.set_ylim(slots - 0.5 + extra, -0.5 - extra)
        ax.spines["left"].set_bounds(-0.5, slots - 0.5)
    else:
        ax.set_xlim(-0.5 - extra, slots - 0.5 + extra)
        ax.spines["bottom"].set_bounds(-0.5, slots - 0.5)
