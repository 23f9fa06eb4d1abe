"""How much room text takes: the one text-measurement model of the tool.

The theme sets Latin text in Arial, which LibreOffice renders with Liberation Sans
and PowerPoint with Arial itself; both have Arial's advance widths. We measure with
Arimo (the same metrics: Liberation Sans 2 is built from it), from the two static
faces shipped in ``fawbrief/fonts/`` (``scripts/make_fonts.py`` pins the ``wght``
axis of the ``fontpkg-arimo`` variable font at 400 and 700: the same advance widths,
read in a few milliseconds by ``font_tables``), so a pip-only install measures exactly like a
machine with the fonts installed, and the charts draw with the very faces we
measure. East Asian wide characters (``is_wide``: the one such test) are set in
Noto Sans CJK, whose ideographs and full-width punctuation are all one em wide;
lines holding them are taller (Noto's ascent plus descent is 1.45 em).

Line breaking follows PowerPoint closely enough for a fit check: break after
spaces and dashes and between any two wide characters; a word wider than the
line is split by character (and reported: a figure broken across two lines is a
defect even when it fits). Lint, the writer's choice of bullet size and the
charts' choice between bars and columns and their label wrapping all measure so.

A theme may set Latin text in another face (Calibri, Corbel, Verdana, 游ゴシック). We have no
metrics for it, and it may be rendered in a stand-in (LibreOffice, without the font, falls back
to DejaVu Sans, Verdana's cousin): such text is measured as Arimo widened to DejaVu Sans'
widths (``OTHER_LATIN_SCALE``, measured over the templates' words), which is as wide as any
common sans face, so what fits when measured fits wherever it is shown (``metrics_for``).

Two places keep a documented estimate instead, because measuring would change
decks already shipped (their bytes are pinned): a KPI figure's size
(``figure_ems``, 0.58 em a character) and a native chart's label placement
(``rough_width_in``, 0.55 em). ``width_units`` counts characters, a wide one as
two, where a count is what is wanted (table column weights).
"""

from __future__ import annotations

import copy
import functools
import itertools
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fawbrief.core.font_tables import read_tables

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
#: The shipped Arimo faces, regular then bold: what text is measured with and charts draw with.
LATIN_FACES = (FONT_DIR / "Arimo-Regular.ttf", FONT_DIR / "Arimo-Bold.ttf")
LINE_EM = 1.2  # PowerPoint's single line spacing for Arial, in ems of the largest run
WIDE_LINE_EM = 1.45  # Noto Sans CJK ascent + descent
MISSING_EM = 0.75  # a glyph Arimo lacks (LibreOffice falls back to a wider font)
BREAK_AFTER = frozenset(" \t-–—/")
EPSILON = 0.25  # pt: renderers round widths; text a hair wider than the line still fits
#: LibreOffice sets a little space between Chinese and Latin letters or digits (its "spacing between Asian
#: and non-Asian text", on by default in Impress): about 0.22 em, measured on a 28 pt title with eight such
#: seams (50 pt wider than the advance widths). Lines are measured with it, so what fits, fits there too
#: (PowerPoint adds none: its lines then end a little short).
AUTOSPACE_EM = 0.25
AVERAGE_LATIN_EM = 0.55  # Arial text averages about 0.55 em a character (estimates only)
FIGURE_EM = 0.58  # a KPI figure's character, by the writer's estimate (bold digits are 0.556 em)
#: Latin faces with Arial's advance widths (Liberation Sans and Arimo are built to them).
ARIAL_METRICS = frozenset({"arial", "arimo", "liberation sans", "helvetica", "nimbus sans", "nimbus sans l"})
#: How much wider than Arimo any other Latin face is measured, regular and bold: DejaVu Sans over
#: Arimo for the templates' words and titles (1.138–1.144 regular, 1.194–1.200 bold), plus 2.5%, so a
#: line measured as just fitting does not wrap where it is rendered.
OTHER_LATIN_SCALE = (1.17, 1.23)
#: Where a line of text may break: the positions ``i`` of a paragraph's text (between two newlines) before
#: which a break is allowed (``text_words.break_points``: between Chinese words).
Breaks = Callable[[str], frozenset[int]]


@dataclass(frozen=True)
class Piece:
    """A run of text set at one size and weight; ``\\n`` is a forced line break."""

    text: str
    size: float  # pt
    bold: bool = False


@dataclass
class Line:
    """One laid-out line: its width, its largest font size, whether it holds wide (CJK) text, and its
    characters (trailing spaces included; lint reads where lines end)."""

    width: float = 0.0  # pt, trailing spaces excluded
    size: float = 0.0  # the largest run on the line
    wide: bool = False
    text: str = ""

    @property
    def height_em(self) -> float:
        """Line height in ems: wide (CJK) lines need more leading."""
        return WIDE_LINE_EM if self.wide else LINE_EM


@dataclass
class Layout:
    """The lines a paragraph takes, and words too wide for any line."""

    lines: list[Line] = field(default_factory=list)
    split_words: list[str] = field(default_factory=list)
    wrapped_at: list[int] = field(default_factory=list)  # character offsets where a line wrapped (not forced)


class FontMetrics:
    """Advance widths of Arimo regular and bold, cached per character; ``scale`` widens Latin
    characters (regular, bold) to stand for a face without Arial's metrics. ``breaks``, when set, says
    where lines may break (``with_breaks``); by default after spaces and dashes and between any two wide
    characters, as PowerPoint breaks."""

    breaks: Breaks | None = None
    #: Punctuation both scripts share that Chinese text sets full width, in the East Asian face (curly
    #: quotes, the em dash, the ellipsis, the middle dot): one em wide when ``shared_wide`` is set.
    SHARED = frozenset("“”‘’—…·")
    shared_wide = False

    def __init__(self, scale: tuple[float, float] = (1.0, 1.0)) -> None:
        self._faces = {bold: read_tables(path.read_bytes()) for bold, path in zip((False, True), LATIN_FACES,
                                                                                   strict=True)}
        self._cache: dict[tuple[str, bool], float] = {}
        self.scale = scale

    def with_breaks(self, breaks: Breaks | None, shared_wide: bool = False) -> FontMetrics:
        """These metrics (the same faces) breaking lines only where ``breaks`` allows, and with the shared
        punctuation one em wide when ``shared_wide`` (Chinese text: ``SHARED``)."""
        if breaks is self.breaks and shared_wide == self.shared_wide:
            return self
        other = copy.copy(self)
        other.breaks, other.shared_wide = breaks, shared_wide
        if shared_wide != self.shared_wide:
            other._cache = {}  # other widths for the shared punctuation
        return other

    def em(self, char: str, bold: bool = False) -> float:
        """The advance width of ``char`` in ems."""
        key = (char, bold)
        width = self._cache.get(key)
        if width is None:
            width = self._measure(char, bold)
            self._cache[key] = width
        return width

    def _measure(self, char: str, bold: bool) -> float:
        if is_wide(char) or (self.shared_wide and char in self.SHARED):
            return 1.0
        face = self._faces[bold]
        advance = face.advance(ord(char))
        if advance is None:
            return 0.0 if unicodedata.category(char) in ("Mn", "Me", "Cf") else MISSING_EM * self.scale[bold]
        return advance / face.units_per_em * self.scale[bold]

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The advance width of ``text`` at ``size`` pt, in pt (no kerning: a slight overestimate)."""
        return sum(self.em(char, bold) for char in text) * size


@functools.cache
def default_metrics() -> FontMetrics:
    """One ``FontMetrics`` per process, loaded on first use: the faces are read-only and the
    per-character cache only grows, so every measurer can share it."""
    return FontMetrics()


def latin_scale(typefaces: Iterable[str]) -> tuple[float, float]:
    """How much wider than Arimo to measure Latin text set in any of ``typefaces`` (a theme's major and
    minor faces): 1 for faces with Arial's metrics, ``OTHER_LATIN_SCALE`` for any other."""
    named = [face.strip().casefold() for face in typefaces if face and face.strip()]
    return OTHER_LATIN_SCALE if any(face not in ARIAL_METRICS for face in named) else (1.0, 1.0)


@functools.cache
def _scaled_metrics(scale: tuple[float, float]) -> FontMetrics:
    return FontMetrics(scale)


def metrics_for(typefaces: Iterable[str]) -> FontMetrics:
    """The metrics to measure text set in ``typefaces`` with: ``default_metrics()`` for Arial's, else
    Arimo widened (``latin_scale``); one instance per scale and process."""
    scale = latin_scale(typefaces)
    return default_metrics() if scale == (1.0, 1.0) else _scaled_metrics(scale)


@functools.cache  # called for every character every time text is measured
def is_wide(char: str) -> bool:
    """East Asian wide or full-width (ideographs, kana, hangul, full-width punctuation): one em wide."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def is_ambiguous(char: str) -> bool:
    """East Asian *ambiguous* width ("·", "–", "°"): set one em wide in an East Asian face, narrow in a
    Latin one (the reader decides which by the text around it)."""
    return unicodedata.east_asian_width(char) == "A"


def has_wide(text: str) -> bool:
    """Whether ``text`` holds any wide character (Chinese text)."""
    return any(is_wide(char) for char in text)


def width_units(text: str) -> int:
    """Text length in Latin-character units: a wide (Chinese) character counts two."""
    return sum(2 if is_wide(char) else 1 for char in text)


def figure_ems(text: str) -> float:
    """The width of a KPI figure in ems by the writer's estimate: ``FIGURE_EM`` per Latin character,
    twice that per wide one. Kept rather than measured: real widths choose other figure sizes (26 of the
    60 shipped decks would change), and the cards were designed to this estimate."""
    return FIGURE_EM * max(width_units(text), 1)


def rough_ems(text: str) -> float:
    """The width of one line in ems by estimate: ``AVERAGE_LATIN_EM`` a Latin character, 1 em a wide one."""
    return sum(1.0 if is_wide(char) else AVERAGE_LATIN_EM for char in text)


def rough_width_in(text: str, size_pt: float) -> float:
    """The widest line of ``text`` at ``size_pt``, in inches, by estimate (``rough_ems``). Native charts
    place their labels by it: measured widths move label positions and axis limits in the 8 native
    Jiefang decks."""
    return max((rough_ems(line) for line in text.splitlines()), default=0.0) * size_pt / 72


def text_width_in(text: str, size_pt: float, bold: bool = False) -> float:
    """The widest line of ``text`` at ``size_pt``, in inches, measured with the font's advance widths."""
    metrics = default_metrics()
    return max((metrics.width(line, size_pt, bold) for line in text.splitlines()), default=0.0) / 72


def stacked_height(paragraphs: list[list[Piece]], width: float, space_after: float = 0.0) -> float:
    """The height (pt) of ``paragraphs`` wrapped at ``width`` pt, one above the other: each line
    ``height_em`` of its largest run, plus ``space_after`` below each paragraph."""
    metrics = default_metrics()
    total = 0.0
    for pieces in paragraphs:
        line = _single_line(pieces, width, metrics)
        lines = [line] if line is not None else wrap(pieces, width, width, metrics).lines
        total += sum(line.height_em * line.size for line in lines) + space_after
    return total


def _single_line(pieces: list[Piece], width: float, metrics: FontMetrics) -> Line | None:
    """The one line ``wrap`` would make of ``pieces`` when all of them fit ``width`` (most bullets
    do), found without breaking them into atoms; None when they might take more than one."""
    if any("\n" in piece.text for piece in pieces):
        return None
    natural = sum(metrics.width(piece.text, piece.size, piece.bold) for piece in pieces)
    if natural > width + EPSILON:
        return None
    return Line(natural, max((piece.size for piece in pieces if piece.text), default=0.0),
                any(has_wide(piece.text) for piece in pieces))


Atom = list[tuple[str, float, bool]]  # characters with their size and weight


def _atoms(pieces: list[Piece], breaks: Breaks | None = None) -> list[Atom]:
    """Unbreakable units: characters up to and including a break opportunity (``breaks``: only there)."""
    if breaks is not None:
        return _atoms_at(pieces, breaks)
    atoms: list[list[tuple[str, float, bool]]] = []
    current: list[tuple[str, float, bool]] = []
    for piece in pieces:
        for char in piece.text:
            if char == "\n":
                if current:
                    atoms.append(current)
                atoms.append([("\n", piece.size, piece.bold)])
                current = []
                continue
            if is_wide(char) and current and current[-1][0] not in BREAK_AFTER:
                atoms.append(current)
                current = []
            current.append((char, piece.size, piece.bold))
            if char in BREAK_AFTER or is_wide(char):
                atoms.append(current)
                current = []
    if current:
        atoms.append(current)
    return atoms


def _atoms_at(pieces: list[Piece], breaks: Breaks) -> list[Atom]:
    """``_atoms`` cut only where ``breaks`` allows, between forced line breaks."""
    chars = [(char, piece.size, piece.bold) for piece in pieces for char in piece.text]
    atoms: list[Atom] = []
    start = 0
    for end in [*(i for i, (char, _, _) in enumerate(chars) if char == "\n"), len(chars)]:
        segment = chars[start:end]
        points = sorted(breaks("".join(char for char, _, _ in segment))) if segment else []
        for a, b in zip([0, *points], [*points, len(segment)], strict=True):
            if b > a:
                atoms.append(segment[a:b])
        if end < len(chars):
            atoms.append([chars[end]])
        start = end + 1
    return atoms


def line_atoms(pieces: list[Piece], metrics: FontMetrics) -> list[Atom]:
    """The unbreakable units ``wrap`` lays out, as ``metrics`` breaks lines (the writer places breaks
    between them: ``write/line_breaks``)."""
    return _atoms(pieces, metrics.breaks)


#: Layouts made, by what they depend on: the writer fits a paragraph, places its breaks and checks it, and
#: fits every size it tries, so the same paragraph is laid out again and again. Bounded: cleared when full.
_LAID_OUT: dict[tuple[object, ...], Layout] = {}
_LAID_OUT_MAX = 50_000


def wrap(pieces: list[Piece], first: float, rest: float, metrics: FontMetrics,
         wrap_lines: bool = True) -> Layout:
    """Break ``pieces`` into lines ``first`` pt wide (the first line) and ``rest`` pt wide, where
    ``metrics.breaks`` allows (by default: after spaces and dashes, between wide characters).
    The layout is shared with every caller who asks for the same one: read it, never change it."""
    key = (tuple(pieces), first, rest, metrics.scale, metrics.breaks, metrics.shared_wide, wrap_lines)
    layout = _LAID_OUT.get(key)
    if layout is None:
        if len(_LAID_OUT) >= _LAID_OUT_MAX:
            _LAID_OUT.clear()
        layout = _LAID_OUT[key] = _wrap(pieces, first, rest, metrics, wrap_lines)
    return layout


def _wrap(pieces: list[Piece], first: float, rest: float, metrics: FontMetrics, wrap_lines: bool) -> Layout:
    layout = Layout()
    line = Line()
    pending = 0.0  # width of trailing spaces, counted only if more text follows on the line

    def limit() -> float:
        return first if not layout.lines else rest

    def finish() -> None:
        nonlocal line, pending
        layout.lines.append(line)
        line, pending = Line(), 0.0

    offset = 0  # characters laid out before the atom
    last = ("", 0.0, False)  # the last character laid out
    for atom in _atoms(pieces, metrics.breaks):
        if atom[0][0] == "\n":
            line.size = max(line.size, atom[0][1])
            finish()
            offset += 1
            continue
        body = atom
        while body and body[-1][0] in " \t":
            body = body[:-1]
        body_w = chars_width(body, metrics)
        tail_w = sum(metrics.em(c, b) * s for c, s, b in atom[len(body):])
        seam = autospace(last, atom[0]) if line.width > 0 and not pending else 0.0
        if wrap_lines and line.width > 0 and line.width + pending + seam + body_w > limit() + EPSILON:
            finish()
            layout.wrapped_at.append(offset)
            seam = 0.0
        if wrap_lines and line.width == 0 and body_w > limit() + EPSILON and len(body) > 1:
            layout.split_words.append("".join(c for c, _, _ in body))
            for k, (char, size, bold) in enumerate(body):  # the word breaks wherever the line is full
                char_w = metrics.em(char, bold) * size + (autospace(body[k - 1], body[k]) if k else 0.0)
                if line.width > 0 and line.width + char_w > limit() + EPSILON:
                    finish()
                    layout.wrapped_at.append(offset + k)
                _add(line, char_w, size, char)
        else:
            line.width += pending + seam + body_w
            for char, size, _ in atom:
                _add(line, 0.0, size, char)
        pending = tail_w
        last = atom[-1]
        offset += len(atom)
    if line.width > 0 or line.size > 0 or not layout.lines:
        layout.lines.append(line)
    return layout


def autospace(before: tuple[str, float, bool], after: tuple[str, float, bool]) -> float:
    """The space (pt) LibreOffice sets between a wide character and a Latin letter or digit beside it."""
    a, b = before[0], after[0]
    if not a or not b or a.isspace() or b.isspace() or is_wide(a) == is_wide(b):
        return 0.0
    latin = b if is_wide(a) else a
    if not latin.isalnum():
        return 0.0
    return AUTOSPACE_EM * max(before[1], after[1])


def chars_width(chars: Atom, metrics: FontMetrics) -> float:
    """The width (pt) of characters set side by side, with the space between Chinese and Latin."""
    width = sum(metrics.em(c, b) * s for c, s, b in chars)
    return width + sum(autospace(x, y) for x, y in itertools.pairwise(chars))


def _add(line: Line, width: float, size: float, char: str) -> None:
    line.width += width
    line.size = max(line.size, size)
    line.wide = line.wide or is_wide(char)
    line.text += char
