"""Design tokens: the palette, fonts and type sizes every surface of a deck shares.

The slides (``write/blocks``), the charts (``charts/style``, both renderers), the
built-in theme (``scripts/make_theme.py``) and the benchmarks' baselines take their
colours, fonts and sizes from here, so a chart, a KPI card and the theme's colour
scheme cannot drift apart. Colours are ``"#RRGGBB"`` strings (``hex_digits`` drops
the ``#`` for OOXML's ``srgbClr``); sizes are points; lengths are EMU.

``contrast`` is the WCAG 2.x contrast ratio, used to choose text colours on fills and
to check the theme (the slide rules: text at least 4.5:1).
"""

from __future__ import annotations

# --- palette --------------------------------------------------------------------------------
NAVY = "#0B2545"  # titles, figures, table headers, the title band (theme dk2)
BLUE = "#0B5394"  # theme accent1 and hyperlinks; a chart series
RED = "#C8102E"  # FAW red: accent bars, bullets, KPI accents, markers (theme accent2)
GREY_BLUE = "#6C8EAD"  # theme accent3; a chart series; the edge of a target
AMBER = "#F2A900"  # theme accent4
GREEN = "#2E7D32"  # theme accent5
GREY = "#7A7A7A"  # theme accent6; the last chart series
TEXT = "#1F2933"  # body text (theme dk1); 14.8:1 on white
TEXT_MUTED = "#525F6B"  # source lines, periods, slide numbers, chart notes; 6.5:1 on white
WHITE = "#FFFFFF"  # theme lt1
BLACK = "#000000"  # what an unreadable theme colour is taken to be
MIST = "#EEF2F6"  # KPI cards, the section band (theme lt2)
STRIPE = "#F6F8FA"  # every other table row
AXIS = "#B8C2CC"  # a chart's one baseline spine
CONNECTOR = "#E3E8EE"  # funnel connectors, donut leader lines
TARGET_FILL = WHITE  # a target is drawn hollow ...
TARGET_EDGE = GREY_BLUE  # ... with a grey-blue edge ...
TARGET_HATCH = "#B5C6D6"  # ... and light hatching that text can sit on
#: Series colours in order (actual series); parts of a whole use the same order.
SERIES = (NAVY, GREY_BLUE, BLUE, AMBER, GREEN, RED, GREY)

# --- fonts ----------------------------------------------------------------------------------
LATIN_FONT = "Arial"  # the theme's Latin face; charts draw with Arimo, which has its metrics
#: The East Asian face: the theme's, and every run's ``a:ea`` (python-pptx has no API for it).
#: LibreOffice finds it in Debian's fonts-noto-cjk.
EA_FONT = "Noto Sans CJK SC"

# --- type sizes (pt) ------------------------------------------------------------------------
TITLE_PT = 28  # content slide titles (the slide rules: 28–32)
BODY_PT = 18  # first-level bullets (16–20) ...
BODY_MIN_PT = 16  # ... shrunk to this, never further, when a box is crowded
LEVEL_STEP_PT = 2  # each bullet level is this much smaller than the one above
LABEL_PT = 14  # KPI labels and qualifiers, table cells, timeline captions
UNIT_PT = 16  # a KPI's unit
DATE_PT = 20  # timeline dates
FIGURE_PT = (20, 40)  # a KPI figure's smallest and largest size
SMALL_PT = 12  # source lines, slide numbers, periods: the smallest text a slide may hold
BULLET_SPACE_AFTER_PT = 8

# --- geometry (EMU) -------------------------------------------------------------------------
BULLET_INDENT = 285_750  # 0.3125 in per bullet level, in the theme and in manual bullets alike


def hex_digits(color: str) -> str:
    """``"#0B2545"`` → ``"0B2545"``, as OOXML's ``srgbClr/@val`` and ``RGBColor.from_string`` take it."""
    return color.lstrip("#").upper()


def rgb(color: str) -> tuple[int, int, int]:
    """``"#0B2545"`` (or ``"0B2545"``) → ``(11, 37, 69)``."""
    value = hex_digits(color)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(color: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour.

    The linear-segment threshold is 0.04045, as in IEC 61966-2-1 and WCAG 2.x since May 2021
    (before, WCAG printed 0.03928). No 8-bit channel value (n/255) lies between the two, so
    both give the same ratio for every colour a deck can hold.
    """

    def channel(value: int) -> float:
        s = value / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
