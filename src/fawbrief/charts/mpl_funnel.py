"""Funnel: centred bars narrowing stage by stage, labels inside when they fit, in a ``ChartPalette``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fawbrief.charts import style as S
from fawbrief.charts.mpl_axes import GAP_PT, PAD, axes, cap_slots, category_axis, pt, text_px
from fawbrief.charts.style import ChartPalette
from fawbrief.model.slides import ChartPoint, ChartSpec

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text


def draw_funnel(fig: Figure, spec: ChartSpec, pal: ChartPalette) -> None:
    """Stages as centred bars, widest first, joined by light connectors; labels inside or beside."""
    ax = axes(fig, spec, pal)
    points = list(spec.series[0].points)
    top = max(p.value for p in points) or 1.0
    n = len(points)
    height = 0.64
    colors = [S.blend(pal.figure, pal.fade, i / max(n - 1, 1)) for i in range(n)]
    for i, (point, color) in enumerate(zip(points, colors, strict=True)):
        ax.barh(i, point.value, left=-point.value / 2, height=height, color=color, linewidth=0)
        if i + 1 < n:
            nxt = points[i + 1].value
            ax.fill([-point.value / 2, point.value / 2, nxt / 2, -nxt / 2],
                    [i + height / 2, i + height / 2, i + 1 - height / 2, i + 1 - height / 2],
                    color=pal.connector, linewidth=0)
    category_axis(ax, list(range(n)), [p.label for p in points], True,
                   S.category_chars(fig.get_figwidth(), fig.get_figheight(), n))
    ax.spines["left"].set_visible(False)
    fig.draw_without_rendering()
    cap_slots(ax, fig, pal, n, height, True)
    span = ax.get_window_extent().width
    labels = [_funnel_label(ax, fig, p, i) for i, p in enumerate(points)]
    half = top / 2
    inside = [False] * n
    for _ in range(4):
        inside = [w + 4 * PAD * fig.dpi / 72 < p.value / (2 * half) * span
                  for p, (_, w, _) in zip(points, labels, strict=True)]
        needs = [(p.value, (0 if ins else w) + extra)
                 for p, ins, (_, w, extra) in zip(points, inside, labels, strict=True)]
        half = max([top / 2, *(v * span / (2 * span - 4 * need) for v, need in needs if 2 * span > 4 * need)])
    ax.set_xlim(-half, half)
    for (text, _, _), point, ins, color in zip(labels, points, inside, colors, strict=True):
        _place_funnel_label(fig, pal, text, point, ins, color)


def _funnel_label(ax: Axes, fig: Figure, point: ChartPoint, i: int) -> tuple[Text, float, float]:
    """Add the label (placed later); return it, its width and the px its note needs."""
    text = ax.annotate(point.display, (0, i), ha="center", va="center", fontsize=S.SIZES["label"],
                       weight=S.LABEL_WEIGHT, annotation_clip=False, textcoords="offset points",
                       xytext=(0, 0))
    text.set_in_layout(False)
    width = text_px(fig, text)[0]
    extra = PAD * fig.dpi / 72
    if point.note:
        probe = ax.annotate(point.note, (0, i), fontsize=S.SIZES["note"])
        extra += GAP_PT * fig.dpi / 72 + text_px(fig, probe)[0]
        probe.remove()
    return text, width, extra


def _place_funnel_label(fig: Figure, pal: ChartPalette, text: Text, point: ChartPoint, inside: bool,
                        fill: str) -> None:
    y = text.xy[1]  # type: ignore[attr-defined]
    if inside:
        text.set_color(S.text_on(fill))
        after = (point.value / 2, PAD)
    else:
        text.xy = (point.value / 2, y)  # type: ignore[attr-defined]
        text.set_position((PAD, 0))
        text.set_ha("left")
        text.set_color(pal.text)
        after = (point.value / 2, PAD + pt(fig, text_px(fig, text)[0]) + GAP_PT)
    if point.note:
        note = text.axes.annotate(point.note, (after[0], y), xytext=(after[1], 0), textcoords="offset points",
                                  ha="left", va="center", fontsize=S.SIZES["note"], color=pal.muted,
                                  annotation_clip=False)
        note.set_in_layout(False)
