"""Boxes on a slide, in EMU, and the one rule for keeping content clear of what is already there.

``Box`` is a rectangle (a placeholder's, an area the writer fills, a piece of the
master's artwork). ``clear_of`` shrinks an area until it overlaps none of a set of
obstacles, cutting each time on the side that keeps the most of it: a full-width
title band or footer bar takes a strip off the top or bottom, a logo in a corner the
narrower of a strip beside it or below it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

GAP = 228_600  # 0.25 in: between blocks, and the room kept around obstacles


@dataclass(frozen=True)
class Box:
    """A rectangle on a slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def area(self) -> int:
        return max(self.width, 0) * max(self.height, 0)

    def split_top(self, height: int, gap: int = GAP) -> tuple[Box, Box]:
        """The top ``height`` of the box, and what is left below it after ``gap``."""
        top = Box(self.left, self.top, self.width, height)
        rest = Box(self.left, self.top + height + gap, self.width, max(self.height - height - gap, 0))
        return top, rest

    def split_left(self, fraction: float, gap: int = GAP) -> tuple[Box, Box]:
        """The left ``fraction`` of the box (less ``gap``), and the rest to its right."""
        left_w = int((self.width - gap) * fraction)
        return (Box(self.left, self.top, left_w, self.height),
                Box(self.left + left_w + gap, self.top, self.width - left_w - gap, self.height))

    def overlaps(self, other: Box) -> bool:
        """Whether the two boxes share any area (touching edges do not)."""
        return (self.left < other.right and other.left < self.right and self.top < other.bottom
                and other.top < self.bottom)

    def grown(self, by: int) -> Box:
        """The box with ``by`` EMU added on every side."""
        return Box(self.left - by, self.top - by, self.width + 2 * by, self.height + 2 * by)

    def with_edges(self, left: int | None = None, top: int | None = None, right: int | None = None,
                   bottom: int | None = None) -> Box:
        """The box with some of its edges moved (others kept)."""
        l_, t_ = self.left if left is None else left, self.top if top is None else top
        r_, b_ = self.right if right is None else right, self.bottom if bottom is None else bottom
        return Box(l_, t_, max(r_ - l_, 0), max(b_ - t_, 0))


def clear_of(area: Box, obstacles: Iterable[Box], gap: int = 0, keep: str = "any") -> Box:
    """``area`` cut back until it overlaps none of ``obstacles`` (each grown by ``gap``).

    Each overlap is removed by the cut that keeps the most area: the part above, below, left
    or right of the obstacle. ``keep="rows"`` allows only left and right cuts (a one-line strip
    such as the source line keeps its height and gives up width).
    """
    result = area
    for obstacle in sorted((o.grown(gap) for o in obstacles), key=lambda o: (o.top, o.left)):
        if not result.overlaps(obstacle):
            continue
        cuts = [result.with_edges(right=obstacle.left), result.with_edges(left=obstacle.right)]
        if keep != "rows":
            cuts += [result.with_edges(bottom=obstacle.top), result.with_edges(top=obstacle.bottom)]
        result = max(cuts, key=lambda box: box.area)
    return result
