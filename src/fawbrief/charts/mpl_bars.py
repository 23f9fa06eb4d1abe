"""Bars and columns (``bar``, ``grouped_bar``) and target against actual, drawn with matplotlib.

A target is never drawn like an actual: light hatching inside a dashed outline, with a marker at
its value; the actual is a solid bar in the figure colour. Every number is a direct label."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fawbrief.charts import style as S
from fawbrief.charts.mpl_axes import (
    PAD,
    axes,
    bar_labels,
    categories_of,
    category_axis,
    fit_values,
    text_px,
)
from fawbrief.charts.style import ChartPalette
from fawbrief.core.text_metrics import AVERAGE_LATIN_EM
from fawbrief.model.slides import ChartPoint, ChartSeries, ChartSpec

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text


def _colors(series: list[ChartSeries], pal: ChartPalette) -> list[str | None]:
    """Palette colour per actual series; ``None`` for a target (drawn hatched)."""
    colors: list[str | None] = []
    actual = 0
    for one in series:
        colors.append(None if one.role == "target" else pal.series_color(actual))
        actual += one.role != "target"
    return colors


def _bar(ax: Axes, pal: ChartPalette, pos: float, value: float, thickness: float, horizontal: bool,
         color: str | None) -> None:
    if color is None:
        _target_bar(ax, pal, pos, value, thickness, horizontal)
    elif horizontal:
        ax.barh(pos, value, height=thickness, color=color, linewidth=0)
    else:
        ax.bar(pos, value, width=thickness, color=color, linewidth=0)


def draw_bars(fig: Figure, spec: ChartSpec, pal: ChartPalette) -> None:
    """bar, grouped_bar and the general target_actual: clustered bars or columns."""
    ax = axes(fig, spec, pal)
    categories = categories_of(spec)
    series = [s for s in spec.series if s.points]
    labels = [t for s in series for p in s.points for t in (p.display, p.note or "")]
    width_in = fig.get_figwidth()
    horizontal = not S.columns_fit(width_in, categories, labels, len(series))
    group = S.BAR["group_width"] if len(series) > 1 else S.BAR["width"]
    thickness = group / len(series)
    ends = []
    colors = _colors(series, pal)
    fills = S.emphasis_fills(spec.kind, series)
    for j, (one, color) in enumerate(zip(series, colors, strict=True)):
        offset = (j - (len(series) - 1) / 2) * thickness
        for i, point in enumerate(one.points):
            pos = categories.index(point.label) + offset
            fill = fills[j][i] if fills else None
            _bar(ax, pal, pos, point.value, thickness * 0.92, horizontal,
                 S.fill_color(fill, pal) if fill is not None else color)
            at = (point.value, pos) if horizontal else (pos, point.value)
            ends.append((point.value, bar_labels(ax, fig, pal, point, at, horizontal)))
    chars = (S.category_chars(width_in, fig.get_figheight(), len(categories)) if horizontal
             else int(width_in * 0.9 / len(categories) / (AVERAGE_LATIN_EM * S.SIZES["category"] / 72)))
    category_axis(ax, list(range(len(categories))), categories, horizontal, chars)
    if len(series) > 1:
        _legend(ax, pal, [one.name for one in series], colors)
    fit_values(ax, fig, pal, ends, horizontal, len(categories), thickness * 0.92)


def _legend(ax: Axes, pal: ChartPalette, names: list[str], colors: list[str | None]) -> None:
    """Small, frameless, above the plot on the right (the unit sits on the left)."""
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=pal.target_fill, edgecolor=pal.target_edge, hatch="///", linestyle=(0, (2, 1)))
               if color is None else Patch(facecolor=color, linewidth=0) for color in colors]
    ax.legend(handles, names, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=len(names),
              fontsize=S.SIZES["legend"], frameon=False, handlelength=1.0, handleheight=1.0,
              columnspacing=1.4, borderaxespad=0.3)


def draw_target_actual(fig: Figure, spec: ChartSpec, pal: ChartPalette) -> None:
    """One actual and one target per category: a hatched target bar, its marker, the actual inside it."""
    actual = [s for s in spec.series if s.role == "actual" and s.points]
    target = [s for s in spec.series if s.role == "target" and s.points]
    if len(actual) != 1 or len(target) != 1:
        draw_bars(fig, spec, pal)
        return
    ax = axes(fig, spec, pal)
    categories = categories_of(spec)
    goals = {p.label: p for p in target[0].points}
    ends: list[tuple[float, float]] = []
    labelled: list[tuple[Text, float, ChartPoint]] = []
    for i, label in enumerate(categories):
        goal = goals.get(label)
        point = next((p for p in actual[0].points if p.label == label), None)
        # name the series once, on the first row, instead of a legend: only where a row holds both (a row
        # of its own is named by its category label)
        names = i == 0 and goal is not None and point is not None
        if goal is not None:
            _target_bar(ax, pal, i, goal.value, 0.62)
            ax.plot([goal.value] * 2, [i - 0.36, i + 0.36], color=pal.figure, linewidth=2.5,
                    solid_capstyle="butt")
            text = S.name_value(target[0].name, goal.display) if names and target[0].name else goal.display
            if point is not None and point.value >= goal.value:  # met: the actual's label takes the right
                ann = ax.annotate(text, (goal.value, i + 0.36), xytext=(0, -2), textcoords="offset points",
                                  ha="right", va="top", fontsize=S.SIZES["note"], weight=S.LABEL_WEIGHT,
                                  color=pal.text, annotation_clip=False)
                ann.set_in_layout(False)
            else:
                ends.append((goal.value, bar_labels(ax, fig, pal, _relabel(goal, text), (goal.value, i), True)))
        if point is not None:  # inside its target, or as thick as a target on a row of its own
            ax.barh(i, point.value, height=0.34 if goal is not None else 0.62, color=pal.figure, linewidth=0)
            text = S.name_value(actual[0].name, point.display) if names and actual[0].name else point.display
            ann = ax.annotate(text, (point.value, i), xytext=(PAD, 0), textcoords="offset points",
                              ha="left", va="center", fontsize=S.SIZES["label"], weight=S.LABEL_WEIGHT,
                              color=pal.text, annotation_clip=False,
                              bbox={"boxstyle": "square,pad=0.15", "facecolor": pal.paper, "linewidth": 0})
            ann.set_in_layout(False)
            labelled.append((ann, point.value, point))
            ends.append((point.value, PAD * fig.dpi / 72 + text_px(fig, ann)[0]))
    category_axis(ax, list(range(len(categories))), categories, True,
                   S.category_chars(fig.get_figwidth(), fig.get_figheight(), len(categories)))
    fit_values(ax, fig, pal, ends, True, len(categories), 0.62, S.BAR["max_bar_in"]["targets"])
    _place_actual_labels(fig, ax, pal, labelled, goals)


def _target_bar(ax: Axes, pal: ChartPalette, pos: float, value: float, thickness: float,
                horizontal: bool = True) -> None:
    """Light hatching inside a dashed outline: clearly not an actual."""
    draw = ax.barh if horizontal else ax.bar
    draw(pos, value, thickness, color=pal.target_fill, edgecolor=pal.target_hatch, hatch=S.BAR["target_hatch"],
         linewidth=0)
    draw(pos, value, thickness, fill=False, edgecolor=pal.target_edge, linewidth=S.BAR["target_line"],
         linestyle=(0, (4, 2)))


def _relabel(point: ChartPoint, text: str) -> ChartPoint:
    return ChartPoint(point.label, point.value, point.fact, text, point.note, point.note_fact)


def _place_actual_labels(fig: Figure, ax: Axes, pal: ChartPalette, labelled: list[tuple[Text, float, ChartPoint]],
                         goals: dict[str, ChartPoint]) -> None:
    """An actual's label that would run into its target marker goes inside its bar, or under the row."""
    box = ax.get_window_extent()
    lo, hi = ax.get_xlim()
    per_px = (hi - lo) / box.width
    pad_px = PAD * fig.dpi / 72
    for ann, value, point in labelled:
        goal = goals.get(point.label)
        if goal is None:
            continue
        width = text_px(fig, ann)[0]
        if not value <= goal.value < value + (pad_px + width + 6) * per_px:
            continue
        row = ann.xy[1]  # type: ignore[attr-defined]
        if (value - lo) / per_px >= width + 2 * pad_px:
            ann.set_position((-PAD, 0))
            ann.set_ha("right")
            ann.set_color(S.text_on(pal.figure))
            ann.get_bbox_patch().set_visible(False)  # type: ignore[union-attr]
        else:
            ann.xy = (0.0, row + 0.31)  # type: ignore[attr-defined]
            ann.set_position((0, -2))
            ann.set_va("top")
