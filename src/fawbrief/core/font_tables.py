"""The three tables of a TrueType font that advance widths need, read with ``struct``.

``text_metrics`` measures every text box the writer fills, so loading the font must
cost next to nothing: fontTools builds a glyph-name map on the way to a width
(30 ms for the two Arimo faces, as much as writing a ten-slide deck), while these
tables give widths by glyph index (a few ms). What is read: ``head`` (units per em),
``hhea`` (how many glyphs have their own advance) with ``hmtx`` (the advances), and
``cmap`` (characters to glyph indexes: the Unicode full-repertoire subtable, format
12, else the BMP one, format 4). A test compares the result with fontTools' for
every character the shipped faces map.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class FontTables:
    """Advance widths by character: ``cmap`` (code point → glyph index) and ``advances`` (by glyph index)."""

    units_per_em: int
    cmap: dict[int, int]
    advances: tuple[int, ...]

    def advance(self, code_point: int) -> int | None:
        """The advance width of a code point in font units, or None when the font has no glyph for it."""
        glyph = self.cmap.get(code_point)
        if glyph is None:
            return None
        return self.advances[min(glyph, len(self.advances) - 1)]  # glyphs past the list share its last width


def read_tables(data: bytes) -> FontTables:
    """The width tables of the TrueType/OpenType font ``data``; ``ValueError`` when one is missing."""
    tables = _directory(data)
    head, hhea, hmtx = (tables[tag] for tag in (b"head", b"hhea", b"hmtx"))
    units_per_em = struct.unpack_from(">H", data, head + 18)[0]
    count = struct.unpack_from(">H", data, hhea + 34)[0]
    advances = struct.unpack_from(f">{2 * count}H", data, hmtx)[::2]
    return FontTables(units_per_em, _cmap(data, tables[b"cmap"]), advances)


def _directory(data: bytes) -> dict[bytes, int]:
    count = struct.unpack_from(">H", data, 4)[0]
    entries = (struct.unpack_from(">4sIII", data, 12 + 16 * i) for i in range(count))
    tables = {tag: offset for tag, _, offset, _ in entries}
    missing = [tag.decode() for tag in (b"head", b"hhea", b"hmtx", b"cmap") if tag not in tables]
    if missing:
        raise ValueError(f"font has no {', '.join(missing)} table")
    return tables


def _cmap(data: bytes, start: int) -> dict[int, int]:
    count = struct.unpack_from(">H", data, start + 2)[0]
    subtables = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, start + 4 + 8 * i)
        subtables[platform, encoding] = start + offset
    for key, reader in (((3, 10), _format_12), ((0, 4), _format_12), ((3, 1), _format_4), ((0, 3), _format_4)):
        if key in subtables and struct.unpack_from(">H", data, subtables[key])[0] in (4, 12):
            return reader(data, subtables[key])
    raise ValueError("font has no Unicode cmap subtable")


def _format_12(data: bytes, at: int) -> dict[int, int]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    cmap = {}
    for first, last, glyph in struct.iter_unpack(">III", data[at + 16: at + 16 + 12 * groups]):
        cmap.update(zip(range(first, last + 1), range(glyph, glyph + last - first + 1), strict=True))
    return cmap


def _format_4(data: bytes, at: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, range_at)
    cmap = {}
    for i, (first, last, delta, offset) in enumerate(zip(starts, ends, deltas, offsets, strict=True)):
        for code in range(first, last + 1):
            if code == 0xFFFF:
                continue
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                glyph = struct.unpack_from(">H", data, range_at + 2 * i + offset + 2 * (code - first))[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                cmap[code] = glyph
    return cmap
