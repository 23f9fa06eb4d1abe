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
from fawbrief.core.text_metrics import FontMetrics, is_wide
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
    paragraphs = []
    for source, layout in zip(written, paragraph_layouts(tx_body, chain, width, metrics), strict=False):
        lines = [line.text for line in layout.lines]
        if not "".join(lines).strip():
            continue
        paragraphs.append(_paragraph(source, lines))
    return paragraphs


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
