"""ChartSpec → PNG bytes with matplotlib.

matplotlib is imported inside ``render_png`` only (a cache hit never pays for it),
drawn on an Agg canvas attached to a bare ``Figure`` (no pyplot, no global state)
under a local ``rc_context``. Charts are drawn at their placed size, so the
theme's point sizes are the sizes on the slide. There is no title (the slide
title carries the message), no value axis and no gridlines: every number in the
picture is a direct label taken verbatim from a point's ``display``/``note``,
so the picture holds no number that is not a fact. The kinds are drawn in ``mpl_bars``,
``mpl_funnel`` and ``mpl_share`` (shared setup in ``mpl_axes``), in the colours of a
``ChartPalette`` (the theme's on a corporate master).

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
from fawbrief.charts.mpl_bars import draw_bars, draw_target_actual
from fawbrief.charts.mpl_funnel import draw_funnel
from fawbrief.charts.mpl_share import draw_share
from fawbrief.charts.style import DEFAULT_PALETTE, ChartPalette
from fawbrief.model.slides import ChartSpec

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Part of the chart cache key: bump when drawing code changes pixels.
RENDERER_VERSION = "mpl-3"  # 2: Chinese wrapping, full-width colons, bundled CJK font; 3: shipped Arimo


def check_spec(spec: ChartSpec) -> None:
    """Raise ValueError for data no chart can show (NaN, infinities, no points)."""
    points = [p for s in spec.series for p in s.points]
    if not points:
        raise ValueError(f"chart {spec.title!r} has no points")
    for point in points:
        if not math.isfinite(point.value):
            raise ValueError(f"chart {spec.title!r}: point {point.label!r} ({point.fact}) is not finite")
    negative = next((p for p in points if p.value < 0), None)
    if spec.kind in ("funnel", "share", "target_actual") and negative is not None:
        raise ValueError(f"chart {spec.title!r}: point {negative.label!r} ({negative.fact}) is negative, "
                         f"and a {spec.kind} chart cannot show negative values")
    if spec.kind == "share" and sum(p.value for p in spec.series[0].points) <= 0:
        raise ValueError(f"chart {spec.title!r}: shares add up to zero")


def preload() -> None:
    """Import what ``render_png`` needs now (e.g. once, before forking workers that will draw)."""
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # noqa: F401


def render_png(spec: ChartSpec, width_in: float, height_in: float, dpi: int = 200,
               palette: ChartPalette = DEFAULT_PALETTE) -> bytes:
    """Draw ``spec`` as a ``width_in`` × ``height_in`` inch PNG at ``dpi``, in ``palette``'s colours
    (transparent where the palette says so, so the slide's background shows)."""
    check_spec(spec)
    if not (width_in > 0 and height_in > 0 and dpi > 0):
        raise ValueError(f"bad chart size {width_in}x{height_in} in at {dpi} dpi")
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fonts_log = logging.getLogger("matplotlib.font_manager")
    fonts_log.addFilter(_no_findfont_noise)
    try:
        with matplotlib.rc_context(_rc_params(palette)):
            fig = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor=palette.paper, layout="constrained")
            FigureCanvasAgg(fig)
            fig.get_layout_engine().set(w_pad=4 / 72, h_pad=4 / 72, wspace=0, hspace=0)
            DRAW[spec.kind](fig, spec, palette)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None},
                        facecolor="none" if palette.transparent else palette.paper, transparent=palette.transparent)
    finally:
        fonts_log.removeFilter(_no_findfont_noise)
    return buffer.getvalue()


def _no_findfont_noise(record: logging.LogRecord) -> bool:
    """CJK fallbacks have no bold face; matplotlib says so on every label ("findfont: …")."""
    return not record.getMessage().startswith("findfont:")


def _rc_params(palette: ChartPalette = DEFAULT_PALETTE) -> dict[str, Any]:
    from matplotlib import font_manager

    register_fonts(font_manager)  # shipped Arimo and the pip-installed CJK font: same pixels anywhere
    installed = {f.name for f in font_manager.fontManager.ttflist}
    # A list of concrete families (not "sans-serif") makes matplotlib fall back glyph by glyph, and
    # leaving out the ones not installed keeps it from logging "findfont: not found".
    families = [f for f in (*S.FONT_FAMILIES, *S.CJK_FALLBACK) if f in installed]
    return {
        "font.family": [*families, "DejaVu Sans"] if "DejaVu Sans" not in families else families,
        "text.color": palette.text,
        "axes.edgecolor": palette.axis,
        "axes.linewidth": S.BAR["spine_width"],
        "axes.labelcolor": palette.text,
        "xtick.color": palette.text,
        "ytick.color": palette.text,
        "hatch.linewidth": 1.0,
        "legend.frameon": False,
        "svg.hashsalt": "fawbrief",
    }


DRAW: dict[str, Callable[[Figure, ChartSpec, ChartPalette], None]] = {
    "bar": draw_bars,
    "grouped_bar": draw_bars,
    "target_actual": draw_target_actual,
    "funnel": draw_funnel,
    "share": draw_share,
}
