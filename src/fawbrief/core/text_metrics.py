"""How much room text takes: real advance widths and a line breaker.

The theme sets Latin text in Arial, which LibreOffice renders with Liberation Sans
and PowerPoint with Arial itself; both have Arial's advance widths. We measure with
Arimo (the same metrics: Liberation Sans 2 is built from it), which the
``fontpkg-arimo`` package ships, so a pip-only install measures exactly like a
machine with the fonts installed. Its variable ``wght`` axis gives regular (400)
and bold (700) widths. East Asian wide characters are set in Noto Sans CJK, whose
ideographs and full-width punctuation are all one em wide; lines holding them are
taller (Noto's ascent plus descent is 1.45 em).

Line breaking follows PowerPoint closely enough for a fit check: break after
spaces and dashes and between any two wide characters; a word wider than the
line is split by character (and reported: a figure broken across two lines is a
defect even when it fits).
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.ttLib import TTFont

LINE_EM = 1.2  # PowerPoint's single line spacing for Arial, in ems of the largest run
WIDE_LINE_EM = 1.45  # Noto Sans CJK ascent + descent
MISSING_EM = 0.75  # a glyph Arimo lacks (LibreOffice falls back to a wider font)
BREAK_AFTER = frozenset(" \t-–—/")
EPSILON = 0.25  # pt: renderers round widths; text a hair wider than the line still fits


@dataclass(frozen=True)
class Piece:
    """A run of text set at one size and weight; ``\\n`` is a forced line break."""

    text: str
    size: float  # pt
    bold: bool = False


@dataclass
class Line:
    width: float = 0.0  # pt, trailing spaces excluded
    size: float = 0.0  # the largest run on the line
    wide: bool = False

    @property
    def height_em(self) -> float:
        return WIDE_LINE_EM if self.wide else LINE_EM


@dataclass
class Layout:
    """The lines a paragraph takes, and words too wide for any line."""

    lines: list[Line] = field(default_factory=list)
    split_words: list[str] = field(default_factory=list)


class FontMetrics:
    """Advance widths of Arimo regular and bold, cached per character."""

    def __init__(self) -> None:
        import fontpkg

        data = Path(fontpkg.path("Arimo")).read_bytes()  # from memory: no file handle left open
        font = TTFont(io.BytesIO(data), lazy=True)
        self._cmap = font.getBestCmap()
        self._upm = font["head"].unitsPerEm
        self._sets = {False: font.getGlyphSet(location={"wght": 400}),
                      True: font.getGlyphSet(location={"wght": 700})}
        self._cache: dict[tuple[str, bool], float] = {}

    def em(self, char: str, bold: bool = False) -> float:
        """The advance width of ``char`` in ems."""
        key = (char, bold)
        width = self._cache.get(key)
        if width is None:
            width = self._measure(char, bold)
            self._cache[key] = width
        return width

    def _measure(self, char: str, bold: bool) -> float:
        if is_wide(char):
            return 1.0
        name = self._cmap.get(ord(char))
        if name is None:
            return 0.0 if unicodedata.category(char) in ("Mn", "Me", "Cf") else MISSING_EM
        return self._sets[bold][name].width / self._upm

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The advance width of ``text`` at ``size`` pt, in pt (no kerning: a slight overestimate)."""
        return sum(self.em(char, bold) for char in text) * size


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _atoms(pieces: list[Piece]) -> list[list[tuple[str, float, bool]]]:
    """Unbreakable units: characters up to and including a break opportunity."""
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


def wrap(pieces: list[Piece], first: float, rest: float, metrics: FontMetrics,
         wrap_lines: bool = True) -> Layout:
    """Break ``pieces`` into lines ``first`` pt wide (the first line) and ``rest`` pt wide."""
    layout = Layout()
    line = Line()
    pending = 0.0  # width of trailing spaces, counted only if more text follows on the line

    def limit() -> float:
        return first if not layout.lines else rest

    def finish() -> None:
        nonlocal line, pending
        layout.lines.append(line)
        line, pending = Line(), 0.0

    for atom in _atoms(pieces):
        if atom[0][0] == "\n":
            line.size = max(line.size, atom[0][1])
            finish()
            continue
        body = atom
        while body and body[-1][0] in " \t":
            body = body[:-1]
        body_w = sum(metrics.em(c, b) * s for c, s, b in body)
        tail_w = sum(metrics.em(c, b) * s for c, s, b in atom[len(body):])
        if wrap_lines and line.width > 0 and line.width + pending + body_w > limit() + EPSILON:
            finish()
        if wrap_lines and line.width == 0 and body_w > limit() + EPSILON and len(body) > 1:
            layout.split_words.append("".join(c for c, _, _ in body))
            for char, size, bold in body:  # the word breaks wherever the line is full
                char_w = metrics.em(char, bold) * size
                if line.width > 0 and line.width + char_w > limit() + EPSILON:
                    finish()
                _add(line, char_w, size, char)
        else:
            line.width += pending + body_w
            for char, size, _ in atom:
                _add(line, 0.0, size, char)
        pending = tail_w
    if line.width > 0 or line.size > 0 or not layout.lines:
        layout.lines.append(line)
    return layout


def _add(line: Line, width: float, size: float, char: str) -> None:
    line.width += width
    line.size = max(line.size, size)
    line.wide = line.wide or is_wide(char)
