"""What each slide's picture depends on, as one digest per shown slide.

A slide's picture is drawn from its own XML and every part it reaches through its
relationships (layout, master, theme, pictures, charts and their workbooks), and from its
number among the shown slides (the slide-number field); the speaker notes draw nothing, so
they are left out. Two versions of a deck whose slide N has the same digest show the same
picture for it, so only slides whose digest changed are rasterised again.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from collections.abc import Callable

from lxml import etree

from fawbrief.core.namespaces import DOC_RELS, PML, clark

_P = f"{{{PML}}}"
_R_ID = clark(DOC_RELS, "id")
_NOTES = "relationships/notesSlide"
Reader = Callable[[str], bytes]


def slide_digests(data: bytes) -> list[str]:
    """One hex digest per slide shown (in the deck's order), of all that slide's picture depends on."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        parts: dict[str, bytes] = {}

        def read(name: str) -> bytes:
            if name not in parts:
                parts[name] = archive.read(name) if name in names else b""
            return parts[name]

        digests = []
        for slide in _shown_slides(read):
            digest = hashlib.sha256(f"{len(digests) + 1}\0".encode())
            for name in _reachable(slide, read):
                digest.update(name.encode() + b"\0" + hashlib.sha256(read(name)).digest())
            digests.append(digest.hexdigest())
    return digests


def shown_slide_parts(data: bytes) -> list[str]:
    """The part names of the slides shown, in the deck's order (slide N is item N - 1)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        return _shown_slides(lambda name: archive.read(name) if name in names else b"")


def _shown_slides(read: Reader) -> list[str]:
    root = etree.fromstring(read("ppt/presentation.xml"))
    targets = _targets("ppt/presentation.xml", read)
    slides = []
    for sld_id in root.iterfind(f"{_P}sldIdLst/{_P}sldId"):
        name = targets.get(sld_id.get(_R_ID) or "")
        if name is None:
            continue
        slide = etree.fromstring(read(name))
        if slide.get("show") not in ("0", "false"):
            slides.append(name)
    return slides


def _reachable(start: str, read: Reader) -> list[str]:
    """``start`` and every internal part reached from it through relationships, notes excepted, sorted."""
    seen = {start}
    todo = [start]
    while todo:
        name = todo.pop()
        for target, kind in _relations(name, read):
            if kind.endswith(_NOTES) or target in seen:
                continue
            seen.add(target)
            todo.append(target)
    return sorted(seen)


def _targets(name: str, read: Reader) -> dict[str, str]:
    return {rid: target for rid, target, _ in _rels(name, read)}


def _relations(name: str, read: Reader) -> list[tuple[str, str]]:
    return [(target, kind) for _, target, kind in _rels(name, read)]


def _rels(name: str, read: Reader) -> list[tuple[str, str, str]]:
    folder, base = posixpath.split(name)
    data = read(posixpath.join(folder, "_rels", f"{base}.rels"))
    if not data:
        return []
    found = []
    for rel in etree.fromstring(data):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append((rel.get("Id", ""), path, rel.get("Type", "")))
    return found
