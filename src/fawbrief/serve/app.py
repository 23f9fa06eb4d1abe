"""``fawbrief serve`` put together: the renderer, the session, the watcher and the HTTP server.

Everything it starts is stopped by ``serve``'s ``finally`` (Ctrl-C, SIGTERM, an error): the
server and its event streams, the watcher, the build thread, LibreOffice's process group,
and the folder of pictures.
"""

from __future__ import annotations

import shutil
import tempfile
import webbrowser
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fawbrief.core.errors import InputError, RendererError
from fawbrief.office.renderer import Renderer, persistent_available
from fawbrief.project.config import ProjectConfig
from fawbrief.serve.http import Events, Server
from fawbrief.serve.session import Session
from fawbrief.serve.watch import Watcher, watched


def serve(config: ProjectConfig, build_time: datetime, port: int = 8000, open_browser: bool = False,
          say: Callable[[str], None] = print) -> None:
    """Serve ``config``'s decks on 127.0.0.1:``port`` (0: any free port) until interrupted."""
    if not persistent_available():
        raise RendererError("serve needs LibreOffice and its Python (uno) to draw slides",
                            hint="apt-get install libreoffice-impress python3-uno")
    pictures = Path(tempfile.mkdtemp(prefix="fawbrief-serve-"))
    renderer = server = watcher = session = None
    events = Events()
    try:
        try:
            server = Server(port, None, events)  # the port first: a taken one is said before anything starts
        except OSError as exc:
            raise InputError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}",
                             hint="choose another port, or --port 0 for any free one") from None
        renderer = Renderer()  # LibreOffice starts while the project loads
        server.session = session = Session(config, build_time, pictures, renderer, events.send)
        session.start()
        watcher = Watcher(watched(config), session.changed)
        watcher.start()
        say(f"fawbrief: serving {config.name or config.root} at {server.url} (Ctrl-C stops)")
        if open_browser:
            webbrowser.open(server.url)
        server.serve_forever(poll_interval=0.2)
    finally:
        events.close()
        if server is not None:
            server.server_close()
        if watcher is not None:
            watcher.stop()
        if session is not None:
            session.stop()
        if session is not None and session.renderer is not None:
            session.renderer.close()  # the one it uses now, if it had to start another
        if renderer is not None:
            renderer.close()
        shutil.rmtree(pictures, ignore_errors=True)
