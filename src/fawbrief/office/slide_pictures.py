"""Slide pictures through the persistent renderer, drawing only the slides that changed.

Only those slides are drawn, from a sparse copy of the deck (``sparse.py``) that LibreOffice
opens faster. Each picture carries the digest of what its slide depends on (``digests.py``) in a PNG
text chunk, so a later preview into the same folder, or ``serve`` after an edit, asks
LibreOffice only for the slides whose digest differs or whose picture is missing.
"""

from __future__ import annotations

import os
import struct
import tempfile
import zlib
from pathlib import Path

from fawbrief.core.errors import RendererError
from fawbrief.office.digests import slide_digests
from fawbrief.office.renderer import Renderer
from fawbrief.office.sparse import sparse_deck

TAG = b"fawbrief-slide"
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def draw_changed(renderer: Renderer | None, data: bytes, stem: str, out_dir: Path, width: int = 1280) -> list[int]:
    """Write ``out_dir/<stem>-NN.png`` for each shown slide of the deck ``data`` whose picture there is
    missing or out of date; the numbers of the slides drawn (1-based)."""
    digests = slide_digests(data)
    wanted = stale_slides(digests, stem, out_dir)
    if not wanted:
        return []
    if renderer is None:
        raise RendererError("slides to draw and no renderer to draw them")
    with tempfile.TemporaryDirectory(prefix="fawbrief-slides-", dir=out_dir) as tmp:
        source = Path(tmp, f"{stem}.pptx")
        source.write_bytes(sparse_deck(data, None if len(wanted) == len(digests) else wanted))
        _, files = renderer.pngs(source, Path(tmp), wanted, width)
        for number, file in zip(wanted, files, strict=True):
            target = out_dir / f"{stem}-{number:02d}.png"
            file.write_bytes(tagged(file.read_bytes(), digests[number - 1]))
            os.replace(file, target)
    return wanted


def stale_slides(digests: list[str], stem: str, out_dir: Path) -> list[int]:
    """The slides (1-based) whose picture ``out_dir/<stem>-NN.png`` is missing or has another digest."""
    return [n for n, digest in enumerate(digests, start=1) if picture_tag(out_dir / f"{stem}-{n:02d}.png") != digest]


def tagged(png: bytes, digest: str) -> bytes:
    """``png`` with a text chunk ``fawbrief-slide`` = ``digest`` right after its header chunk."""
    if not png.startswith(_SIGNATURE):
        return png
    header_end = len(_SIGNATURE) + 8 + struct.unpack(">I", png[8:12])[0] + 4
    body = TAG + b"\0" + digest.encode("ascii")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return png[:header_end] + chunk + png[header_end:]


def picture_tag(path: Path) -> str | None:
    """The slide digest a picture was tagged with, or None (no such file, not a PNG, no tag)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    if not head.startswith(_SIGNATURE):
        return None
    offset = len(_SIGNATURE)
    while offset + 8 <= len(head):
        length, kind = struct.unpack(">I4s", head[offset:offset + 8])
        if kind == b"tEXt":
            key, _, value = head[offset + 8:offset + 8 + length].partition(b"\0")
            if key == TAG:
                return value.decode("ascii", "replace")
        if kind == b"IDAT":
            return None
        offset += 12 + length
    return None
