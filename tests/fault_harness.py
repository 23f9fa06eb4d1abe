"""Run the real CLI with slowed steps that announce themselves, for the interrupt and kill tests.

``python tests/fault_harness.py ARGS...`` is ``fawbrief ARGS...``, with, per environment variable:

- ``FAULT_MARKS=FILE``: each slowed step appends one line to FILE (``write PID``, ``stage NAME``,
  ``replace NAME``, ``unlink NAME``) *before* it sleeps, so a test knows where the build is.
- ``FAULT_SLOW_WRITE=S``: each deck is written S seconds late (in the worker that writes it); with
  ``FAULT_SLOW_ONLY=DECK-AUDIENCE`` only that one (the others are marked ``wrote PID`` when written).
- ``FAULT_SLOW_STAGE=S``: each temp file is synced S seconds late (the deck is on disk, not in place).
- ``FAULT_SLOW_REPLACE=S``: each rename into the output folder is followed by S seconds of sleep, as on a
  slow filesystem (the issue's ``strace -e inject=rename:delay_exit``).
- ``FAULT_SIGNAL_ON_UNLINK=NAME``: the process sends itself SIGINT when it unlinks a file called NAME.
- ``FAULT_SIGNAL_ON_TEMP=SIGNAME``: the process sends itself that signal the moment a temp file for a deck exists.

Marks go to a file, not stderr: the tests compare stderr exactly, and workers may not write there.
"""

from __future__ import annotations

import os
import signal
import sys
import time

MARKS = os.environ.get("FAULT_MARKS")
OUT = os.path.realpath(sys.argv[sys.argv.index("-o") + 1]) if "-o" in sys.argv else None


def mark(line: str) -> None:
    if MARKS:
        with open(MARKS, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def in_out(path: object) -> bool:
    return OUT is not None and os.path.realpath(os.fspath(path)).startswith(OUT + os.sep)  # type: ignore[arg-type]


def _slow_write(seconds: float) -> None:
    from fawbrief.pipeline import build

    real = build.write_variants

    def patched(specs, write, *args, **kwargs):  # type: ignore[no-untyped-def]
        def slow(spec):  # type: ignore[no-untyped-def]
            if os.environ.get("FAULT_SLOW_ONLY", f"{spec.deck}-{spec.audience}") != f"{spec.deck}-{spec.audience}":
                data = write(spec)
                mark(f"wrote {os.getpid()}")
                return data
            mark(f"write {os.getpid()}")
            time.sleep(seconds)
            return write(spec)

        return real(specs, slow, *args, **kwargs)

    build.write_variants = patched


def _slow_stage(seconds: float) -> None:
    real = os.fsync

    def patched(fd: int) -> None:
        name = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists(f"/proc/self/fd/{fd}") else ""
        if name.endswith(".tmp") and in_out(name):
            mark(f"stage {os.path.basename(name)}")
            time.sleep(seconds)
        real(fd)

    os.fsync = patched


def _slow_replace(seconds: float) -> None:
    real = os.replace

    def patched(src, dst, **kwargs):  # type: ignore[no-untyped-def]
        real(src, dst, **kwargs)
        if in_out(dst):
            mark(f"replace {os.path.basename(os.fspath(dst))}")
            time.sleep(seconds)

    os.replace = patched


def _signal_on_unlink(name: str) -> None:
    real = os.unlink

    def patched(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        real(path, *args, **kwargs)
        if os.path.basename(os.fspath(path)) == name:
            mark(f"unlink {name}")
            os.kill(os.getpid(), signal.SIGINT)

    os.unlink = patched


def _signal_on_temp(name: str) -> None:
    import tempfile

    real = tempfile.mkstemp

    def patched(*args, **kwargs):  # type: ignore[no-untyped-def]
        fd, path = real(*args, **kwargs)
        if path.endswith(".tmp") and in_out(path):
            mark(f"temp {os.path.basename(path)}")
            os.kill(os.getpid(), getattr(signal, name))
        return fd, path

    tempfile.mkstemp = patched


def main() -> None:
    if os.environ.get("FAULT_SLOW_WRITE"):
        _slow_write(float(os.environ["FAULT_SLOW_WRITE"]))
    if os.environ.get("FAULT_SLOW_STAGE"):
        _slow_stage(float(os.environ["FAULT_SLOW_STAGE"]))
    if os.environ.get("FAULT_SLOW_REPLACE"):
        _slow_replace(float(os.environ["FAULT_SLOW_REPLACE"]))
    if os.environ.get("FAULT_SIGNAL_ON_TEMP"):
        _signal_on_temp(os.environ["FAULT_SIGNAL_ON_TEMP"])
    if os.environ.get("FAULT_SIGNAL_ON_UNLINK"):
        _signal_on_unlink(os.environ["FAULT_SIGNAL_ON_UNLINK"])
    from fawbrief.cli.main import main as cli

    cli(sys.argv[1:], prog_name="fawbrief")


if __name__ == "__main__":
    main()
