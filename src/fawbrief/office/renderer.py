"""The persistent renderer: LibreOffice kept running, spoken to over UNO.

Starting LibreOffice costs about 1.3 s of every fresh ``soffice --convert-to``, and
``pdftoppm`` about 0.1 s a page. A ``Renderer`` starts LibreOffice once (through
``uno_worker.py``, run by LibreOffice's own Python, which has the ``uno`` module:
Debian's ``python3-uno``) and then converts decks to PDF, or exports chosen slides
straight to PNG, in a fraction of that. It is used by ``serve``, ``preview`` and
``build --pdf`` when it is available; otherwise, or with ``FAWBRIEF_RENDERER=fresh``,
they take the fresh-process route (``pdf.convert``).

Each renderer is a process group of its own (the worker and LibreOffice, with a
private profile), killed whole by ``close``; the worker also ends, taking LibreOffice
with it, as soon as its stdin closes, so a renderer never outlives fawbrief. Every
request has a time limit; a renderer that misses it is killed and the request is a
``RendererError`` (exit 4).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import queue
import selectors
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

from fawbrief.core.errors import RendererError
from fawbrief.office.pdf import find_soffice

WORKER = Path(__file__).with_name("uno_worker.py")
START_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = 60.0
QUIT_WAIT_S = 2.0  # for LibreOffice to close cleanly before its process group is killed
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", "/opt/libreoffice/program/python")
T = TypeVar("T")
R = TypeVar("R")


@functools.lru_cache(maxsize=1)
def uno_python() -> str | None:
    """An interpreter that can ``import uno`` (``FAWBRIEF_UNO_PYTHON``, else the usual places), or None."""
    chosen = os.environ.get("FAWBRIEF_UNO_PYTHON")
    for candidate in ([chosen] if chosen else UNO_PYTHONS):
        if not os.access(candidate, os.X_OK):
            continue
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            proc = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=20, check=False,
                                  env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")})
            if proc.returncode == 0:
                return candidate
    return None


def persistent_available() -> bool:
    """Whether a persistent renderer can be started: not turned off, LibreOffice and a UNO Python present."""
    if os.environ.get("FAWBRIEF_RENDERER", "auto") == "fresh":
        return False
    try:
        find_soffice()
    except RendererError:
        return False
    return uno_python() is not None


class Renderer:
    """One LibreOffice kept running. Started at construction (it gets ready in the background);
    ``pdf`` and ``pngs`` wait for it. Use as a context manager, or call ``close``."""

    def __init__(self) -> None:
        python = uno_python()
        if python is None:
            raise RendererError("no Python with LibreOffice's uno module", hint="apt-get install python3-uno")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}  # not our venv's paths
        soffice = find_soffice()
        self._profile = tempfile.mkdtemp(prefix="fawbrief-lo-")  # removed by close, however the worker ended
        try:
            self._proc = subprocess.Popen([python, str(WORKER), soffice, self._profile], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                                          start_new_session=True)
        except OSError as exc:
            shutil.rmtree(self._profile, ignore_errors=True)
            raise RendererError(f"cannot start the renderer: {exc.strerror or exc}") from None
        self._ready = False
        self._buffer = b""
        self._lock = threading.Lock()

    def pdf(self, deck: Path, out: Path, timeout: float = REQUEST_TIMEOUT_S) -> int:
        """Convert ``deck`` to ``out`` (PDF); the number of slides shown, as LibreOffice counts them."""
        return int(self._ask({"op": "pdf", "in": str(deck), "out": str(out)}, timeout, deck)["pages"])

    def pngs(self, deck: Path, out_dir: Path, slides: Sequence[int] | None = None, width: int = 1280,
             timeout: float = REQUEST_TIMEOUT_S) -> tuple[int, list[Path]]:
        """``out_dir/slide-NN.png`` for the ``slides`` asked (1-based; None: every slide shown), ``width``
        pixels wide; the number of slides shown and the files written."""
        answer = self._ask({"op": "png", "in": str(deck), "out": str(out_dir), "width": width,
                            "slides": list(slides) if slides is not None else None}, timeout, deck)
        return int(answer["slides"]), [Path(file) for file in answer["files"]]

    @property
    def pid(self) -> int:
        """The worker's process id, which is also its process group's (LibreOffice's too)."""
        return self._proc.pid

    def _ask(self, request: dict[str, Any], timeout: float, deck: Path) -> dict[str, Any]:
        with self._lock:
            if not self._ready:
                self._read(START_TIMEOUT_S, None)
                self._ready = True
            try:
                assert self._proc.stdin is not None
                self._proc.stdin.write(json.dumps(request).encode() + b"\n")
                self._proc.stdin.flush()
            except OSError:
                self.close()
                raise RendererError("the renderer has stopped", path=deck) from None
            return self._read(timeout, deck)

    def _read(self, timeout: float, deck: Path | None) -> dict[str, Any]:
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    self.close()
                    what = "start" if deck is None else "finish"
                    raise RendererError(f"LibreOffice did not {what} within {timeout:.0f} s", path=deck)
                chunk = os.read(fd, 65536)
                if not chunk:
                    self.close()
                    raise RendererError("the renderer stopped unexpectedly", path=deck)
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        answer = json.loads(line)
        if not answer.get("ok"):
            raise RendererError(f"LibreOffice failed: {answer.get('error', 'no message')}", path=deck)
        return answer

    def close(self) -> None:
        """Stop LibreOffice and the worker: ask, wait briefly, then kill the whole process group and
        remove the private profile."""
        proc = self._proc
        if proc.poll() is None:
            with contextlib.suppress(OSError, ValueError):
                assert proc.stdin is not None
                proc.stdin.write(b'{"op": "quit"}\n')
                proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=QUIT_WAIT_S)
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)  # LibreOffice's own processes are in the group
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            with contextlib.suppress(OSError, ValueError):
                if stream is not None:
                    stream.close()
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class RendererPool:
    """``size`` renderers working through a list together (one thread each); closes them all."""

    def __init__(self, size: int, renderers: Sequence[Any] = ()) -> None:
        self.renderers: list[Any] = list(renderers)  # given: the daemon's (``daemon.RemoteRenderer``)
        if self.renderers:
            return
        try:
            for _ in range(max(1, size)):
                self.renderers.append(Renderer())
        except BaseException:
            self.close()
            raise

    def map(self, work: Callable[[Renderer, T], R], items: Iterable[T]) -> list[R]:
        """``work(renderer, item)`` for every item, in order of the items; the first error is raised
        once every renderer has stopped working."""
        return self.map_over(self.renderers, work, items)

    def feed(self, work: Callable[[Renderer, T], R]) -> Feed[T, R]:
        """``work(renderer, item)`` for items handed over one by one while the renderers already work."""
        return Feed(self.renderers, work)

    @staticmethod
    def map_over(renderers: Sequence[Any], work: Callable[[Any, T], R], items: Iterable[T]) -> list[R]:
        """``map`` with the given workers (one thread each)."""
        with Feed(renderers, work) as feed:
            for index, item in enumerate(items):
                feed.put(index, item)
            results = feed.finish()
        return [results[i] for i in sorted(results)]

    def close(self) -> None:
        """Stop every renderer."""
        for renderer in self.renderers:
            renderer.close()

    def __enter__(self) -> RendererPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Feed(Generic[T, R]):
    """Work for renderers that arrives while they work (``build --pdf`` hands each deck over as soon as it
    is written): one thread per renderer takes the next item ``put``; ``finish`` waits for them and gives
    each key's result. After the first error no renderer starts on another item, and ``finish`` raises it.
    Leaving the ``with`` block on an error drops what is still queued (what a renderer is converting
    stops when the pool is closed)."""

    _END = object()

    def __init__(self, renderers: Sequence[Any], work: Callable[[Any, T], R]) -> None:
        self._work = work
        self._todo: queue.Queue[Any] = queue.Queue()
        self._results: dict[int, R] = {}
        self._errors: list[BaseException] = []
        self._stopped = False
        self._threads = [threading.Thread(target=self._run, args=(renderer,), daemon=True) for renderer in renderers]
        for thread in self._threads:
            thread.start()

    def put(self, key: int, item: T) -> None:
        """Hand ``item`` to the next free renderer; its result is ``finish()[key]``."""
        self._todo.put((key, item))

    def finish(self) -> dict[int, R]:
        """Every result, once the renderers have worked through all items put; the first error instead."""
        for _ in self._threads:
            self._todo.put(self._END)
        for thread in self._threads:
            thread.join()
        if self._errors:
            raise self._errors[0]
        return self._results

    def cancel(self) -> None:
        """Take no more work: the renderers stop after the item each is on."""
        self._stopped = True
        for _ in self._threads:
            self._todo.put(self._END)

    def _run(self, renderer: Any) -> None:
        while (entry := self._todo.get()) is not self._END:
            if self._errors or self._stopped:
                continue  # drained: an error ends the work, and finish raises it
            key, item = entry
            try:
                self._results[key] = self._work(renderer, item)
            except BaseException as exc:
                self._errors.append(exc)

    def __enter__(self) -> Feed[T, R]:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is not None:
            self.cancel()


def pool_size(items: int) -> int:
    """How many renderers a batch of ``items`` decks gets: one per core, at most two, at most one per item."""
    return max(1, min(items, os.cpu_count() or 1, 2))
