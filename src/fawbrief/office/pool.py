"""Which renderers a command gets: the daemon's when one runs, else its own, else none (the fresh route)."""

from __future__ import annotations

from fawbrief.office import daemon
from fawbrief.office.renderer import RendererPool, persistent_available, pool_size


def start_pool(items: int) -> RendererPool | None:
    """A pool for ``items`` decks when the persistent renderer is available, else None (the fresh route):
    the renderer daemon's renderers when one answers (``fawbrief renderer start``), so the command starts
    no LibreOffice, else renderers of this command's own, started now (they get ready in the background)."""
    if items <= 0 or not persistent_available():
        return None
    path = daemon.socket_path()
    running = daemon.status(path)
    if running is not None:
        size = max(1, min(items, int(running.get("renderers", 1))))
        return RendererPool(size, [daemon.RemoteRenderer(path) for _ in range(size)])
    return RendererPool(pool_size(items))
