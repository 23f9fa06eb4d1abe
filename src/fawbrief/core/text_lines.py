"""Where a paragraph's lines end: as it wraps, or balanced (a title).

``wrap`` (``text_metrics``) fills each line as far as it goes, which can leave one word alone on the last
line of a title ("… over 7 / decades"). ``balanced`` keeps the number of lines ``wrap`` needs and chooses
the breaks, among the same opportunities (spaces in English, word boundaries in Chinese), that make the
longest line as short as possible: every line then fits wherever the wrapped ones did, and no last line is
a lone word unless the text has only one more. Widths are the fit code's (the theme's faces, real
advance widths). The writer turns the offsets into line breaks (``write/line_breaks``).
"""

from __future__ import annotations

from fawbrief.core.text_metrics import (
    BREAK_AFTER,
    EPSILON,
    Atom,
    FontMetrics,
    Piece,
    autospace,
    chars_width,
    is_wide,
    line_atoms,
    wrap,
)


def wrapped_offsets(pieces: list[Piece], first: float, rest: float, metrics: FontMetrics) -> list[int]:
    """The character offsets where ``wrap`` starts a new line (forced breaks not counted)."""
    return wrap(pieces, first, rest, metrics).wrapped_at


def balanced(pieces: list[Piece], first: float, rest: float, metrics: FontMetrics) -> list[int]:
    """The offsets of the line starts of ``pieces`` set in as many lines as ``wrap`` needs, chosen to make
    the longest line shortest; ``wrap``'s own when the text has forced breaks or a word wider than a line."""
    if metrics.breaks is None:  # text with spaces: no balanced break between a number and its unit
        metrics = metrics.with_breaks(numbers_kept)
    layout = wrap(pieces, first, rest, metrics)
    count = len(layout.lines)
    if count < 2 or layout.split_words or any("\n" in piece.text for piece in pieces):
        return layout.wrapped_at
    atoms = line_atoms(pieces, metrics)
    bodies, tails = _widths(atoms, metrics)
    seams = [0.0] + [0.0 if tails[i - 1] else autospace(atoms[i - 1][-1], atoms[i][0]) for i in range(1, len(atoms))]
    choice = _best(bodies, tails, seams, count, first, rest)
    if choice is None:
        return layout.wrapped_at
    starts = [sum(len(atom) for atom in atoms[:n]) for n in choice]
    return starts


def splits_number(text: str, offset: int) -> bool:
    """Whether a line starting at ``offset`` of ``text`` parts a number from the word after it ("13 | years";
    not "H1 | 2020", whose second word is a number) or from the currency code before it ("RMB | 100"):
    lint's ``number-unit-break`` rule, in text with spaces."""
    if not 0 < offset < len(text) or not text[offset - 1].isspace():
        return False
    before = text[:offset].rstrip()
    if not before:
        return False
    if text[offset].isdigit():
        code = before.split()[-1]
        return len(code) == 3 and code.isalpha() and code.isupper()
    return text[offset].isalpha() and before[-1].isdigit()


def numbers_kept(text: str) -> frozenset[int]:
    """Where Latin ``text`` may break as PowerPoint breaks it (after spaces and dashes, around wide
    characters), except between a number and the word after it."""
    points = set()
    for i, char in enumerate(text):
        if is_wide(char) and i and text[i - 1] not in BREAK_AFTER:
            points.add(i)
        if char in BREAK_AFTER or is_wide(char):
            points.add(i + 1)
    return frozenset(point for point in points if point < len(text) and not splits_number(text, point))


def _widths(atoms: list[Atom], metrics: FontMetrics) -> tuple[list[float], list[float]]:
    """Each atom's width without and with its trailing spaces."""
    bodies, tails = [], []
    for atom in atoms:
        body = atom
        while body and body[-1][0] in " \t":
            body = body[:-1]
        bodies.append(chars_width(body, metrics))
        tails.append(sum(metrics.em(c, b) * s for c, s, b in atom[len(body):]))
    return bodies, tails


def _best(bodies: list[float], tails: list[float], seams: list[float], count: int, first: float,
          rest: float) -> list[int] | None:
    """The atom indexes where lines 2 … ``count`` start, minimising the widest line (each within its
    limit); None when no such split exists. ``seams[i]``: the space between atom i - 1 and atom i."""
    n = len(bodies)
    prefix = [0.0]
    for body, tail, seam in zip(bodies, tails, seams, strict=True):
        prefix.append(prefix[-1] + seam + body + tail)

    def width(a: int, b: int) -> float:  # atoms a … b-1 on one line, the last one's trailing spaces dropped
        return prefix[b] - prefix[a] - seams[a] - tails[b - 1]

    inf = float("inf")
    # best[k][b]: (widest line, starts) for atoms 0 … b-1 in k + 1 lines
    best: list[dict[int, tuple[float, tuple[int, ...]]]] = [{}]
    for b in range(1, n + 1):
        if width(0, b) <= first + EPSILON:
            best[0][b] = (width(0, b), ())
    for k in range(1, count):
        row: dict[int, tuple[float, tuple[int, ...]]] = {}
        for b in range(k + 1, n + 1):
            found = (inf, ())
            for a, (widest, starts) in best[k - 1].items():
                if a >= b:
                    continue
                w = width(a, b)
                if w > rest + EPSILON:
                    continue
                candidate = (max(widest, w), (*starts, a))
                if candidate[0] < found[0] - 1e-9:
                    found = candidate
            if found[0] < inf:
                row[b] = found
        best.append(row)
    final = best[count - 1].get(n)
    return list(final[1]) if final is not None else None
