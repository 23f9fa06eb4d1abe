"""Share: a donut with one-line labels beside their slices, or a colour key when crowded, in a
``ChartPalette``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from fawbrief.charts import style as S
from fawbrief.charts.mpl_axes import GAP_PT, text_px, wrap
from fawbrief.charts.style import ChartPalette
from fawbrief.model.slides import ChartPoint, ChartSeries, ChartSpec

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text


def draw_share(fig: Figure, spec: ChartSpec, pal: ChartPalette) -> None:
    """A donut: one-line labels beside their slices, or a colour key beside the ring when crowded."""
    points = [p for p in spec.series[0].points if p.value > 0]
    ax = fig.add_subplot()
    ax.set_axis_off()
    fig.draw_without_rendering()
    box = ax.get_window_extent()
    rows = [_share_row(ax, fig, pal, p) for p in points]
    widest = max(w for _, _, w, _ in rows)
    line = max(h for _, _, _, h in rows) * 1.25
    fills = S.emphasis_fills("share", [ChartSeries(spec.series[0].name, tuple(points))])
    colors = [S.fill_color(f, pal) if f else pal.series_color(i)
              for i, f in enumerate(fills[0] if fills else [None] * len(points))]
    radius = max(min((box.height / 2 - line / 2) / 1.12, (box.width / 2 - widest - 20) / 1.16), 20.0)
    angles = _angles(points)
    spread = {side: _spread([1.12 * math.sin(a) for a in group], line / radius)
              for side, group in _sides(angles).items()}
    beside = all(abs(y - 1.12 * math.sin(a)) < 0.3 for side, group in _sides(angles).items()
                 for a, y in zip(group, spread[side], strict=True))
    room = (box.height / 2 - line / 2) / radius + 1e-9
    if beside and all(abs(y) <= room for ys in spread.values() for y in ys):
        centre = 0.0
    else:  # the key: ring on the left, one row per part on the right, the pair centred
        radius = max(min(box.height / 2 - line / 2, (box.width - widest - 40) / 2.3), 20.0)
        centre = 1 - (2.3 * radius + widest) / 2 / radius
        beside = False
    ax.set_xlim(-box.width / 2 / radius, box.width / 2 / radius)
    ax.set_ylim(-box.height / 2 / radius, box.height / 2 / radius)
    ax.pie([p.value for p in points], colors=colors, startangle=90, counterclock=False, radius=1.0,
           center=(centre, 0), wedgeprops={"width": S.BAR["donut_width"], "edgecolor": pal.paper,
                                           "linewidth": 1.5})
    ax.set_xlim(-box.width / 2 / radius, box.width / 2 / radius)
    ax.set_ylim(-box.height / 2 / radius, box.height / 2 / radius)
    ax.set_aspect("auto")
    name = spec.series[0].name.strip()
    if name:
        ax.text(centre, 0, wrap(name, 14), ha="center", va="center", fontsize=S.SIZES["center"],
                color=pal.muted)
    if beside:
        _share_beside(ax, fig, pal, rows, angles, spread, radius)
    else:
        _share_key(ax, fig, rows, colors, centre + 1.3, line / radius)


def _share_row(ax: Axes, fig: Figure, pal: ChartPalette, point: ChartPoint) -> tuple[Text, Text, float, float]:
    """The label (muted) and the value (bold) of one part; placed later."""
    label = ax.text(0, 0, point.label, fontsize=S.SIZES["note"], color=pal.muted, va="center")
    value = ax.text(0, 0, point.display, fontsize=S.SIZES["label"], weight=S.LABEL_WEIGHT, va="center")
    lw, lh = text_px(fig, label)
    vw, vh = text_px(fig, value)
    return label, value, lw + vw + GAP_PT * fig.dpi / 72, max(lh, vh)


def _angles(points: list[ChartPoint]) -> list[float]:
    """Mid-angle of each slice (radians), clockwise from twelve o'clock like ``pie``."""
    total = sum(p.value for p in points)
    out, start = [], 90.0
    for point in points:
        sweep = 360 * point.value / total
        out.append(math.radians(start - sweep / 2))
        start -= sweep
    return out


def _sides(angles: list[float]) -> dict[int, list[float]]:
    """Angles on the right (1) and left (-1), each sorted top to bottom."""
    return {side: sorted((a for a in angles if (math.cos(a) >= 0) == (side > 0)), key=lambda a: -math.sin(a))
            for side in (1, -1)}


def _share_beside(ax: Axes, fig: Figure, pal: ChartPalette, rows: list[tuple[Text, Text, float, float]],
                  angles: list[float], spread: dict[int, list[float]], radius: float) -> None:
    place = {a: y for side, group in _sides(angles).items() for a, y in zip(group, spread[side], strict=True)}
    gap = GAP_PT * fig.dpi / 72 / radius
    for (label, value, _, _), angle in zip(rows, angles, strict=True):
        side = 1 if math.cos(angle) >= 0 else -1
        y = place[angle]
        c, s = math.cos(angle), math.sin(angle)
        ax.plot([c, 1.06 * c, side * 1.12], [s, 1.06 * s, y], color=pal.axis, linewidth=0.8)
        x = side * 1.16
        first, second = (label, value) if side > 0 else (value, label)
        first.set_position((x, y))
        first.set_ha("left" if side > 0 else "right")
        width = text_px(fig, first)[0] / radius
        second.set_position((x + side * (width + gap), y))
        second.set_ha("left" if side > 0 else "right")


def _share_key(ax: Axes, fig: Figure, rows: list[tuple[Text, Text, float, float]], colors: list[str],
               x: float, line: float) -> None:
    """A colour key: swatch, value (bold), label; rows centred on the ring."""
    from matplotlib.patches import Rectangle

    top = (len(rows) - 1) * line / 2
    size = line * 0.55
    gap = GAP_PT * fig.dpi / 72
    value_width = max(text_px(fig, v)[0] for _, v, _, _ in rows)
    for i, ((label, value, _, _), color) in enumerate(zip(rows, colors, strict=True)):
        y = top - i * line
        ax.add_patch(Rectangle((x, y - size / 2), size, size, color=color, linewidth=0))
        value.set_position((x + size * 1.6, y))
        value.set_ha("left")
        label.set_position((x + size * 1.6, y))
        label.set_ha("left")
        label.set_transform(label.get_transform() + _offset(fig, value_width + gap))


def _offset(fig: Figure, px: float) -> Any:
    from matplotlib.transforms import Affine2D

    return Affine2D().translate(px, 0)


def _spread(ys: list[float], gap: float) -> list[float]:
    """Push label heights (sorted top to bottom) apart by at least ``gap``."""
    out: list[float] = []
    for y in ys:
        out.append(min(y, out[-1] - gap) if out else y)
    return out
