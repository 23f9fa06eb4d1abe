"""A synthetic deck of N content slides, written through fawbrief's writer.

    python synthetic.py N        → prints the seconds spent finishing and writing (model → .pptx bytes)

Each slide has a title, three bullets (one holding a fact), a source line, a
slide number and speaker notes with talking points and the fact's citation:
the same content ``baseline_synthetic.py`` writes with plain python-pptx.
"""

from __future__ import annotations

import sys
import time

from fawbrief.compose.finish import finish_deck
from fawbrief.core.build_date import DEFAULT_BUILD_TIME
from fawbrief.facts.base import load_factbase
from fawbrief.model.slides import Bullet, DeckSpec, Run, Slide
from fawbrief.pipeline.build import DEFAULT_DATA
from fawbrief.write.theme import Theme
from fawbrief.write.writer import WriteOptions, write

FACT = "jiefang.exports.annual_units"
BUILD_TIME = DEFAULT_BUILD_TIME


def deck(slides: int) -> DeckSpec:
    body = (Bullet((Run("Annual exports reached "), Run("over 60,000 units", FACT))),
            Bullet((Run("Second point of the slide"),)),
            Bullet((Run("A detail under it"),), level=1))
    notes = ((Run("First talking point."),), (Run("Second talking point."),))
    return DeckSpec("jiefang", "executive", "en", "Synthetic deck", tuple(
        Slide("content", (Run(f"Slide {i}: exports keep growing"),), blocks=body, notes=notes, key=f"s{i}")
        for i in range(1, slides + 1)))


def main(slides: int) -> float:
    factbase = load_factbase(DEFAULT_DATA)
    spec = deck(slides)
    start = time.perf_counter()  # citations and source lines (finish_deck) were the writer's work: timed too
    data = write(finish_deck(spec, factbase, BUILD_TIME), Theme.open(None), WriteOptions())
    elapsed = time.perf_counter() - start
    assert data.startswith(b"PK")
    return elapsed


if __name__ == "__main__":
    print(f"{main(int(sys.argv[1])):.6f}")
