"""The one chart theme, shared by the picture renderer and native charts.

Colours and the East Asian font are the slides' design tokens (``core/tokens``);
sizes are in points *at the size the chart is placed on the slide* (the renderer
draws at placed size), so 12 pt here is 12 pt on the slide. Nothing here imports
matplotlib or python-pptx.

``STYLE_VERSION`` is a hash of everything below that changes pixels; the chart
cache includes it in its key, so editing the theme invalidates cached charts.
Layout rules that both renderers follow (bars or columns) live here too, so a
picture and a native chart of the same spec have the same orientation.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any

from fawbrief.charts.fonts import CJK_FAMILY, LATIN_FAMILY
from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import AVERAGE_LATIN_EM, default_metrics, has_wide, is_wide, text_width_in

#: Arimo ships with fawbrief (``fonts.py``): no system font can change a chart's pixels.
FONT_FAMILIES = (LATIN_FAMILY,)
#: Fallbacks for Chinese decks, tried glyph by glyph after the Latin families. The first is shipped
#: by a pip package (``fonts.py``), so every machine draws the same glyphs; the rest are system fonts.
CJK_FALLBACK = (CJK_FAMILY, T.EA_FONT, "Source Han Sans SC", "WenQuanYi Micro Hei",
                "Droid Sans Fallback")
#: Never at the start of a line in Chinese (closing punctuation), so wrapping keeps it on the line before.
NO_LINE_START = set("，。、；：？！）」』》〉”’%·…")
_TOKENS = re.compile(r"\s+|[^\s\u2E80-\uFFEF]+|.")  # spaces, a run of non-CJK characters, or one character

SIZES = {
    "label": 12.0,  # data labels (display values)
    "note": 11.0,  # second labels such as growth
    "category": 12.0,  # category axis labels
    "legend": 11.0,
    "center": 12.0,  # text in a donut's hole
}

BAR = {
    "width": 0.62,  # bar thickness as a share of the category slot
    "group_width": 0.78,  # all bars of one category in a grouped chart
    "label_pad_pt": 4.0,  # between a bar end and its label
    "spine_width": 1.0,
    "target_hatch": "///",
    "target_line": 1.4,
    "donut_width": 0.38,  # ring thickness as a share of the radius
    # thickest bar on the slide, inches; a target chart's few rows fill their box (a target and its actual
    # are the whole message: not two slivers in white space)
    "max_bar_in": {"bars": 0.45, "columns": 1.5, "targets": 0.7},
}

LABEL_WEIGHT = "bold"
#: How far a greyed bar or part goes from its colour towards the paper (``emphasis_fills``).
FADE = 0.72


def _style_dict() -> dict[str, Any]:
    return {
        "colors": [T.NAVY, T.BLUE, T.RED, T.GREY_BLUE, T.AMBER, T.GREEN, T.GREY, T.TEXT, T.TEXT_MUTED, T.AXIS,
                   T.CONNECTOR, T.TARGET_FILL, T.TARGET_EDGE, T.TARGET_HATCH],
        "series": list(T.SERIES),
        "fonts": list(FONT_FAMILIES),
        "cjk": list(CJK_FALLBACK),
        "sizes": SIZES,
        "bar": BAR,
        "weight": LABEL_WEIGHT,
        "layout": 5,  # bump when a layout rule below changes (3: shipped Arimo; 4: measured label widths;
        # 5: emphasis, no unit caption, a target chart scaled to its data)
        "fade": FADE,
    }


STYLE_VERSION = hashlib.sha256(json.dumps(_style_dict(), sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ChartPalette:
    """The colours a chart is drawn in: the design tokens by default, a theme's on a corporate master
    (``write/look``), so a chart recolours with the slides. ``transparent``: the picture has no
    background of its own, and the slide's shows through."""

    text: str = T.TEXT
    muted: str = T.TEXT_MUTED
    axis: str = T.AXIS
    connector: str = T.CONNECTOR
    paper: str = T.WHITE  # the picture's background, label boxes, the lines between a donut's parts
    figure: str = T.NAVY  # an actual against its target; a funnel's first stage
    fade: str = T.GREY_BLUE  # a funnel's last stage
    series: tuple[str, ...] = T.SERIES
    target_fill: str = T.TARGET_FILL
    target_edge: str = T.TARGET_EDGE
    target_hatch: str = T.TARGET_HATCH
    transparent: bool = False

    def series_color(self, index: int) -> str:
        """The colour of the ``index``-th actual series (or part of a whole), repeating."""
        return self.series[index % len(self.series)]

    def key(self) -> dict[str, Any] | None:
        """What the chart cache adds to its key: nothing for the default palette (its pictures keep their
        names), every colour for another."""
        return None if self == DEFAULT_PALETTE else {**dataclasses.asdict(self), "drawn": PALETTE_DRAWING}


DEFAULT_PALETTE = ChartPalette()
PALETTE_DRAWING = 2  # bump when a palette other than the default draws differently (2: transparent figures)


#: How a bar or a part is filled when its chart has an emphasis: ``("series", k)`` the k-th series colour
#: (k = 0 is the theme's first accent), ``("faded", k)`` that colour greyed, ``("rest", 0)`` the grey of
#: what does not carry the title. ``None``: not filled by emphasis (a target, drawn hatched).
Fill = tuple[str, int]


def emphasis_fills(kind: str, series: list[Any]) -> list[list[Fill | None]] | None:
    """Per series, per point, how it is filled; ``None`` when no point has ``emphasis`` (the palette as before).

    The point or series that carries the title (``emphasis``) keeps its colour, the rest are greyed:
    parts of a whole (``share``) and a one-series chart give the emphasised parts the series colours in
    order and every other part one grey; a chart of several series keeps each series' colour on its
    emphasised points and greys the others in a faded version of it, so the series still tell apart.
    Both renderers call this, so a picture and a native chart agree.
    """
    if not any(p.emphasis for one in series for p in one.points):
        return None
    roles = sorted(one.role for one in series if one.points)
    if kind == "funnel" or (kind == "target_actual" and roles == ["actual", "target"]):
        return None  # drawn with their own contrast: stages dark to light, an actual inside its target
    if kind == "share":
        out, rank = [], 0
        for point in series[0].points:
            out.append(("series", rank) if point.emphasis else ("rest", 0))
            rank += point.emphasis
        return [out, *([] for _ in series[1:])]
    actuals = [one for one in series if one.role != "target"]
    fills: list[list[Fill | None]] = []
    k = 0
    for one in series:
        if one.role == "target":
            fills.append([None for _ in one.points])
            continue
        if len(actuals) == 1:
            fills.append([("series", 0) if p.emphasis else ("rest", 0) for p in one.points])
        else:
            fills.append([("series", k) if p.emphasis else ("faded", k) for p in one.points])
        k += 1
    return fills


def fill_color(fill: Fill, pal: ChartPalette) -> str:
    """A ``Fill`` in ``pal``'s colours."""
    kind, k = fill
    if kind == "series":
        return pal.series_color(k)
    base = pal.series_color(k) if kind == "faded" else pal.text
    return blend(base, pal.paper, FADE)


def text_on(fill: str) -> str:
    """White or dark text, whichever reads better on ``fill``."""
    return T.WHITE if T.contrast(T.WHITE, fill) >= T.contrast(T.TEXT, fill) else T.TEXT


def series_color(index: int) -> str:
    """The colour of the ``index``-th actual series (or part of a whole), repeating after seven."""
    return T.SERIES[index % len(T.SERIES)]


def blend(a: str, b: str, t: float) -> str:
    """The colour ``t`` of the way from ``a`` to ``b``."""
    mixed = (round(x + (y - x) * t) for x, y in zip(T.rgb(a), T.rgb(b), strict=True))
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _ems(line: str) -> float:
    return default_metrics().width(line, 1.0)


def name_value(name: str, value: str) -> str:
    """``Target: 180,000``; after a Chinese name the colon is full-width: ``目标：18万``."""
    return f"{name}：{value}" if name and is_wide(name[-1]) else f"{name}: {value}"


def pieces(text: str) -> list[str]:
    """Pieces no line break may split: a word, or one Chinese character (which breaks anywhere)."""
    return [p for p in _TOKENS.findall(text) if not p.isspace()]


def wrap(label: str, chars: int) -> str:
    """``label`` in lines of at most ``chars`` Latin-character widths. Latin text breaks at
    spaces (``textwrap``); Chinese between any two characters, but closing punctuation
    never starts a line."""
    if not has_wide(label):
        return textwrap.fill(label, width=max(chars, 6), break_long_words=False) if len(label) > chars else label
    limit = max(chars, 6) * AVERAGE_LATIN_EM  # ``chars`` average Latin characters, in ems
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(label):
        fits = _ems(line + token) <= limit or not line.strip() or token in NO_LINE_START
        if fits:
            line += token
        elif not token.isspace():
            lines.append(line.rstrip())
            line = token
    lines.append(line.rstrip())
    return "\n".join(lines)


def category_chars(width_in: float, height_in: float, rows: int) -> int:
    """Characters per line of horizontal bars' category labels: at most ~40% of the width,
    but never more lines than a row has room for (then the label takes the width it needs)."""
    chars = max(10, min(28, int(width_in * 0.4 / (AVERAGE_LATIN_EM * SIZES["category"] / 72))))
    lines = int(height_in * 0.85 / max(rows, 1) / (SIZES["category"] * 1.25 / 72))
    return chars if lines >= 2 else 1000


def columns_fit(width_in: float, categories: list[str], labels: list[str], bars_per_category: int) -> bool:
    """Whether vertical columns leave room for each category's labels.

    Otherwise the chart is drawn as horizontal bars, which always have room.
    Both renderers call this with the placed width, so they agree. Labels are
    measured bold, as they are drawn; categories regular.
    """
    if not categories or len(categories) > 7:
        return False
    plot_width = width_in * 0.9
    slot = plot_width / len(categories)
    bar = slot * BAR["group_width"] / bars_per_category if bars_per_category > 1 else slot * BAR["width"]
    widest_label = max((text_width_in(s, SIZES["label"], bold=LABEL_WEIGHT == "bold") for s in labels), default=0.0)
    words = [w for c in categories for w in pieces(c)]
    widest_word = max((text_width_in(w, SIZES["category"]) for w in words), default=0.0)
    lines = max(text_width_in(c, SIZES["category"]) for c in categories) / (slot * 0.95)
    return widest_label <= bar + slot * 0.02 and widest_word <= slot * 0.95 and lines <= 2


def value_limits(ends: list[tuple[float, float]], span: float) -> tuple[float, float]:
    """Value-axis limits leaving ``need`` (px or inches, like ``span``) beyond each bar end
    ``(value, need)``: a label's room does not scale with the data, so solve for it."""
    ends = [(v, min(need, 0.6 * span)) for v, need in ends]  # a box too small still gets bars
    lo = min([0.0, *(v for v, _ in ends)])
    hi = max([0.0, *(v for v, _ in ends)])
    if hi == lo:
        hi = lo + 1.0
    base_lo, base_hi = lo, hi
    for _ in range(40):
        scale = span / (hi - lo)
        hi = max([base_hi, *(v + need / scale for v, need in ends if v >= 0)])
        lo = min([base_lo, *(v - need / scale for v, need in ends if v < 0)])
    return lo, hi
