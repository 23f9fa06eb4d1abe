"""Progress of long work (composing and writing many variants, PDFs, verify), told to a listener.

The stages never print: they call ``progress(stage, done, total)`` as they go, and the
command line decides what to show (a bar on a terminal, timings with ``-v``, nothing
otherwise). ``done`` counts up from 0 to ``total`` within a stage; a stage that cannot
count its steps reports ``0`` of ``1`` as it starts and ``1`` of ``1`` when it ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sized
from typing import TypeVar

Progress = Callable[[str, int, int], None]
T = TypeVar("T")


def silent(stage: str, done: int, total: int) -> None:
    """The listener when nobody listens."""


def counted(progress: Progress | None, stage: str, items: Iterable[T], total: int | None = None) -> Iterator[T]:
    """Each of ``items`` in turn, telling ``progress`` how many are done (once before the first, then after each)."""
    if progress is None:
        yield from items
        return
    if total is None:
        total = len(items) if isinstance(items, Sized) else 0
    progress(stage, 0, total)
    for done, item in enumerate(items, start=1):
        yield item
        progress(stage, done, total)


def step(progress: Progress | None, stage: str) -> Callable[[], None]:
    """Start a stage that cannot count its steps; call the result when it is done."""
    if progress is None:
        return lambda: None
    progress(stage, 0, 1)
    return lambda: progress(stage, 1, 1)
