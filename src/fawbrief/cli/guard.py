"""The one place errors become exit codes (README: Exit codes): one line, no traceback unless ``--debug``.

Signals are part of it: SIGTERM and SIGHUP are handled like Ctrl-C (exit 130), so a build
stopped by ``kill``, ``timeout`` or a closed terminal cleans up as an interrupted one does,
and the message says truthfully whether the new files were published before the signal
came (``Outcome``, told by the publisher). A closed stdout (``fawbrief list | head -1``)
ends the command quietly with exit 0: the reader had what it wanted.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import click

from fawbrief.core.errors import EXIT_INTERNAL, EXIT_OUTPUT, FawbriefError, escape_control

EXIT_INTERRUPTED = 130


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where Ctrl-C would raise ``KeyboardInterrupt`` (so clean-up is the same)."""


class Outcome:
    """What a command had done when it was interrupted: the files it published, if any."""

    def __init__(self) -> None:
        self.published: list[Path] = []

    def record(self, paths: list[Path]) -> None:
        """Note what was published, so an interrupt can say which files are already out."""
        self.published = list(paths)


def run_guarded(debug: bool, action: Callable[[], Any], outcome: Outcome | None = None,
                show: Callable[[Any], None] | None = None) -> Any:
    """Run ``action`` (then ``show`` its result) with every error mapped to its exit code and one line."""
    try:
        with _terminate_as_interrupt():
            result = action()
            if show is not None:
                show(result)
                sys.stdout.flush()  # a closed pipe shows here, not at exit
            return result
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)
    except FawbriefError as exc:
        _fail(debug, f"fawbrief: error: {exc}" if "\n" not in str(exc) else f"fawbrief: errors:\n{exc}",
              exc.exit_code)
    except KeyboardInterrupt as exc:
        _fail(debug, _interrupted(exc, outcome), EXIT_INTERRUPTED)
    except OSError as exc:  # the environment, not a bug: a full disk, a vanished folder
        where = f"{escape_control(str(exc.filename))}: " if exc.filename else ""
        _fail(debug, f"fawbrief: error: {where}{escape_control(exc.strerror or str(exc))}", EXIT_OUTPUT)
    except Exception as exc:
        text = escape_control(f"{type(exc).__name__}: {exc}")
        _fail(debug, f"fawbrief: internal error: {text} ({'please report it' if debug else 'rerun with --debug'})",
              EXIT_INTERNAL)


def echo_lines(lines: list[Any]) -> None:
    """Print each item on its own line (as ``show``: inside the guard, so a closed pipe ends quietly)."""
    for line in lines:
        click.echo(str(line))


def echo_text(text: str) -> None:
    """Print ``text`` as it is (as ``show``)."""
    click.echo(text, nl=False)


def _fail(debug: bool, message: str, code: int) -> None:
    if debug:
        traceback.print_exc()
    with contextlib.suppress(BrokenPipeError):  # stderr closed too: the exit code is all that is left
        click.echo(message, err=True)
    sys.exit(code)


def _interrupted(exc: KeyboardInterrupt, outcome: Outcome | None) -> str:
    what = "terminated" if isinstance(exc, Terminated) else "interrupted"
    if outcome is not None and outcome.published:
        return f"fawbrief: {what} after publishing: the {len(outcome.published)} new file(s) are complete"
    return f"fawbrief: {what}; nothing was changed"


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ``Terminated`` while a command runs (unless they were ignored, as under nohup)."""

    def handler(number: int, frame: FrameType | None) -> None:
        raise Terminated(signal.Signals(number).name)

    previous: dict[int, Any] = {}
    for number in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):  # not the main thread (a test runner's thread)
            if signal.getsignal(number) is signal.SIG_DFL:
                previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush does not fail on the closed pipe again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
