"""A theme's look: the colours and fonts of the shapes the tool draws, so a deck on a corporate master
looks like that company's, and recolours with its theme.

Each thing the tool colours has a role (``ROLES``: body text, figures, muted text, the accent,
card fill, table header…). On a corporate master a role is a reference into the theme's colour
scheme (``a:schemeClr``: ``tx1``, ``tx2``, ``bg1``, ``accent1``, PowerPoint's "lighter 25%" as
``lumMod``/``lumOff``), chosen so that text keeps a contrast of 4.5:1 on what it sits on (the
scheme is resolved through the master's colour map, and the slide's real background — a colour,
gradient or picture — is read, to check: ``write/scheme``). Runs carry no East Asian typeface
of their own, so the theme's major and minor fonts, Latin and East Asian, apply; only a theme
that names no East Asian face gets ``tokens.EA_FONT`` (Chinese must not fall back to a font
without its glyphs). Text is measured for the theme's Latin faces (``text_metrics.metrics_for``).

The built-in theme's colour scheme *is* the design tokens (``scripts/make_theme.py``): there the
tokens are written as they always were, literal ``srgbClr`` and ``a:ea``, which render the same
and keep the shipped decks byte-identical (``Look.literal``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pptx.presentation import Presentation

from fawbrief.charts.style import DEFAULT_PALETTE, ChartPalette
from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import FontMetrics, default_metrics, metrics_for
from fawbrief.core.text_words import break_points
from fawbrief.model.slides import Typesetting
from fawbrief.write.scheme import Paint, SchemeColors, brighten, read_scheme

MIN_CONTRAST = 4.5
BUILTIN_SCHEME = "fawbrief"  # the colour scheme's name in the built-in theme
#: Role → its design token on the built-in theme.
LITERAL = {"text": T.TEXT, "figure": T.NAVY, "muted": T.TEXT_MUTED, "accent": T.RED, "card": T.MIST,
           "paper": T.WHITE, "stripe": T.STRIPE, "header": T.NAVY, "on_header": T.WHITE, "axis": T.AXIS,
           "connector": T.CONNECTOR, "target_edge": T.TARGET_EDGE, "target_hatch": T.TARGET_HATCH}
ROLES = tuple(LITERAL)


@dataclass(frozen=True)
class Look:
    """The paints by role, the chart series, the East Asian face runs carry and the text metrics."""

    paints: dict[str, Paint]
    series: tuple[Paint, ...]
    ea: str | None = T.EA_FONT  # the a:ea typeface every run carries, or None: the theme's fonts apply
    fonts: dict[str, str] = field(default_factory=dict)  # "major"/"minor" "latin"/"ea" → typeface
    literal: bool = True
    metrics: FontMetrics = field(default_factory=default_metrics, repr=False)
    typesetting: Typesetting = field(default_factory=Typesetting)  # the deck's: set by the writer (``for_deck``)

    def for_deck(self, typesetting: Typesetting) -> Look:
        """This look for a deck set as ``typesetting`` says: its text measured breaking between words
        (``core/text_words``), curly quotes and the like one em wide (set as Chinese), when the language
        asks for it."""
        breaks = break_points if typesetting.word_breaks else None
        return replace(self, typesetting=typesetting,
                       metrics=self.metrics.with_breaks(breaks, shared_wide=typesetting.word_breaks))

    def paint(self, role: str) -> Paint:
        """The paint for ``role`` (``ROLES``)."""
        return self.paints[role]

    def rgb(self, role: str) -> str:
        """What ``role`` looks like on this theme, as ``#RRGGBB``."""
        return self.paints[role].rgb

    def chart_palette(self) -> ChartPalette:
        """The colours chart pictures are drawn in: the tokens on the built-in theme, else the theme's,
        on a transparent background (the slide's shows through)."""
        if self.literal:
            return DEFAULT_PALETTE
        rgb = self.rgb
        return ChartPalette(text=rgb("text"), muted=rgb("muted"), axis=rgb("axis"), connector=rgb("connector"),
                            paper=rgb("paper"), figure=rgb("figure"), fade=brighten(rgb("figure"), 0.45),
                            series=tuple(paint.rgb for paint in self.series), target_fill=rgb("paper"),
                            target_edge=rgb("target_edge"), target_hatch=rgb("target_hatch"), transparent=True)


#: The built-in theme's look: the design tokens.
BUILTIN = Look({role: Paint(color) for role, color in LITERAL.items()}, tuple(Paint(c) for c in T.SERIES))


def read_look(prs: Presentation) -> Look:
    """The look of ``prs``'s first master and its theme: ``BUILTIN`` for the built-in theme."""
    scheme = read_scheme(prs)
    if scheme.name == BUILTIN_SCHEME and scheme.matches(_BUILTIN_SLOTS):
        return BUILTIN
    has_ea = any(scheme.fonts.get(f"{group} ea") for group in ("major", "minor"))
    latin = [scheme.fonts.get("major latin", ""), scheme.fonts.get("minor latin", "")]
    return Look(_scheme_paints(scheme), tuple(scheme.paint(f"accent{i}") for i in range(1, 7)),
                ea=None if has_ea else T.EA_FONT, fonts=scheme.fonts, literal=False, metrics=metrics_for(latin))


_BUILTIN_SLOTS = {"dk1": T.TEXT, "lt1": T.WHITE, "dk2": T.NAVY, "lt2": T.MIST, "accent1": T.BLUE, "accent2": T.RED}


def _scheme_paints(scheme: SchemeColors) -> dict[str, Paint]:
    """Each role as a scheme reference that reads on what it sits on.

    Text on the slide is ``tx1`` on ``bg1``, unless the slide's real background (a picture, a
    gradient) reads better with ``bg1`` as the ink (some masters map a dark ``bg1`` and paint a light
    background picture): then the two swap. Cards and tables are made of the paper colour, a shade
    darker (or, on a dark paper, lighter); the figures are ``tx2`` where it keeps 4.5:1, else ink.
    """
    ground = scheme.ground()
    ink, paper = scheme.paint("tx1"), scheme.paint("bg1")
    if T.contrast(paper.rgb, ground) > T.contrast(ink.rgb, ground):
        ink, paper = paper, ink
    dark = T.luminance(paper.rgb) < 0.2
    card = scheme.paint(paper.scheme or "bg1", 0.15 if dark else -0.05)
    stripe = scheme.paint(paper.scheme or "bg1", 0.1 if dark else -0.05)
    second = "tx2" if ink.scheme == "tx1" else "bg2"
    figure = _readable([scheme.paint(second), ink], [card.rgb, ground])
    muted = _readable([scheme.paint(ink.scheme or "tx1", -0.25 if dark else 0.25), ink],
                      [ground, paper.rgb, card.rgb, stripe.rgb])
    on_header = _readable([paper, ink], [figure.rgb])
    return {"text": ink, "figure": figure, "muted": muted, "accent": scheme.paint("accent1"), "card": card,
            "paper": paper, "stripe": stripe, "header": figure, "on_header": on_header,
            "axis": scheme.paint(ink.scheme or "tx1", -0.6 if dark else 0.7),
            "connector": scheme.paint(paper.scheme or "bg1", 0.25 if dark else -0.1),
            "target_edge": muted, "target_hatch": scheme.paint("accent1", 0.6)}


def _readable(candidates: list[Paint], backgrounds: list[str]) -> Paint:
    """The first candidate with 4.5:1 on every background, else the one with the best worst contrast."""
    def worst(paint: Paint) -> float:
        return min(T.contrast(paint.rgb, bg) for bg in backgrounds)

    for paint in candidates:
        if worst(paint) >= MIN_CONTRAST:
            return paint
    return max(candidates, key=worst)
