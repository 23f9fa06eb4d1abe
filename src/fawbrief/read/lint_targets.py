"""Targets and plans drawn as actuals (README: the word rules): what the writer sets apart must stay apart.

A KPI card showing a target or plan has a dashed outline; a timeline event citing one has an open marker;
a table cell showing one sets it in italic. Which fact a card, caption or cell shows comes from the slide's
record of what each sentence cites (``core.slide_cites``); the drawing is read as ``dump`` reads it
(``dump_style``), so a deck restyled by hand — a target's card filled like the others, its marker filled
red — is caught, naming the slide, the shape and the fact.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pptx.oxml.ns import qn

from fawbrief.core.slide_cites import text_key
from fawbrief.facts.base import FactBase
from fawbrief.read import dump_style as style


def target_findings(slide: Any, cites: Mapping[str, tuple[str, ...]] | None,
                    base: FactBase) -> Iterator[tuple[str, str]]:
    """(shape, message) for each target or plan on ``slide`` drawn the way actuals are."""
    if cites is None:
        return
    markers = {shape.name.split(" (")[0]: shape for shape in slide.shapes if shape.name.startswith("Timeline marker")}
    for shape in slide.shapes:
        name = shape.name or ""
        if name.startswith("KPI ") and not name.endswith("accent") and shape.has_text_frame:
            planned = _planned(_texts(shape), cites, base)
            if planned and style.outline(shape) != "dashed":
                yield name, f"{_what(planned, base)} drawn as an actual: its card needs the dashed outline"
        elif name.startswith("Timeline caption") and shape.has_text_frame:
            planned = _planned(_texts(shape), cites, base)
            marker = markers.get(name.replace("caption", "marker"))
            found = style.marker(marker) if marker is not None else None
            if planned and (found is None or found["fill"] != "open"):
                yield name, f"{_what(planned, base)} drawn as an actual: its timeline marker needs to be open"
        elif shape.has_table:
            yield from _cells(shape, cites, base)


def _cells(frame: Any, cites: Mapping[str, tuple[str, ...]], base: FactBase) -> Iterator[tuple[str, str]]:
    for row in frame.table.rows:
        for cell in row.cells:
            planned = _planned([cell.text_frame.text], cites, base)
            if planned and not any(_italic(run) for p in cell.text_frame.paragraphs for run in p.runs):
                yield frame.name, f"{_what(planned, base)} drawn as an actual: set it in italic ({cell.text[:40]})"


def _texts(shape: Any) -> list[str]:
    return [p.text for p in shape.text_frame.paragraphs if p.text.strip()]


def _planned(texts: list[str], cites: Mapping[str, tuple[str, ...]], base: FactBase) -> list[str]:
    ids = [fact_id for text in texts for fact_id in cites.get(text_key(text), ())]
    return [fact_id for fact_id in dict.fromkeys(ids)
            if fact_id in base.facts and base.facts[fact_id].status != "actual"]


def _what(fact_ids: list[str], base: FactBase) -> str:
    return ", ".join(f"{base.facts[fact_id].status} {fact_id}" for fact_id in fact_ids)


def _italic(run: Any) -> bool:
    rpr = run._r.find(qn("a:rPr"))
    return rpr is not None and rpr.get("i") in ("1", "true") and bool(run.text.strip())
