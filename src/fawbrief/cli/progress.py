"""What long commands show while they work, and how much: ``-q/--quiet``, ``-v/--verbose``, progress bars.

The stages report ``(stage, done, total)`` through a callback (``core/progress``) and never print;
``Reporter`` is that callback. On a terminal (stderr is one) it draws one bar per stage
with Click's progress bar; when stderr is a file or a pipe it draws nothing, so logs and
scripts see what they saw before. ``-v`` adds one line per finished stage with its count
and time, terminal or not; ``-q`` drops the bars, the notes and the closing summary lines,
and keeps warnings, errors and the results on stdout. Both may be given before the command
(``fawbrief -q build``) or after it (``fawbrief build -q``); each ``-v`` and ``-q`` counts.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
_KEY = "fawbrief.verbosity"


def _count(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value:
        ctx.meta[_KEY] = ctx.meta.get(_KEY, 0) + (value if param.name == "verbose" else -value)


def verbosity_options(function: F) -> F:
    """``-q/--quiet`` and ``-v/--verbose`` (counted into the context chain's shared ``meta``)."""
    function = click.option("-v", "--verbose", count=True, expose_value=False, callback=_count,
                            help="Say more: a line per finished stage with its time.")(function)
    return click.option("-q", "--quiet", count=True, expose_value=False, callback=_count,
                        help="Say less: no progress bar, notes or summary; warnings and errors still.")(function)


def verbosity() -> int:
    """Below 0: quiet; 0: the default; above 0: verbose (``-v`` minus ``-q``, wherever given)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_KEY, 0) if ctx is not None else 0


def say(line: str) -> None:
    """A closing summary line on stderr ("3 deck(s) clean"), unless ``-q``."""
    if verbosity() >= 0:
        finish_bar()
        click.echo(line, err=True)


def finish_bar() -> None:
    """End the bar being drawn, if any, so a line printed now starts on a line of its own."""
    ctx = click.get_current_context(silent=True)
    reporter = ctx.meta.get(Reporter.KEY) if ctx is not None else None
    if reporter is not None:
        reporter.close()


class Reporter:
    """The progress callback of one command: bars on a terminal, stage lines with ``-v``."""

    KEY = "fawbrief.reporter"

    def __init__(self, level: int | None = None, stream: TextIO | None = None,
                 terminal: bool | None = None, clock: Callable[[], float] = time.perf_counter) -> None:
        self.level = verbosity() if level is None else level
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = _is_terminal(self.stream) if terminal is None else terminal
        self.clock = clock
        self._stage: str | None = None
        self._total = 0
        self._done = 0
        self._started = 0.0
        self._bar: Any = None
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            ctx.meta[self.KEY] = self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self._end_stage()
            self._stage, self._total, self._done, self._started = stage, total, 0, self.clock()
            if self.terminal and self.level >= 0:
                self._bar = click.progressbar(length=max(total, 1), label=stage, file=self.stream,
                                              show_pos=total > 1, show_percent=total > 1, show_eta=False)
                self._bar.__enter__()
        if self._bar is not None and done > self._done:
            self._bar.update(done - self._done)
        self._done = max(done, self._done)
        if done >= total:
            self._end_stage()

    def close(self) -> None:
        """End the stage under way (its bar, its ``-v`` line)."""
        self._end_stage()

    def _end_stage(self) -> None:
        if self._stage is None:
            return
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
        if self.level > 0:
            count = f" {self._done} of {self._total}" if self._total > 1 else ""
            click.echo(f"fawbrief: {self._stage}{count}: {self.clock() - self._started:.2f} s", file=self.stream)
        self._stage = None


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
