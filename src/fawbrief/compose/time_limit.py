"""A time limit on rendering one deck's template.

The sandbox bounds what a template may allocate, not how long it may run: two nested
``range(99999)`` loops would hold a core for minutes. Each deck's rendering gets
``RENDER_TIMEOUT_S`` seconds (``FAWBRIEF_RENDER_TIMEOUT=SECONDS`` changes it, ``0`` turns
it off); the shipped decks render in well under a tenth of a second. The limit is a
``SIGALRM`` timer, so it stops any loop of template code; it applies in the main thread
(where the CLI renders) and is skipped where a timer cannot be set or ``SIGALRM`` is
already someone else's.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from fawbrief.core.errors import InputError

RENDER_TIMEOUT_S = 10
ENV = "FAWBRIEF_RENDER_TIMEOUT"


class RenderTimeout(Exception):
    """Raised inside a template that ran past its time limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"template took longer than {seconds:g} s to render")
        self.seconds = seconds


def render_timeout() -> float | None:
    """The limit in seconds (None: no limit), from ``FAWBRIEF_RENDER_TIMEOUT`` or the default."""
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return float(RENDER_TIMEOUT_S)
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not math.isfinite(seconds) or seconds < 0:
        raise InputError(f"{ENV}: not a number of seconds: {raw!r}", hint="a positive number, or 0 for no limit")
    return seconds or None


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``RenderTimeout`` in the code running when ``seconds`` have passed."""
    if (seconds is None or threading.current_thread() is not threading.main_thread()
            or not hasattr(signal, "setitimer") or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None)):
        yield
        return
    armed = True

    def expired(number: int, frame: FrameType | None) -> None:
        if armed:
            raise RenderTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
