"""Where a text body's lines end, as the writer's fit measures them: what the line rules of lint read.

Each paragraph is broken with ``core.text_fit.paragraph_layouts`` (the same metrics and break rules the
writer fits with and ``measure`` checks overflow with, which follow LibreOffice's: break after spaces and
dashes, between any two wide characters). A line ends either where the text wraps or at a break the
writer wrote (``a:br``, a vertical tab); both are line ends the reader sees, so the rules judge both.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from fawbrief.core.text_fit import paragraph_layouts
from fawbrief.core.text_metrics import FontMetrics
from fawbrief.core.text_style import StyleChain, qn


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as laid out: its text (without its line breaks) and where each line ends in it.
    ``ends`` holds, per line but the last, the offset into ``text`` where the next line starts and
    whether the break was written (``True``) or a wrap (``False``)."""

    text: str
    lines: tuple[str, ...]
    ends: tuple[tuple[int, bool], ...]


def laid_out(tx_body: etree._Element, chain: StyleChain, width: int, metrics: FontMetrics) -> list[Paragraph]:
    """Every non-empty paragraph of ``tx_body`` in a box ``width`` EMU wide, with its lines."""
    written = [_written(p) for p in tx_body.findall(qn("a:p"))]
    paragraphs = []
    for source, layout in zip(written, paragraph_layouts(tx_body, chain, width, metrics), strict=False):
        lines = [line.text for line in layout.lines]
        if not "".join(lines).strip():
            continue
        paragraphs.append(_paragraph(source, lines))
    return paragraphs


def _paragraph(source: str, lines: list[str]) -> Paragraph:
    """The paragraph ``source`` (with ``\\n`` for written breaks) cut into ``lines``."""
    text = "".join(lines)
    ends = []
    offset = 0
    cursor = 0  # where the next line starts in ``source``
    for line in lines[:-1]:
        offset += len(line)
        cursor += len(line)
        forced = cursor < len(source) and source[cursor] == "\n"
        cursor += 1 if forced else 0
        ends.append((offset, forced))
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
