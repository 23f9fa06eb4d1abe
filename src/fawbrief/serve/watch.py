"""File events for ``fawbrief serve``: the project's data, template folders and theme, watched with watchfiles.

Changes are gathered for a short moment (an editor's save can be several events: a temp file, a
rename) and handed to the session together, on the watcher's own thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from fawbrief.project.config import ProjectConfig

STEP_MS = 30  # no new event for this long: the change is complete
DEBOUNCE_MS = 400  # at most this long gathering one change


def watched(config: ProjectConfig) -> list[Path]:
    """The folders (and theme file) whose files the build reads and that exist."""
    places = [config.data, *config.templates]
    if config.theme is not None:
        places.append(config.theme)
    if config.sources.is_dir():
        places.append(config.sources)
    return [place for place in dict.fromkeys(places) if place.exists()]


class Watcher:
    """A thread calling ``on_change(paths)`` after files under ``places`` change, until ``stop``."""

    def __init__(self, places: list[Path], on_change: Callable[[list[Path]], None]) -> None:
        self._places = places
        self._on_change = on_change
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fawbrief-serve-watch", daemon=True)

    def start(self) -> None:
        """Start watching; returns once the watcher is in place."""
        self._thread.start()
        self._ready.wait(timeout=10)

    def stop(self) -> None:
        """Stop watching (within about a tenth of a second)."""
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        from watchfiles import watch

        changes = watch(*self._places, stop_event=self._stop, step=STEP_MS, debounce=DEBOUNCE_MS,
                        rust_timeout=100, yield_on_timeout=True, raise_interrupt=False)
        self._ready.set()
        for batch in changes:
            if batch:
                self._on_change(sorted({Path(path) for _, path in batch}))
