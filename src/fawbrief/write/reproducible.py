"""Byte-reproducible packages: the same inputs give the same ``.pptx`` bytes.

python-pptx stamps every zip member with the wall-clock time and writes members
in the order it walks the part graph. ``normalise`` rewrites the package:

- members in a canonical order: ``[Content_Types].xml`` first (Office reads it
  first), then ``_rels/.rels``, then every other part by name, numbers compared
  as numbers (``slide2`` before ``slide10``);
- every member dated 1980-01-01 00:00:00 (the zip epoch), Unix attributes
  ``0644``, deflated at level 6 — independent of the clock, the umask and the OS
  (``zip_parts`` with ``DECK_ZIP``; the built-in theme is zipped the same way but
  stored, ``STORED_ZIP``, so no zlib build can change its bytes);
- no package thumbnail: a theme's ``docProps/thumbnail.jpeg`` shows the theme's
  own first slide, not this deck, so it is dropped with its relationship;
- a canonical ``docProps/app.xml``: the theme's copy carries the theme author's
  application, editing time, company and slide titles; ours states only the
  generator and the slide and notes counts.

What stays: core properties (``docProps/core.xml``), whose dates are the build
time the caller passes in (``SOURCE_DATE_EPOCH`` or a fixed date; see
``cli.build_time``). Chart PNGs carry no time chunks (``charts.render_mpl``) and
native chart workbooks a fixed date (``charts.native``). Identical bytes across
machines assume the same zlib (stock zlib; zlib-ng deflates differently) and,
for chart pictures, the same matplotlib and fonts.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from fawbrief.core import namespaces as ns

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 6
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
APP_XML = "docProps/app.xml"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_SLIDE = re.compile(r"ppt/slides/slide\d+\.xml")
_NOTES = re.compile(r"ppt/notesSlides/notesSlide\d+\.xml")


@dataclass(frozen=True)
class ZipStyle:
    """How every member of a canonical zip is stored: compression and the host attributes."""

    compress_type: int
    compresslevel: int | None
    create_system: int  # 3: Unix, 0: MS-DOS
    external_attr: int


DECK_ZIP = ZipStyle(zipfile.ZIP_DEFLATED, COMPRESS_LEVEL, 3, 0o100644 << 16)
STORED_ZIP = ZipStyle(zipfile.ZIP_STORED, None, 0, 0)


def normalise(data: bytes) -> bytes:
    """Rewrite a ``.pptx`` package so its bytes depend on its content only."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist() if not info.is_dir()}
    return normalise_parts(parts)


def normalise_parts(parts: dict[str, bytes]) -> bytes:
    """The package of ``parts`` (member name → bytes) as ``normalise`` writes it; ``parts`` is changed."""
    _drop_thumbnail(parts)
    if APP_XML in parts:
        parts[APP_XML] = app_xml(parts)
    return zip_parts(parts)


def zip_parts(parts: Mapping[str, bytes], style: ZipStyle = DECK_ZIP) -> bytes:
    """A zip of ``parts`` whose bytes depend on their names and contents only: canonical member
    order (``member_key``), the zip epoch as every date, ``style``'s compression and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", style.compress_type) as target:
        for name in sorted(parts, key=member_key):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = style.compress_type
            info.create_system = style.create_system
            info.external_attr = style.external_attr
            target.writestr(info, parts[name], compresslevel=style.compresslevel)
    return out.getvalue()


def member_key(name: str) -> tuple[int, list[tuple[str, int]], str]:
    """Sort key: content types, package rels, then the rest by name with numbers as numbers."""
    rank = {CONTENT_TYPES: 0, PACKAGE_RELS: 1}.get(name, 2)
    pieces = re.split(r"(\d+)", name)
    natural = [(text, int(number or 0)) for text, number in zip(pieces[::2], [*pieces[1::2], ""], strict=True)]
    return rank, natural, name


def app_xml(parts: dict[str, bytes]) -> bytes:
    """A canonical extended-properties part: generator and counts, nothing from the theme."""
    slides = sum(1 for name in parts if _SLIDE.fullmatch(name))
    notes = sum(1 for name in parts if _NOTES.fullmatch(name))
    root = etree.Element(ns.clark(ns.EXTENDED_PROPERTIES, "Properties"), nsmap={None: ns.EXTENDED_PROPERTIES})
    for tag, text in (("TotalTime", "0"), ("Application", "fawbrief"), ("Slides", str(slides)),
                      ("Notes", str(notes)), ("HiddenSlides", "0"), ("ScaleCrop", "false"),
                      ("LinksUpToDate", "false"), ("SharedDoc", "false"), ("HyperlinksChanged", "false")):
        etree.SubElement(root, ns.clark(ns.EXTENDED_PROPERTIES, tag)).text = text
    return _serialise(root)


def _drop_thumbnail(parts: dict[str, bytes]) -> None:
    """Remove the package thumbnail, its relationship and its content-type override."""
    if PACKAGE_RELS not in parts:
        return
    rels = etree.fromstring(parts[PACKAGE_RELS], _PARSER)
    targets = []
    for rel in rels.findall(ns.clark(ns.PACKAGE_RELS, "Relationship")):
        if rel.get("Type") == ns.THUMBNAIL_REL:
            targets.append(rel.get("Target", "").lstrip("/"))
            rels.remove(rel)
    if not targets:
        return
    parts[PACKAGE_RELS] = _serialise(rels)
    for target in targets:
        parts.pop(target, None)
    if CONTENT_TYPES in parts:
        types = etree.fromstring(parts[CONTENT_TYPES], _PARSER)
        for override in types.findall(ns.clark(ns.CONTENT_TYPES, "Override")):
            if override.get("PartName", "").lstrip("/") in targets:
                types.remove(override)
        parts[CONTENT_TYPES] = _serialise(types)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
