"""The HTTP side of ``fawbrief serve``: pages, JSON, pictures and the event stream, on 127.0.0.1 only.

Routes: ``/`` (the variants), ``/deck/<deck>/<audience>/<lang>`` (a deck's page),
``/api/variants``, ``/api/deck/<deck>/<audience>/<lang>`` (what a deck's page shows),
``/pictures/<name>.png`` (slide pictures) and ``/events`` (server-sent events: one
``{"variant": …, "version": …}`` per change; a comment every few seconds keeps it open).
"""

from __future__ import annotations

import json
import queue
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from fawbrief.serve.page import DECK_PAGE, INDEX_PAGE
from fawbrief.serve.session import Key, Session, key_name

HOST = "127.0.0.1"
HEARTBEAT_S = 5.0
_PICTURE = re.compile(r"/pictures/([A-Za-z0-9._-]+\.png)")
_DECK = re.compile(r"/(deck|api/deck)/([^/]+)/([^/]+)/([^/]+)")


class Events:
    """The event stream's listeners: one queue per open ``/events`` request."""

    def __init__(self) -> None:
        self._listeners: list[queue.Queue[str | None]] = []
        self._lock = threading.Lock()

    def listen(self) -> queue.Queue[str | None]:
        """A new listener's queue."""
        listener: queue.Queue[str | None] = queue.Queue()
        with self._lock:
            self._listeners.append(listener)
        return listener

    def forget(self, listener: queue.Queue[str | None]) -> None:
        """Drop a listener whose request ended."""
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def send(self, key: Key, version: int) -> None:
        """Tell every listener that ``key`` is now at ``version``."""
        message = json.dumps({"variant": key_name(key), "version": version})
        with self._lock:
            for listener in self._listeners:
                listener.put(message)

    def close(self) -> None:
        """End every open stream."""
        with self._lock:
            for listener in self._listeners:
                listener.put(None)


class Server(ThreadingHTTPServer):
    """A threading HTTP server bound to loopback, holding the session and its event stream."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, session: Session | None, events: Events) -> None:
        self.session: Session = session  # type: ignore[assignment]  # set before serving
        self.events = events
        super().__init__((HOST, port), Handler)

    @property
    def url(self) -> str:
        """The address to open: ``http://127.0.0.1:PORT/``."""
        return f"http://{HOST}:{self.server_address[1]}/"


class Handler(BaseHTTPRequestHandler):
    """One request."""

    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows what the server says, not every request."""

    def do_GET(self) -> None:
        """Answer a GET."""
        path = unquote(urlsplit(self.path).path)
        session = self.server.session
        if path == "/":
            self._send(INDEX_PAGE.encode(), "text/html; charset=utf-8")
        elif path == "/api/variants":
            self._json({"variants": session.catalog(), "error": session.project_error})
        elif path == "/events":
            self._events()
        elif match := _PICTURE.fullmatch(path):
            self._picture(session.pictures / match.group(1))
        elif match := _DECK.fullmatch(path):
            key = (match.group(2), match.group(3), match.group(4))
            if match.group(1) == "deck":
                known = key in session.variants
                self._send(DECK_PAGE.encode(), "text/html; charset=utf-8",
                           HTTPStatus.OK if known else HTTPStatus.NOT_FOUND)
            else:
                view = session.view(key)
                self._json(view or {"error": f"no variant {key_name(key)}"},
                           HTTPStatus.OK if view else HTTPStatus.NOT_FOUND)
        else:
            self._send(b"not found\n", "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)

    def _json(self, value: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(json.dumps(value, ensure_ascii=False).encode(), "application/json; charset=utf-8", status)

    def _picture(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError:
            self._send(b"no such picture\n", "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)
            return
        self._send(data, "image/png")

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        listener = self.server.events.listen()
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while True:
                try:
                    message = listener.get(timeout=HEARTBEAT_S)
                except queue.Empty:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                    continue
                if message is None:
                    return
                self.wfile.write(f"data: {message}\n\n".encode())
                self.wfile.flush()
        except OSError:  # the page went away
            return
        finally:
            self.server.events.forget(listener)
