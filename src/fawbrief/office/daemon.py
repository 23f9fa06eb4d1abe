"""The renderer daemon: persistent renderers that outlive one command (``fawbrief renderer start``).

A ``Renderer`` kept for one command still pays LibreOffice's start (about a CPU-second each) in
every ``build --pdf`` and ``preview``. The daemon keeps ``size`` renderers running between
commands and serves them on a Unix socket (``socket_path()``, a folder only its user can
enter); while it runs, ``start_pool`` (renderer.py) hands out ``RemoteRenderer``s that send it
the same requests a local renderer gets, so those commands start nothing. It stops on
``fawbrief renderer stop``, after ``idle`` seconds without a request (default 15 minutes), or when
killed; a command that finds no daemon, or a dead one, starts its own renderers as before.

The protocol is one JSON line each way per connection: a worker request (``{"op": "pdf", "in", "out"}``,
``{"op": "png", …}``; paths on this machine), ``{"op": "status"}`` or ``{"op": "stop"}``; the answer
is the worker's (``{"ok": true, …}``) or ``{"ok": false, "error": …}``.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import socket
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from fawbrief.core.errors import RendererError
from fawbrief.office.renderer import REQUEST_TIMEOUT_S, Renderer

IDLE_S = 900.0
START_WAIT_S = 90.0
SOCKET_ENV = "FAWBRIEF_RENDERER_SOCKET"


def socket_path() -> Path:
    """Where the daemon listens: ``FAWBRIEF_RENDERER_SOCKET``, else ``renderer/daemon.sock`` in the user's cache."""
    explicit = os.environ.get(SOCKET_ENV)
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "fawbrief" / "renderer" / "daemon.sock"


def ask(request: dict[str, Any], path: Path | None = None, timeout: float = REQUEST_TIMEOUT_S) -> dict[str, Any]:
    """Send one request to the daemon and return its answer; ``OSError`` when no daemon answers."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout)
        conn.connect(str(path or socket_path()))
        conn.sendall(json.dumps(request).encode() + b"\n")
        data = b""
        while not data.endswith(b"\n"):
            chunk = conn.recv(65536)
            if not chunk:
                raise ConnectionError("the renderer daemon closed the connection")
            data += chunk
    return json.loads(data)


def status(path: Path | None = None) -> dict[str, Any] | None:
    """The running daemon's status (pid, renderers, requests served, idle limit), or None when none answers."""
    try:
        answer = ask({"op": "status"}, path, timeout=5.0)
    except (OSError, ValueError):
        return None
    return answer if answer.get("ok") else None


class RemoteRenderer:
    """A renderer of the daemon, with a local ``Renderer``'s ``pdf`` and ``pngs``; ``close`` leaves it running."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def pdf(self, deck: Path, out: Path, timeout: float = REQUEST_TIMEOUT_S) -> int:
        """Convert ``deck`` to ``out`` (PDF) in the daemon; the number of slides shown."""
        return int(self._ask({"op": "pdf", "in": str(deck.resolve()), "out": str(out.resolve())}, timeout,
                             deck)["pages"])

    def pngs(self, deck: Path, out_dir: Path, slides: list[int] | None = None, width: int = 1280,
             timeout: float = REQUEST_TIMEOUT_S) -> tuple[int, list[Path]]:
        """As ``Renderer.pngs``, in the daemon."""
        answer = self._ask({"op": "png", "in": str(deck.resolve()), "out": str(out_dir.resolve()), "width": width,
                            "slides": list(slides) if slides is not None else None}, timeout, deck)
        return int(answer["slides"]), [Path(file) for file in answer["files"]]

    def _ask(self, request: dict[str, Any], timeout: float, deck: Path) -> dict[str, Any]:
        try:
            answer = ask(request, self.path, timeout + REQUEST_TIMEOUT_S)  # it may wait for a free renderer
        except (OSError, ValueError) as exc:
            raise RendererError(f"the renderer daemon did not answer: {exc}", path=deck) from None
        if not answer.get("ok"):
            raise RendererError(f"LibreOffice failed: {answer.get('error', 'no message')}", path=deck)
        return answer

    def close(self) -> None:
        """Nothing to stop: the daemon's renderers outlive the command."""


class _Daemon(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: Path, size: int, idle: float) -> None:
        self.free: queue.Queue[Renderer] = queue.Queue()
        self.size, self.idle, self.served = size, idle, 0
        self.last = time.monotonic()
        self.busy = 0
        self.lock = threading.Lock()
        self.workers: list[Renderer] = []  # every renderer in service, for status and for stopping
        for _ in range(size):
            self.free.put(self._new_renderer())
        super().__init__(str(path), _Handler)

    def _new_renderer(self) -> Renderer:
        renderer = Renderer()
        with self.lock:
            self.workers.append(renderer)
        return renderer

    def render(self, request: dict[str, Any]) -> dict[str, Any]:
        renderer = self.free.get()
        with self.lock:
            self.busy += 1
        try:
            if request["op"] == "pdf":
                return {"ok": True, "pages": renderer.pdf(Path(request["in"]), Path(request["out"]))}
            count, files = renderer.pngs(Path(request["in"]), Path(request["out"]), request.get("slides"),
                                         int(request.get("width", 1280)))
            return {"ok": True, "slides": count, "files": [str(f) for f in files]}
        except RendererError as exc:
            renderer.close()
            with self.lock:
                self.workers.remove(renderer)
            renderer = self._new_renderer()  # a renderer that failed is replaced, so the next request finds one
            return {"ok": False, "error": exc.message}
        finally:
            with self.lock:
                self.busy -= 1
                self.served += 1
                self.last = time.monotonic()
            self.free.put(renderer)

    def watch_idle(self) -> None:
        while True:
            time.sleep(min(5.0, self.idle / 4))
            with self.lock:
                quiet = self.busy == 0 and time.monotonic() - self.last > self.idle
            if quiet:
                self.shutdown()
                return

    def close_renderers(self) -> None:
        with self.lock:
            workers = list(self.workers)
        for renderer in workers:
            renderer.close()


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server: _Daemon = self.server  # type: ignore[assignment]
        try:
            request = json.loads(self.rfile.readline())
            op = request.get("op")
            if op == "status":
                with server.lock:
                    answer: dict[str, Any] = {"ok": True, "pid": os.getpid(), "renderers": server.size,
                                              "served": server.served, "idle_limit_s": server.idle,
                                              "workers": [r.pid for r in server.workers]}
            elif op == "stop":
                answer = {"ok": True, "stopping": True}
                threading.Thread(target=server.shutdown, daemon=True).start()
            elif op in ("pdf", "png"):
                with server.lock:
                    server.last = time.monotonic()
                answer = server.render(request)
            else:
                answer = {"ok": False, "error": f"unknown request {op!r}"}
        except (ValueError, KeyError, TypeError) as exc:
            answer = {"ok": False, "error": f"bad request: {exc}"}
        with contextlib.suppress(OSError):
            self.wfile.write(json.dumps(answer).encode() + b"\n")


def serve_forever(path: Path, size: int, idle: float) -> None:
    """Run the daemon in this process until stopped or idle; removes its socket and its renderers' processes."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)  # the socket takes requests to read and write this user's files
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # a dead daemon's socket (start checked that none answers)
    server = _Daemon(path, size, idle)
    try:
        os.chmod(path, 0o600)
        threading.Thread(target=server.watch_idle, daemon=True).start()
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        server.close_renderers()
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def start(size: int, idle: float = IDLE_S, path: Path | None = None) -> dict[str, Any]:
    """Start a daemon in the background (or find the one running) and wait until it answers; its status."""
    path = path or socket_path()
    running = status(path)
    if running is not None:
        return {**running, "already": True}
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    log = path.with_suffix(".log")
    with open(log, "wb") as out:  # the daemon's stderr, for when it fails to start
        proc = subprocess.Popen([sys.executable, "-m", "fawbrief.office.daemon", str(path), str(size), str(idle)],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True)
    deadline = time.monotonic() + START_WAIT_S
    while time.monotonic() < deadline:
        running = status(path)
        if running is not None:
            return running
        if proc.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
            raise RendererError(f"the renderer daemon did not start: {tail[0] if tail else 'no message'}")
        time.sleep(0.1)
    proc.kill()
    raise RendererError(f"the renderer daemon did not answer within {START_WAIT_S:.0f} s")


def stop(path: Path | None = None, wait: float = 30.0) -> int | None:
    """Ask the running daemon to stop and wait until its socket is gone; its pid, or None when none ran."""
    path = path or socket_path()
    running = status(path)
    if running is None:
        return None
    with contextlib.suppress(OSError, ValueError):
        ask({"op": "stop"}, path, timeout=5.0)
    pid = int(running["pid"])
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and (path.exists() or _alive(pid)):
        time.sleep(0.05)
    return pid


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a daemon this process started, once it exits, is reaped here)."""
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


if __name__ == "__main__":  # fawbrief renderer start runs: python -m fawbrief.office.daemon SOCKET SIZE IDLE
    serve_forever(Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))
