"""A content-addressed cache of chart pictures in the user's cache folder.

The key is a SHA-256 over canonical JSON of everything that decides the pixels:
the spec, the placed size and dpi, the chart theme (``STYLE_VERSION``), the
renderer's version and matplotlib's version (read from package metadata, so a
hit never imports matplotlib). A miss renders and writes the file atomically
(temp file in the same folder, then ``os.replace``); a cache folder that cannot
be read or written only costs a render — it never fails a build.

Folder: ``$FAWBRIEF_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/fawbrief/charts``,
else ``~/.cache/fawbrief/charts``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

from fawbrief.charts import render_mpl
from fawbrief.charts.style import DEFAULT_PALETTE, STYLE_VERSION, ChartPalette
from fawbrief.model.slides import ChartSpec

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cache_dir() -> Path:
    """Where chart pictures are cached (see the module docstring)."""
    explicit = os.environ.get("FAWBRIEF_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "fawbrief" / "charts"


@cache
def _matplotlib_version() -> str:
    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        return "none"


def cache_key(spec: ChartSpec, width_in: float, height_in: float, dpi: int = 200,
              palette: ChartPalette = DEFAULT_PALETTE) -> str:
    """The hex SHA-256 naming the picture of ``spec`` at this size, in ``palette``."""
    payload = {
        "spec": dataclasses.asdict(spec),
        "width_in": float(width_in),
        "height_in": float(height_in),
        "dpi": int(dpi),
        "style": STYLE_VERSION,
        "renderer": render_mpl.RENDERER_VERSION,
        "matplotlib": _matplotlib_version(),
    }
    if palette.key() is not None:
        payload["palette"] = palette.key()
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                           allow_nan=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def get_or_render(spec: ChartSpec, width_in: float, height_in: float, dpi: int = 200,
                  cache_dir: Path | str | None = None, palette: ChartPalette = DEFAULT_PALETTE) -> bytes:
    """The PNG of ``spec`` at ``width_in`` × ``height_in`` inches in ``palette``: cached, else rendered
    and stored."""
    render_mpl.check_spec(spec)  # NaN would not even make a key
    folder = Path(cache_dir) if cache_dir is not None else _default_dir()
    path = folder / f"{cache_key(spec, width_in, height_in, dpi, palette)}.png"
    cached = _read(path)
    if cached is not None:
        return cached
    png = render_mpl.render_png(spec, width_in, height_in, dpi, palette)
    _write(path, png)
    return png


def preload_renderer(specs: Iterable[ChartSpec], cache_dir: Path | str | None = None) -> bool:
    """Import matplotlib now if ``specs`` must be drawn: there are charts and no picture is cached yet.

    A parallel build calls this before forking its workers, so they inherit matplotlib
    instead of each importing it. With pictures in the cache some or all charts may hit;
    then nothing is loaded here and a worker that misses imports matplotlib itself.
    """
    if next(iter(specs), None) is None:
        return False
    folder = Path(cache_dir) if cache_dir is not None else _default_dir()
    try:
        if next(folder.glob("*.png"), None) is not None:
            return False
    except OSError:
        pass
    render_mpl.preload()
    return True


def _default_dir() -> Path:
    return cache_dir()


def _read(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if data.startswith(PNG_SIGNATURE) and data.endswith(b"IEND\xaeB`\x82") else None


def _write(path: Path, data: bytes) -> None:
    """Atomic: readers see the old state or the whole file. Any OSError is swallowed."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".png", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
