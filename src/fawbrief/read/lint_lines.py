"""Where a text body's lines end, as the writer's fit measures them: what the line rules of lint read.

Each paragraph is broken with ``core.text_fit.paragraph_layouts`` (the same metrics and break rules the
writer fits with and ``measure`` checks overflow with, which follow LibreOffice's: break after spaces and
dashes, between any two wide characters). A line ends either where the text wraps or at a break the
writer wrote (``a:br``, a vertical tab); both are line ends the reader sees, so the rules judge both.

One thing LibreOffice does that the fit does not: it sets a gap between East Asian and Latin letters or
digits ("2020 年"), measured on its pictures at 0.24–0.26 em (36 pt text: 汉汉汉汉2025汉汉汉汉 is 98 pt wider
than 汉汉汉汉汉汉汉汉, "2025" itself 80 pt). Without it a Chinese line holding Latin text measures short and
the wrap falls a character or a number later than LibreOffice's: on the shipped decks, 13 of 17 measured
breaks lint named inside a number were not on the pictures. So lines are laid out with a space (0.28 em,
and like any space not counted at the end of a line) at each such boundary, where a break is allowed
anyway, and the spaces are taken out of the lines' text again (``_autospaced``). Punctuation of ambiguous
width ("·", "“") beside Chinese text LibreOffice sets in the East Asian face, one em wide: so is it measured.
"""

from __future__ import annotations

import copy
import unicodedata
from dataclasses import dataclass

from lxml import etree

from fawbrief.core.text_fit import paragraph_layouts
from fawbrief.core.text_metrics import FontMetrics, is_ambiguous, is_wide
from fawbrief.core.text_style import StyleChain, qn


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as laid out: its text as read (lines joined, see ``_paragraph``), its lines, and
    where each line ends: ``ends`` holds, per line but the last, the offset into ``text`` where the next
    line starts and whether the break was written (``True``) or a wrap (``False``)."""

    text: str
    lines: tuple[str, ...]
    ends: tuple[tuple[int, bool], ...]


def laid_out(tx_body: etree._Element, chain: StyleChain, width: int, metrics: FontMetrics) -> list[Paragraph]:
    """Every non-empty paragraph of ``tx_body`` in a box ``width`` EMU wide, with its lines."""
    written = [_written(p) for p in tx_body.findall(qn("a:p"))]
    spaced, originals = _autospaced(tx_body)
    paragraphs = []
    layouts = paragraph_layouts(spaced, chain, width, metrics)
    for source, layout, original in zip(written, layouts, originals, strict=False):
        lines = _without(original, [line.text for line in layout.lines])
        if not "".join(lines).strip():
            continue
        paragraphs.append(_paragraph(source, lines))
    return paragraphs


def _autospaced(tx_body: etree._Element) -> tuple[etree._Element, list[list[str | None]]]:
    """``tx_body`` as LibreOffice sets Chinese text (a copy, when it holds any): a space wherever an East
    Asian letter meets a Latin letter or digit, and punctuation of ambiguous width ("·", "“") beside East
    Asian text as a full-width stand-in. Per paragraph, the written text's characters by offset in the
    copy (``None`` for an added space), to read the lines back in the original's characters."""
    paragraphs = tx_body.findall(qn("a:p"))
    if not any(is_wide(char) for t in tx_body.iter(qn("a:t")) for char in (t.text or "")):
        return tx_body, [list(_written(p)) for p in paragraphs]
    spaced = copy.deepcopy(tx_body)
    originals = []
    for p in spaced.findall(qn("a:p")):
        written = _written(p)
        original: list[str | None] = []
        offset, last = 0, ""
        for child in p:
            tag = etree.QName(child).localname
            if tag == "br":
                original.append("\n")
                offset, last = offset + 1, ""
                continue
            t = child.find(qn("a:t")) if tag in ("r", "fld") else None
            if t is None:
                continue
            chars = []
            for char in t.text or "":
                if _gap(last, char):
                    chars.append(" ")
                    original.append(None)
                chars.append(WIDE_STAND_IN if _ambiguous_beside_wide(written, offset) else char)
                original.append(char)
                offset += 1
                last = char
            t.text = "".join(chars)
        originals.append(original)
    return spaced, originals


WIDE_STAND_IN = "\u30fb"  # KATAKANA MIDDLE DOT: one em wide, a break opportunity on both sides as "·" is


def _gap(before: str, after: str) -> bool:
    return before.isalnum() and after.isalnum() and is_wide(before) != is_wide(after)


def _ambiguous_beside_wide(text: str, offset: int) -> bool:
    """Whether ``text[offset]`` is punctuation of ambiguous East Asian width next to East Asian text (past
    spaces), which LibreOffice sets in the East Asian face: "汉 · 汉" takes 47 pt at 36 pt, not 32."""
    char = text[offset]
    if not is_ambiguous(char) or not unicodedata.category(char).startswith("P"):
        return False
    before = text[:offset].rstrip()[-1:]
    after = text[offset + 1:].lstrip()[:1]
    return (bool(before) and is_wide(before)) or (bool(after) and is_wide(after))


def _without(original: list[str | None], lines: list[str]) -> list[str]:
    """``lines`` of the copy, in the original's characters and without the added spaces."""
    kept, cursor = [], 0
    for line in lines:
        kept.append("".join(char for char in original[cursor:cursor + len(line)] if char is not None))
        cursor += len(line)
        if cursor < len(original) and original[cursor] == "\n":
            cursor += 1
    return kept


def _paragraph(source: str, lines: list[str]) -> Paragraph:
    """The paragraph ``source`` (with ``\n`` for written breaks) cut into ``lines``. A written break
    between Latin words stands for the space it replaced ("60,000⏎units" reads "60,000 units"); in text
    set without spaces it stands for nothing ("50万⏎辆" reads "50万辆")."""
    text = ""
    ends: list[tuple[int, bool]] = []
    cursor = 0  # where the next line starts in ``source``
    forced = False  # whether the line before ended at a written break
    for number, line in enumerate(lines):
        if number:
            ends.append((len(text), forced))
        text += line
        cursor += len(line)
        forced = cursor < len(source) and source[cursor] == "\n"
        cursor += 1 if forced else 0
        after = lines[number + 1][:1] if number + 1 < len(lines) else ""
        if forced and after and text[-1:] and not text[-1].isspace() and not after.isspace() \
                and not is_wide(text[-1]) and not is_wide(after):
            text += " "
    return Paragraph(text, tuple(lines), tuple(ends))


def _written(p: etree._Element) -> str:
    """A paragraph's text as the fit reads it, written breaks as ``\\n``."""
    parts = []
    for child in p:
        tag = etree.QName(child).localname
        if tag == "br":
            parts.append("\n")
        elif tag in ("r", "fld"):
            parts.append((child.findtext(qn("a:t")) or "").replace("\v", "\n"))
    return "".join(parts)
