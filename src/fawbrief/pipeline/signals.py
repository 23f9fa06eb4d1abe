"""Signals during a build: held while the output folder is between two states, and reset in workers.

SIGINT (Ctrl-C), SIGTERM and SIGHUP are *held* (blocked, so the kernel keeps them pending)
while decks are being swapped in: the code that holds them asks ``interrupted()`` between
steps, undoes what it did if one is waiting, and the signal is delivered when the hold
ends (SIGINT as ``KeyboardInterrupt``, the others as the CLI's handlers make them).
SIGKILL cannot be held: what it interrupts, the next build recovers (``journal.recover``).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator

HELD = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


class Interrupted(BaseException):
    """A held signal is waiting: the critical section was undone; the signal follows on release."""


@contextlib.contextmanager
def held_signals() -> Iterator[Callable[[], bool]]:
    """Hold SIGINT, SIGTERM and SIGHUP; yields a check whether one of them is waiting.

    On leaving, a waiting signal is delivered (its handler runs inside ``pthread_sigmask``);
    if its handler did not raise, ``Interrupted`` still becomes ``KeyboardInterrupt``, so a
    caller never mistakes an undone step for a finished one.
    """
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    except (AttributeError, OSError, ValueError):  # no POSIX signal masks here: nothing can be held
        yield lambda: False
        return
    try:
        yield lambda: bool(signal.sigpending() & HELD)
    except Interrupted:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        raise KeyboardInterrupt from None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def reset_in_worker() -> None:
    """In a forked worker: Ctrl-C is the parent's to handle (it stops the workers itself), SIGTERM and
    SIGHUP kill at once (no handler inherited from the parent, so no traceback), and none is held."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, signal.SIG_DFL)
    with contextlib.suppress(AttributeError, OSError, ValueError):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)
