"""The words of a slide, one paragraph at a time, with the role each plays: what the word rules read.

Roles come from what a reader sees: the title and subtitle placeholders; bullets and other text boxes
(``body``); table cells (``cell``); a KPI card's lines (``kpi``; its last line, when set at 12 pt, is the
card's period, ``kpi_period``: a card whose figure is a year has none); a timeline's dates
(``timeline_date``) and captions (``timeline_caption``); the source line (``source``); and the speaker
notes the template wrote (``notes``: the paragraphs before the first empty one, since the writer appends
the citations after an empty line). Shape names identify what the
writer drew ("KPI 2", "Timeline date 3", "Source line"); a deck edited by hand keeps them unless they are
renamed, and then its shapes simply read as ``body``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from pptx.oxml.ns import qn
from pptx.slide import Slide

from fawbrief.core.text_rules import join_layout_breaks

_PH = f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}"
_NAME = f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}"
_TITLE_TYPES = {"title", "ctrTitle"}
PERIOD_SZ = "1200"  # hundredths of a point: the writer sets a KPI card's period line at 12 pt


@dataclass(frozen=True)
class TextUnit:
    """One paragraph of a slide: the shape that holds it (as lint names shapes), its role, its text."""

    shape: str
    role: str
    text: str


def slide_units(slide: Slide) -> list[TextUnit]:
    """Every non-empty paragraph of the slide and of its notes, in shape order."""
    units: list[TextUnit] = []
    for element in slide.shapes._spTree.iter(qn("p:sp"), qn("p:graphicFrame")):
        if etree.QName(element).localname == "sp":
            units.extend(_shape_units(element))
        else:
            units.extend(_table_units(element))
    units.extend(notes_units(slide))
    return units


def notes_units(slide: Slide) -> list[TextUnit]:
    """The template's speaker notes: paragraphs up to the first empty one (the citations follow it)."""
    if not slide.has_notes_slide or slide.notes_slide.notes_text_frame is None:
        return []
    units = []
    for paragraph in slide.notes_slide.notes_text_frame.paragraphs:
        text = paragraph.text.strip()
        if not text:
            break
        units.append(TextUnit("notes", "notes", text))
    return units


def _shape_units(sp: etree._Element) -> Iterator[TextUnit]:
    body = sp.find(qn("p:txBody"))
    if body is None:
        return
    name_el = sp.find(_NAME)
    name = name_el.get("name", "") if name_el is not None else ""
    ph = sp.find(_PH)
    ph_type = ph.get("type", "body") if ph is not None else None
    if ph_type == "sldNum":
        return
    paragraphs = [(p, _text(p)) for p in body.iter(qn("a:p"))]
    paragraphs = [(p, text) for p, text in paragraphs if text]
    role = _role(name, ph_type)
    for number, (p, text) in enumerate(paragraphs):
        period = role == "kpi" and number == len(paragraphs) - 1 and _small(p)
        yield TextUnit(name, "kpi_period" if period else role, text)


def _small(p: etree._Element) -> bool:
    """A card's period line is set in the smallest size (12 pt); a card whose figure is a year has none."""
    sizes = {rpr.get("sz") for rpr in p.iter(qn("a:rPr"))}
    return sizes == {PERIOD_SZ}


def _role(name: str, ph_type: str | None) -> str:
    if ph_type in _TITLE_TYPES:
        return "title"
    if ph_type == "subTitle":
        return "subtitle"
    if name == "Source line":
        return "source"
    if name.startswith("KPI ") and not name.endswith("accent"):
        return "kpi"
    if name.startswith("Timeline date"):
        return "timeline_date"
    if name.startswith("Timeline caption"):
        return "timeline_caption"
    return "body"


def _table_units(frame: etree._Element) -> Iterator[TextUnit]:
    name_el = frame.find(f"{qn('p:nvGraphicFramePr')}/{qn('p:cNvPr')}")
    name = name_el.get("name", "") if name_el is not None else ""
    for tc in frame.iter(qn("a:tc")):
        for p in tc.iter(qn("a:p")):
            text = _text(p)
            if text:
                yield TextUnit(name, "cell", text)


def _text(p: etree._Element) -> str:
    """A paragraph's visible text (runs and line breaks, those that only lay it out joined:
    ``join_layout_breaks``; no slide-number or date fields)."""
    parts = []
    for child in p:
        tag = etree.QName(child).localname
        if tag == "r":
            parts.append(child.findtext(qn("a:t")) or "")
        elif tag == "br":
            parts.append("\v")
    return " ".join(join_layout_breaks("".join(parts)).split())
