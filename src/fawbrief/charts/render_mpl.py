"""ChartSpec → PNG bytes with matplotlib.

matplotlib is imported inside ``render_png`` only (a cache hit never pays for it),
drawn on an Agg canvas attached to a bare ``Figure`` (no pyplot, no global state)
under a local ``rc_context``. Charts are drawn at their placed size, so the
theme's point sizes are the sizes on the slide. There is no title (the slide
title carries the message), no value axis and no gridlines: every number in the
picture is a direct label taken verbatim from a point's ``display``/``note``,
so the picture holds no number that is not a fact.

Same spec, size and dpi → the same bytes: Agg output is deterministic and the
PNG carries no ``Software`` or time metadata.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fawbrief.charts import style as S
from fawbrief.charts.fonts import register_fonts
from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import AVERAGE_LATIN_EM
from fawbrief.model.slides import ChartPoint, ChartSeries, ChartSpec

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

#: Part of the chart cache key: bump when drawing code changes pixels.
RENDERER_VERSION = "mpl-3"  # 2: Chinese wrapping, full-width colons, bundled CJK font; 3: shipped Arimo

PAD = S.BAR["label_pad_pt"]
GAP_PT = 4.0  # between a value label and its note


def check_spec(spec: ChartSpec) -> None:
    """Raise ValueError for data no chart can show (NaN, infinities, no points)."""
    points = [p for s in spec.series for p in s.points]
    if not points:
        raise ValueError(f"chart {spec.title!r} has no points")
    for point in points:
        if not math.isfinite(point.value):
            raise ValueError(f"chart {spec.title!r}: point {point.label!r} ({point.fact}) is not finite")
    if spec.kind in ("funnel", "share", "target_actual") and any(p.value < 0 for p in points):
        raise ValueError(f"chart {spec.title!r}: a {spec.kind} chart cannot show negative values")
    if spec.kind == "share" and sum(p.value for p in spec.series[0].points) <= 0:
        raise ValueError(f"chart {spec.title!r}: shares add up to zero")


def preload() -> None:
    """Import what ``render_png`` needs now (e.g. once, before forking workers that will draw)."""
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # noqa: F401


def render_png(spec: ChartSpec, width_in: float, height_in: float, dpi: int = 200) -> bytes:
    """Draw ``spec`` as a ``width_in`` × ``height_in`` inch PNG at ``dpi``."""
    check_spec(spec)
    if not (width_in > 0 and height_in > 0 and dpi > 0):
        raise ValueError(f"bad chart size {width_in}x{height_in} in at {dpi} dpi")
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fonts_log = logging.getLogger("matplotlib.font_manager")
    fonts_log.addFilter(_no_findfont_noise)
    try:
        with matplotlib.rc_context(_rc_params()):
            fig = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor=T.WHITE, layout="constrained")
            FigureCanvasAgg(fig)
            fig.get_layout_engine().set(w_pad=4 / 72, h_pad=4 / 72, wspace=0, hspace=0)
            DRAW[spec.kind](fig, spec)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=dpi, facecolor=T.WHITE, metadata={"Software": None})
    finally:
        fonts_log.removeFilter(_no_findfont_noise)
    return buffer.getvalue()


def _no_findfont_noise(record: logging.LogRecord) -> bool:
    """CJK fallbacks have no bold face; matplotlib says so on every label ("findfont: …")."""
    return not record.getMessage().startswith("findfont:")


def _rc_params() -> dict[str, Any]:
    from matplotlib import font_manager

    register_fonts(font_manager)  # shipped Arimo and the pip-installed CJK font: same pixels anywhere
    installed = {f.name for f in font_manager.fontManager.ttflist}
    # A list of concrete families (not "sans-serif") makes matplotlib fall back glyph by glyph, and
    # leaving out the ones not installed keeps it from logging "findfont: not found".
    families = [f for f in (*S.FONT_FAMILIES, *S.CJK_FALLBACK) if f in installed]
    return {
        "font.family": [*families, "DejaVu Sans"] if "DejaVu Sans" not in families else families,
        "text.color": T.TEXT,
        "axes.edgecolor": T.AXIS,
        "axes.linewidth": S.BAR["spine_width"],
        "axes.labelcolor": T.TEXT,
        "xtick.color": T.TEXT,
        "ytick.color": T.TEXT,
        "hatch.linewidth": 1.0,
        "legend.frameon": False,
        "svg.hashsalt": "fawbrief",
    }


# ---------------------------------------------------------------- helpers


def _axes(fig: Figure, spec: ChartSpec) -> Axes:
    ax = fig.add_subplot()
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0, labelsize=S.SIZES["category"], pad=6)
    unit = spec.unit.strip()
    if unit and any(c.isalpha() for c in unit) and spec.kind != "share":
        ax.set_title(unit[:1].upper() + unit[1:], loc="left", fontsize=S.SIZES["subtitle"],
                     color=T.TEXT_MUTED, pad=10)
    return ax


def _text_px(fig: Figure, text: Text) -> tuple[float, float]:
    box = text.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    return box.width, box.height


def _pt(fig: Figure, px: float) -> float:
    return px * 72 / fig.dpi


def _wrap(label: str, chars: int) -> str:
    return S.wrap(label, chars)  # Chinese breaks between characters, Latin at spaces


def _bar_labels(ax: Axes, fig: Figure, point: ChartPoint, at: tuple[float, float], horizontal: bool,
                color: str = T.TEXT) -> float:
    """Value label (and note) beyond a bar end; returns the px they need."""
    sign = -1 if point.value < 0 else 1
    if horizontal:
        ha = "left" if sign > 0 else "right"
        main = ax.annotate(point.display, at, xytext=(sign * PAD, 0), textcoords="offset points", ha=ha,
                           va="center", fontsize=S.SIZES["label"], weight=S.LABEL_WEIGHT, color=color,
                           annotation_clip=False)
        main.set_in_layout(False)
        width, _ = _text_px(fig, main)
        need = PAD * fig.dpi / 72 + width
        if point.note:
            offset = sign * (PAD + _pt(fig, width) + GAP_PT)
            note = ax.annotate(point.note, at, xytext=(offset, 0), textcoords="offset points", ha=ha,
                               va="center", fontsize=S.SIZES["note"], color=T.TEXT_MUTED,
                               annotation_clip=False)
            note.set_in_layout(False)
            need += GAP_PT * fig.dpi / 72 + _text_px(fig, note)[0]
        return need
    va = "bottom" if sign > 0 else "top"
    main = ax.annotate(point.display, at, xytext=(0, sign * PAD), textcoords="offset points", ha="center",
                       va=va, fontsize=S.SIZES["label"], weight=S.LABEL_WEIGHT, color=color,
                       annotation_clip=False)
    main.set_in_layout(False)
    _, height = _text_px(fig, main)
    need = PAD * fig.dpi / 72 + height
    if point.note:
        note = ax.annotate(point.note, at, xytext=(0, sign * (PAD + _pt(fig, height) + 1)),
                           textcoords="offset points", ha="center", va=va, fontsize=S.SIZES["note"],
                           color=T.TEXT_MUTED, annotation_clip=False)
        note.set_in_layout(False)
        need += fig.dpi / 72 + _text_px(fig, note)[1]
    return need


def _colors(series: list[ChartSeries]) -> list[str | None]:
    """Palette colour per actual series; ``None`` for a target (drawn hatched)."""
    colors: list[str | None] = []
    actual = 0
    for one in series:
        colors.append(None if one.role == "target" else S.series_color(actual))
        actual += one.role != "target"
    return colors


def _bar(ax: Axes, pos: float, value: float, thickness: float, horizontal: bool, color: str | None) -> None:
    if color is None:
        _target_bar(ax, pos, value, thickness, horizontal)
    elif horizontal:
        ax.barh(pos, value, height=thickness, color=color, linewidth=0)
    else:
        ax.bar(pos, value, width=thickness, color=color, linewidth=0)


def _categories(spec: ChartSpec) -> list[str]:
    return list(dict.fromkeys(p.label for s in spec.series for p in s.points))


def _category_axis(ax: Axes, ticks: list[float], labels: list[str], horizontal: bool, chars: int) -> None:
    wrapped = [_wrap(label, chars) for label in labels]
    if horizontal:
        ax.set_yticks(ticks, wrapped)
        ax.set_xticks([])
        ax.spines["left"].set_visible(True)
        ax.invert_yaxis()
    else:
        ax.set_xticks(ticks, wrapped)
        ax.set_yticks([])
        ax.spines["bottom"].set_visible(True)


def _fit_values(ax: Axes, fig: Figure, ends: list[tuple[float, float]], horizontal: bool, slots: int,
                bar: float) -> None:
    """Value limits that leave room for the labels; slots no wider than a bar can look good."""
    fig.draw_without_rendering()  # runs the layout, so the axes' size is final
    box = ax.get_window_extent()
    lo, hi = S.value_limits(ends, box.width if horizontal else box.height)
    (ax.set_xlim if horizontal else ax.set_ylim)(lo, hi)
    if lo < 0:  # the baseline goes through zero, the category labels stay at the edge
        ax.spines["left" if horizontal else "bottom"].set_visible(False)
        (ax.axvline if horizontal else ax.axhline)(0, color=T.AXIS, linewidth=S.BAR["spine_width"])
    _cap_slots(ax, fig, slots, bar, horizontal)


def _cap_slots(ax: Axes, fig: Figure, slots: int, bar: float, horizontal: bool) -> None:
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


# ---------------------------------------------------------------- bars


def _draw_bars(fig: Figure, spec: ChartSpec) -> None:
    """bar, grouped_bar and the general target_actual: clustered bars or columns."""
    ax = _axes(fig, spec)
    categories = _categories(spec)
    series = [s for s in spec.series if s.points]
    labels = [t for s in series for p in s.points for t in (p.display, p.note or "")]
    width_in = fig.get_figwidth()
    horizontal = not S.columns_fit(width_in, categories, labels, len(series))
    group = S.BAR["group_width"] if len(series) > 1 else S.BAR["width"]
    thickness = group / len(series)
    ends = []
    colors = _colors(series)
    for j, (one, color) in enumerate(zip(series, colors, strict=True)):
        offset = (j - (len(series) - 1) / 2) * thickness
        for point in one.points:
            pos = categories.index(point.label) + offset
            _bar(ax, pos, point.value, thickness * 0.92, horizontal, color)
            at = (point.value, pos) if horizontal else (pos, point.value)
            ends.append((point.value, _bar_labels(ax, fig, point, at, horizontal)))
    chars = (S.category_chars(width_in, fig.get_figheight(), len(categories)) if horizontal
             else int(width_in * 0.9 / len(categories) / (AVERAGE_LATIN_EM * S.SIZES["category"] / 72)))
    _category_axis(ax, list(range(len(categories))), categories, horizontal, chars)
    if len(series) > 1:
        _legend(ax, [one.name for one in series], colors)
    _fit_values(ax, fig, ends, horizontal, len(categories), thickness * 0.92)


def _legend(ax: Axes, names: list[str], colors: list[str | None]) -> None:
    """Small, frameless, above the plot on the right (the unit sits on the left)."""
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=T.TARGET_FILL, edgecolor=T.TARGET_EDGE, hatch="///", linestyle=(0, (2, 1)))
               if color is None else Patch(facecolor=color, linewidth=0) for color in colors]
    ax.legend(handles, names, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=len(names),
              fontsize=S.SIZES["legend"], frameon=False, handlelength=1.0, handleheight=1.0,
              columnspacing=1.4, borderaxespad=0.3)


# ---------------------------------------------------------------- target vs actual


def _draw_target_actual(fig: Figure, spec: ChartSpec) -> None:
    actual = [s for s in spec.series if s.role == "actual" and s.points]
    target = [s for s in spec.series if s.role == "target" and s.points]
    if len(actual) != 1 or len(target) != 1:
        _draw_bars(fig, spec)
        return
    ax = _axes(fig, spec)
    categories = _categories(spec)
    goals = {p.label: p for p in target[0].points}
    ends: list[tuple[float, float]] = []
    labelled: list[tuple[Text, float, ChartPoint]] = []
    for i, label in enumerate(categories):
        goal = goals.get(label)
        point = next((p for p in actual[0].points if p.label == label), None)
        names = i == 0  # name the series once, on the first row, instead of a legend
        if goal is not None:
            _target_bar(ax, i, goal.value, 0.62)
            ax.plot([goal.value] * 2, [i - 0.36, i + 0.36], color=T.NAVY, linewidth=2.5,
                    solid_capstyle="butt")
            text = S.name_value(target[0].name, goal.display) if names and target[0].name else goal.display
            if point is not None and point.value >= goal.value:  # met: the actual's label takes the right
                ann = ax.annotate(text, (goal.value, i + 0.36), xytext=(0, -2), textcoords="offset points",
                                  ha="right", va="top", fontsize=S.SIZES["note"], weight=S.LABEL_WEIGHT,
                                  color=T.TEXT, annotation_clip=False)
                ann.set_in_layout(False)
            else:
                ends.append((goal.value, _bar_labels(ax, fig, _relabel(goal, text), (goal.value, i), True)))
        if point is not None:
            ax.barh(i, point.value, height=0.34, color=T.NAVY, linewidth=0)
            text = S.name_value(actual[0].name, point.display) if names and actual[0].name else point.display
            ann = ax.annotate(text, (point.value, i), xytext=(PAD, 0), textcoords="offset points",
                              ha="left", va="center", fontsize=S.SIZES["label"], weight=S.LABEL_WEIGHT,
                              color=T.TEXT, annotation_clip=False,
                              bbox={"boxstyle": "square,pad=0.15", "facecolor": T.WHITE, "linewidth": 0})
            ann.set_in_layout(False)
            labelled.append((ann, point.value, point))
            ends.append((point.value, PAD * fig.dpi / 72 + _text_px(fig, ann)[0]))
    _category_axis(ax, list(range(len(categories))), categories, True,
                   S.category_chars(fig.get_figwidth(), fig.get_figheight(), len(categories)))
    _fit_values(ax, fig, ends, True, len(categories), 0.62)
    _place_actual_labels(fig, ax, labelled, goals)


def _target_bar(ax: Axes, pos: float, value: float, thickness: float, horizontal: bool = True) -> None:
    """Light hatching inside a dashed outline: clearly not an actual."""
    draw = ax.barh if horizontal else ax.bar
    draw(pos, value, thickness, color=T.TARGET_FILL, edgecolor=T.TARGET_HATCH, hatch=S.BAR["target_hatch"],
         linewidth=0)
    draw(pos, value, thickness, fill=False, edgecolor=T.TARGET_EDGE, linewidth=S.BAR["target_line"],
         linestyle=(0, (4, 2)))


def _relabel(point: ChartPoint, text: str) -> ChartPoint:
    return ChartPoint(point.label, point.value, point.fact, text, point.note, point.note_fact)


def _place_actual_labels(fig: Figure, ax: Axes, labelled: list[tuple[Text, float, ChartPoint]],
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
        width = _text_px(fig, ann)[0]
        if not value <= goal.value < value + (pad_px + width + 6) * per_px:
            continue
        row = ann.xy[1]  # type: ignore[attr-defined]
        if (value - lo) / per_px >= width + 2 * pad_px:
            ann.set_position((-PAD, 0))
            ann.set_ha("right")
            ann.set_color(T.WHITE)
            ann.get_bbox_patch().set_visible(False)  # type: ignore[union-attr]
        else:
            ann.xy = (0.0, row + 0.31)  # type: ignore[attr-defined]
            ann.set_position((0, -2))
            ann.set_va("top")


# ---------------------------------------------------------------- funnel


def _draw_funnel(fig: Figure, spec: ChartSpec) -> None:
    ax = _axes(fig, spec)
    points = list(spec.series[0].points)
    top = max(p.value for p in points) or 1.0
    n = len(points)
    height = 0.64
    colors = [S.blend(T.NAVY, T.GREY_BLUE, i / max(n - 1, 1)) for i in range(n)]
    for i, (point, color) in enumerate(zip(points, colors, strict=True)):
        ax.barh(i, point.value, left=-point.value / 2, height=height, color=color, linewidth=0)
        if i + 1 < n:
            nxt = points[i + 1].value
            ax.fill([-point.value / 2, point.value / 2, nxt / 2, -nxt / 2],
                    [i + height / 2, i + height / 2, i + 1 - height / 2, i + 1 - height / 2],
                    color=T.CONNECTOR, linewidth=0)
    _category_axis(ax, list(range(n)), [p.label for p in points], True,
                   S.category_chars(fig.get_figwidth(), fig.get_figheight(), n))
    ax.spines["left"].set_visible(False)
    fig.draw_without_rendering()
    _cap_slots(ax, fig, n, height, True)
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
        _place_funnel_label(fig, text, point, ins, color)


def _funnel_label(ax: Axes, fig: Figure, point: ChartPoint, i: int) -> tuple[Text, float, float]:
    """Add the label (placed later); return it, its width and the px its note needs."""
    text = ax.annotate(point.display, (0, i), ha="center", va="center", fontsize=S.SIZES["label"],
                       weight=S.LABEL_WEIGHT, annotation_clip=False, textcoords="offset points",
                       xytext=(0, 0))
    text.set_in_layout(False)
    width = _text_px(fig, text)[0]
    extra = PAD * fig.dpi / 72
    if point.note:
        probe = ax.annotate(point.note, (0, i), fontsize=S.SIZES["note"])
        extra += GAP_PT * fig.dpi / 72 + _text_px(fig, probe)[0]
        probe.remove()
    return text, width, extra


def _place_funnel_label(fig: Figure, text: Text, point: ChartPoint, inside: bool, fill: str) -> None:
    y = text.xy[1]  # type: ignore[attr-defined]
    if inside:
        text.set_color(S.text_on(fill))
        after = (point.value / 2, PAD)
    else:
        text.xy = (point.value / 2, y)  # type: ignore[attr-defined]
        text.set_position((PAD, 0))
        text.set_ha("left")
        text.set_color(T.TEXT)
        after = (point.value / 2, PAD + _pt(fig, _text_px(fig, text)[0]) + GAP_PT)
    if point.note:
        note = text.axes.annotate(point.note, (after[0], y), xytext=(after[1], 0), textcoords="offset points",
                                  ha="left", va="center", fontsize=S.SIZES["note"], color=T.TEXT_MUTED,
                                  annotation_clip=False)
        note.set_in_layout(False)


# ---------------------------------------------------------------- share


def _draw_share(fig: Figure, spec: ChartSpec) -> None:
    """A donut: one-line labels beside their slices, or a colour key beside the ring when crowded."""
    points = [p for p in spec.series[0].points if p.value > 0]
    ax = fig.add_subplot()
    ax.set_axis_off()
    fig.draw_without_rendering()
    box = ax.get_window_extent()
    rows = [_share_row(ax, fig, p) for p in points]
    widest = max(w for _, _, w, _ in rows)
    line = max(h for _, _, _, h in rows) * 1.25
    colors = [S.series_color(i) for i in range(len(points))]
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
           center=(centre, 0), wedgeprops={"width": S.BAR["donut_width"], "edgecolor": T.WHITE,
                                           "linewidth": 1.5})
    ax.set_xlim(-box.width / 2 / radius, box.width / 2 / radius)
    ax.set_ylim(-box.height / 2 / radius, box.height / 2 / radius)
    ax.set_aspect("auto")
    name = spec.series[0].name.strip()
    if name:
        ax.text(centre, 0, _wrap(name, 14), ha="center", va="center", fontsize=S.SIZES["center"],
                color=T.TEXT_MUTED)
    if beside:
        _share_beside(ax, fig, rows, angles, spread, radius)
    else:
        _share_key(ax, fig, rows, colors, centre + 1.3, line / radius)


def _share_row(ax: Axes, fig: Figure, point: ChartPoint) -> tuple[Text, Text, float, float]:
    """The label (muted) and the value (bold) of one part; placed later."""
    label = ax.text(0, 0, point.label, fontsize=S.SIZES["note"], color=T.TEXT_MUTED, va="center")
    value = ax.text(0, 0, point.display, fontsize=S.SIZES["label"], weight=S.LABEL_WEIGHT, va="center")
    lw, lh = _text_px(fig, label)
    vw, vh = _text_px(fig, value)
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


def _share_beside(ax: Axes, fig: Figure, rows: list[tuple[Text, Text, float, float]], angles: list[float],
                  spread: dict[int, list[float]], radius: float) -> None:
    place = {a: y for side, group in _sides(angles).items() for a, y in zip(group, spread[side], strict=True)}
    gap = GAP_PT * fig.dpi / 72 / radius
    for (label, value, _, _), angle in zip(rows, angles, strict=True):
        side = 1 if math.cos(angle) >= 0 else -1
        y = place[angle]
        c, s = math.cos(angle), math.sin(angle)
        ax.plot([c, 1.06 * c, side * 1.12], [s, 1.06 * s, y], color=T.AXIS, linewidth=0.8)
        x = side * 1.16
        first, second = (label, value) if side > 0 else (value, label)
        first.set_position((x, y))
        first.set_ha("left" if side > 0 else "right")
        width = _text_px(fig, first)[0] / radius
        second.set_position((x + side * (width + gap), y))
        second.set_ha("left" if side > 0 else "right")


def _share_key(ax: Axes, fig: Figure, rows: list[tuple[Text, Text, float, float]], colors: list[str],
               x: float, line: float) -> None:
    """A colour key: swatch, value (bold), label; rows centred on the ring."""
    from matplotlib.patches import Rectangle

    top = (len(rows) - 1) * line / 2
    size = line * 0.55
    gap = GAP_PT * fig.dpi / 72
    value_width = max(_text_px(fig, v)[0] for _, v, _, _ in rows)
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


DRAW: dict[str, Callable[[Figure, ChartSpec], None]] = {
    "bar": _draw_bars,
    "grouped_bar": _draw_bars,
    "target_actual": _draw_target_actual,
    "funnel": _draw_funnel,
    "share": _draw_share,
}
