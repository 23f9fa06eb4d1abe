"""Axes setup, text measurement and category/value axes shared by every chart kind.

Only type hints name matplotlib here: the objects come from ``render_mpl.render_png``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fawbrief.charts import style as S
from fawbrief.core import tokens as T
from fawbrief.model.slides import ChartSpec

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

PAD = S.BAR["label_pad_pt"]
GAP_PT = 4.0  # between a value label and its note


def new_axes(fig: Figure, spec: ChartSpec) -> Axes:
    """A frameless axes with the unit (if it has words) as a small title on the left."""
    ax = fig.add_subplot()
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0, labelsize=S.SIZES["category"], pad=6)
    unit = spec.unit.strip()
    if unit and any(c.isalpha() for c in unit) and spec.kind != "share":
        ax.set_title(unit[:1].upper() + unit[1:], loc="left", fontsize=S.SIZES["subtitle"],
                     color=T.TEXT_MUTED, pad=10)
    return ax


def text_px(fig: Figure, text: Text) -> tuple[float, float]:
    """Width and height of ``text`` as drawn, in pixels (placement decisions need real extents)."""
    box = text.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    return box.width, box.height


def pt(fig: Figure, px: float) -> float:
    """Pixels to points at the figure's dpi (offsets are given in points)."""
    return px * 72 / fig.dpi


def categories(spec: ChartSpec) -> list[str]:
    """Category labels of all series, in first-seen order, each once."""
    return list(dict.fromkeys(p.label for s in spec.series for p in s.points))


def category_axis(ax: Axes, ticks: list[float], labels: list[str], horizontal: bool, chars: int) -> None:
    """Wrapped category labels on the one visible spine; horizontal bars read top to bottom."""
    wrapped = [S.wrap(label, chars) for label in labels]  # Chinese breaks between characters, Latin at spaces
    if horizontal:
        ax.set_yticks(ticks, wrapped)
        ax.set_xticks([])
        ax.spines["left"].set_visible(True)
        ax.invert_yaxis()
    else:
        ax.set_xticks(ticks, wrapped)
        ax.set_yticks([])
        ax.spines["bottom"].set_visible(True)


def fit_values(ax: Axes, fig: Figure, ends: list[tuple[float, float]], horizontal: bool, slots: int,
                bar: float) -> None:
    """Value limits that leave room for the labels; slots no wider than a bar can look good."""
    fig.draw_without_rendering()  # runs the layout, so the axes' size is final
    box = ax.get_window_extent()
    lo, hi = S.value_limits(ends, box.width if horizontal else box.height)
    (ax.set_xlim if horizontal else ax.set_ylim)(lo, hi)
    if lo < 0:  # the baseline goes through zero, the category labels stay at the edge
        ax.spines["left" if horizontal else "bottom"].set_visible(False)
        (ax.axvline if horizontal else ax.axhline)(0, color=T.AXIS, linewidth=S.BAR["spine_width"])
    cap_slots(ax, fig, slots, bar, horizontal)


def cap_slots(ax: Axes, fig: Figure, slots: int, bar: float, horizontal: bool) -> None:
    """Few categories in a big box: keep bars no thicker than ``max_bar_in``, centred."""
    box = ax.get_window_extent()
    across = box.height if horizontal else box.width
    widest = S.BAR["max_bar_in"]["bars" if horizontal else "columns"] * fig.dpi / bar
    extra = max(across / widest - slots, 0) / 2  # centred in the space
    if horizontal:
        ax.set_ylim(slots - 0.5 + extra, -0.5 - extra)
        ax.spines["left"].set_bounds(-0.5, slots - 0.5)
    else:
        ax.set_xlim(-0.5 - extra, slots - 0.5 + extra)
        ax.spines["bottom"].set_bounds(-0.5, slots - 0.5)
    unit = ax.get_title(loc="left")
    if extra > 0 and unit:  # keep the unit next to the bars, not at the far edge
        ax.set_title("", loc="left")
        edge = extra / (slots + 2 * extra)
        where = (0.0, 1 - edge) if horizontal else (edge, 1.0)
        ax.annotate(unit, where, xycoords="axes fraction", xytext=(0, 10), textcoords="offset points",
                    ha="left", va="bottom", fontsize=S.SIZES["subtitle"], color=T.TEXT_MUTED)
