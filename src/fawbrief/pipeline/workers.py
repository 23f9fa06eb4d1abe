"""Forked worker processes that die with their parent and never print.

``run(runs, job)`` forks one worker per run of indices; each computes ``job(index)`` for
its indices (it inherited everything ``job`` needs through the fork) and sends each
result back through its own pipe, pickled. The parent reads every pipe at once, hands
each result to ``on_result`` as soon as it is whole (so the caller can start on a deck
while the others are still being written), and returns the results in index order. A worker

- dies with its parent: ``PR_SET_PDEATHSIG`` (SIGKILL) on Linux; elsewhere its next write
  to the pipe fails once the parent is gone;
- has stdin, stdout and stderr on ``/dev/null``, so it never holds the caller's pipes open
  and no traceback of its own can reach the terminal (errors travel back as data);
- ignores Ctrl-C (the parent stops it) and dies at once on SIGTERM or SIGHUP;
- leaves through ``os._exit``: no atexit handlers, no flushing of buffers it inherited.

If the parent fails or is interrupted while workers run, it kills and reaps every one of
them before the exception goes on.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import signal
import struct
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from fawbrief.pipeline.signals import held_signals, reset_in_worker

PR_SET_PDEATHSIG = 1  # <sys/prctl.h>
_HEADER = struct.Struct("!Q")


def run(runs: Sequence[Sequence[int]], job: Callable[[int], Any],
        on_result: Callable[[int, Any], None] | None = None) -> list[Any]:
    """``job(i)`` for every index of ``runs``, one forked worker per run; a worker's exception is raised here.
    ``on_result(i, result)`` is called in the parent as each result arrives (not for a worker's exception,
    which is raised once every worker has finished)."""
    die_with_parent = _death_signal_setter()
    parent = os.getpid()
    children: dict[int, int] = {}  # the read end of a worker's pipe → its pid
    try:
        for indices in runs:
            with held_signals():  # no signal between the fork and knowing the worker's pid
                read_fd, write_fd = os.pipe()
                pid = os.fork()
                if pid == 0:
                    _worker(write_fd, indices, job, parent, [read_fd, *children], die_with_parent)
                os.close(write_fd)
                children[read_fd] = pid
        received = _receive(list(children), on_result)
    except BaseException:
        _stop(children)
        raise
    finally:
        for fd in children:
            with contextlib.suppress(OSError):
                os.close(fd)
    exits = [_reap(pid) for pid in children.values()]
    results: dict[int, Any] = {}
    for status, fd, indices in zip(exits, children, runs, strict=True):
        _check_exit(status, len(received[fd]) == len(indices))
    for fd in children:
        for index, ok, value in received[fd]:
            if not ok:
                raise value
            results[index] = value
    return [results[index] for indices in runs for index in indices]


def _worker(write_fd: int, indices: Sequence[int], job: Callable[[int], Any], parent: int, inherited: list[int],
            die_with_parent: Callable[[], None]) -> NoReturn:
    code = 70
    try:
        for fd in inherited:
            os.close(fd)
        die_with_parent()
        if os.getppid() != parent:  # the parent died before the death signal was set
            os._exit(1)
        reset_in_worker()
        _quiet_stdio()
        for index in indices:
            _send(write_fd, _outcome(job, index))
        code = 0
    finally:
        os._exit(code)


def _outcome(job: Callable[[int], Any], index: int) -> bytes:
    try:
        return pickle.dumps((index, True, job(index)))
    except Exception as exc:
        exc.add_note("in a writer process:\n" + "".join(traceback.format_exception(exc)).rstrip())
        try:
            return pickle.dumps((index, False, exc))
        except Exception:  # an exception that does not pickle: its text still does
            return pickle.dumps((index, False, RuntimeError(f"{type(exc).__name__}: {exc}")))


def _send(fd: int, payload: bytes) -> None:
    data = memoryview(_HEADER.pack(len(payload)) + payload)
    while data:
        data = data[os.write(fd, data):]


def _receive(fds: list[int], on_result: Callable[[int, Any], None] | None = None
             ) -> dict[int, list[tuple[int, bool, Any]]]:
    """Everything each worker sent, read from all pipes at once until each is closed; each message
    unpickled as soon as it is whole (a worker that died mid-message leaves its last one out)."""
    buffers = {fd: bytearray() for fd in fds}
    received: dict[int, list[tuple[int, bool, Any]]] = {fd: [] for fd in fds}
    with selectors.DefaultSelector() as selector:
        for fd in fds:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            for key, _ in selector.select():
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    selector.unregister(key.fd)
                    continue
                buffers[key.fd] += chunk
                for message in _whole_messages(buffers[key.fd]):
                    received[key.fd].append(message)
                    index, ok, value = message
                    if ok and on_result is not None:
                        on_result(index, value)
    return received


def _whole_messages(data: bytearray) -> list[tuple[int, bool, Any]]:
    """The whole messages at the start of ``data``, unpickled and taken out of it."""
    found = []
    offset = 0
    while offset + _HEADER.size <= len(data):
        (size,) = _HEADER.unpack_from(data, offset)
        start = offset + _HEADER.size
        if start + size > len(data):
            break  # not whole yet (or, at the end, cut short: the worker died mid-message)
        found.append(pickle.loads(data[start:start + size]))
        offset = start + size
    del data[:offset]
    return found


def _reap(pid: int) -> int:
    return os.waitpid(pid, 0)[1]


def _check_exit(status: int, complete: bool) -> None:
    """A worker that died before sending everything was interrupted, or crashed."""
    if complete and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.pthread_sigmask(signal.SIG_BLOCK, ())  # runs the parent's own handler if it got the signal too
        raise KeyboardInterrupt
    how = (f"was killed by {signal.Signals(os.WTERMSIG(status)).name}" if os.WIFSIGNALED(status)
           else f"exited with code {os.waitstatus_to_exitcode(status)}")
    raise RuntimeError(f"a writer process {how} before it had written its decks")


def _stop(children: dict[int, int]) -> None:
    with held_signals():  # a second Ctrl-C does not leave workers behind
        for pid in children.values():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        for pid in children.values():
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)


def _quiet_stdio() -> None:
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def _death_signal_setter() -> Callable[[], None]:
    """What a worker calls first to be killed when its parent dies (loaded in the parent, once)."""
    if not sys.platform.startswith("linux"):
        return lambda: None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):
        return lambda: None
    return lambda: prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
