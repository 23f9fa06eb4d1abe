"""A sparse copy of a deck: every slide still there, but only the chosen ones with their content.

LibreOffice's time to open a deck grows with what is on its slides (pictures, charts, tables,
notes). To redraw one slide after an edit, ``slide_pictures`` hands it a copy in which every
other slide keeps only its layout: the same slides in the same order, so slide numbers, the
master and the layouts come out as in the full deck, and the chosen slides are untouched, so their
pictures are the ones the full deck gives. The copy is stored uncompressed (it lives for one
request, and LibreOffice reads it at once).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Collection

from lxml import etree

from fawbrief.core.namespaces import PML
from fawbrief.office.digests import shown_slide_parts

_P = f"{{{PML}}}"
_LAYOUT = "relationships/slideLayout"


def sparse_deck(data: bytes, keep: Collection[int]) -> bytes:
    """``data`` with the content of every shown slide not in ``keep`` (1-based numbers) removed."""
    emptied = {name for number, name in enumerate(shown_slide_parts(data), start=1) if number not in keep}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename in emptied:
                body = _empty_slide(body)
            elif _rels_of(info.filename) in emptied:
                body = _layout_only(body)
            target.writestr(info.filename, body)
    return out.getvalue()


def _rels_of(name: str) -> str | None:
    folder, base = posixpath.split(name)
    if posixpath.basename(folder) != "_rels" or not base.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def _empty_slide(body: bytes) -> bytes:
    root = etree.fromstring(body)
    tree = root.find(f"{_P}cSld/{_P}spTree")
    if tree is not None:
        for child in list(tree):
            if child.tag not in (f"{_P}nvGrpSpPr", f"{_P}grpSpPr"):
                tree.remove(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _layout_only(body: bytes) -> bytes:
    root = etree.fromstring(body)
    for rel in list(root):
        if not rel.get("Type", "").endswith(_LAYOUT):
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
