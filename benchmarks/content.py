"""Export what fawbrief puts on each slide as plain JSON, for the hand-written baseline.

The baseline (``baseline_build.py``) must do the same work as ``fawbrief build``
without fawbrief's pipeline: the same slides, text, KPI cards, tables, timelines,
charts and speaker notes. This module renders the decks with fawbrief once
(untimed) and writes that content out, with each chart's data and the size the
writer places it at, so the baseline only reads JSON.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pptx import Presentation

from fawbrief.core.build_date import DEFAULT_BUILD_TIME
from fawbrief.model.slides import Bullet, ChartSpec, DeckSpec, Kpi, Slide, Table, Text, Timeline, plain
from fawbrief.pipeline.build import DEFAULT_DATA, load_project, output_name, render_deck
from fawbrief.write.theme import Theme
from fawbrief.write.writer import WriteOptions, write

BUILD_TIME = DEFAULT_BUILD_TIME


def export(variants: list[tuple[str, str]], target: Path) -> Path:
    """Write ``[{file, title, slides: [...]}, ...]`` for ``variants`` to ``target``."""
    project = load_project(DEFAULT_DATA)
    decks = []
    for deck_id, audience_id in variants:
        spec = render_deck(project, deck_id, audience_id, "en", BUILD_TIME)
        sizes, texts = _written(spec)
        decks.append({"file": output_name(deck_id, audience_id, "en"), "title": spec.title,
                      "slides": [_slide(slide, sizes, *text) for slide, text in zip(spec.slides, texts, strict=True)]})
    target.write_text(json.dumps(decks, ensure_ascii=False), encoding="utf-8")
    return target


def all_variants() -> list[tuple[str, str]]:
    project = load_project(DEFAULT_DATA)
    return [(deck, audience) for deck in project.catalog.decks for audience in project.catalog.audiences]


def _written(spec: DeckSpec) -> tuple[dict[int, tuple[float, float]], list[tuple[str, str]]]:
    """Write the deck with stand-in pictures: where each chart goes (inches), and per slide the source
    line and speaker notes exactly as fawbrief writes them."""
    from PIL import Image

    stand_in = io.BytesIO()
    Image.new("RGB", (1, 1)).save(stand_in, "PNG")
    sizes: dict[int, tuple[float, float]] = {}

    def record(chart: ChartSpec, width: float, height: float) -> bytes:
        sizes[id(chart)] = (width, height)
        return stand_in.getvalue()

    deck = Presentation(io.BytesIO(write(spec, Theme.open(None), WriteOptions(), chart_png=record)))
    texts = [(next((shape.text_frame.text for shape in slide.shapes if shape.name == "Source line"), ""),
              slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "") for slide in deck.slides]
    return sizes, texts


def _slide(slide: Slide, sizes: dict[int, tuple[float, float]], source: str, notes: str) -> dict[str, Any]:
    return {
        "layout": slide.layout, "title": plain(slide.title), "subtitle": plain(slide.subtitle),
        "bullets": [[_runs(b.text), b.level] for b in slide.blocks if isinstance(b, Bullet)],
        "kpis": [{"qualifier": k.qualifier, "value": k.value, "unit": k.unit, "label": k.label, "period": k.period}
                 for k in slide.blocks if isinstance(k, Kpi)],
        "tables": [[[plain(c) for c in t.header], *[[plain(c) for c in row] for row in t.rows]]
                   for t in slide.blocks if isinstance(t, Table)],
        "timelines": [[[plain(e.when), plain(e.what)] for e in t.events]
                      for t in slide.blocks if isinstance(t, Timeline)],
        "charts": [_chart(c, sizes[id(c)]) for c in slide.blocks if isinstance(c, ChartSpec)],
        "source": source,
        "notes": notes,
    }


def _runs(text: Text) -> list[list[Any]]:
    return [[run.text, bool(run.fact)] for run in text]


def _chart(chart: ChartSpec, size: tuple[float, float]) -> dict[str, Any]:
    return {"kind": chart.kind, "title": chart.title, "unit": chart.unit, "alt": chart.alt_text,
            "width": size[0], "height": size[1],
            "series": [{"name": s.name, "role": s.role,
                        "points": [[p.label, p.value, p.fact, p.display, p.note, p.note_fact] for p in s.points]}
                       for s in chart.series]}
