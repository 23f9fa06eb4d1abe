"""The word rules of ``fawbrief lint``, run on every slide of a deck fawbrief wrote.

Each rule reads the slide's paragraphs (``slide_text``), the facts the slide records and the fact base in
the deck's language, and yields ``(shape, message)`` findings: ``lint_sentences`` (broken sentences). A
deck's context — its language, facts, build date — is worked out once (``DeckWords``) and each slide is
checked against it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pptx.slide import Slide

from fawbrief.core.slide_facts import read_facts
from fawbrief.facts.base import FactBase
from fawbrief.read.lint_sentences import sentence_findings
from fawbrief.read.slide_text import slide_units


@dataclass(frozen=True)
class DeckWords:
    """What the word rules need to know about one deck: the fact base in its language and the language."""

    facts: FactBase
    lang: str

    def slide(self, slide: Slide) -> Iterator[tuple[str, str]]:
        """The word findings of one slide."""
        units = slide_units(slide)
        recorded = read_facts(slide._element)
        fact_ids = recorded if recorded is not None else list(self.facts.facts)
        yield from sentence_findings(units, self.facts, fact_ids, self.lang)
