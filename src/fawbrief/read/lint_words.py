"""The word rules of ``fawbrief lint``, run on every slide of a deck fawbrief wrote.

Each rule reads the slide's paragraphs (``slide_text``), the facts the slide records and the fact base in
the deck's language, and yields ``(shape, message)`` findings: ``lint_sentences`` (broken sentences) and
``lint_claims`` (claims nothing cited carries). A deck's context — its language, facts, word lists — is
worked out once (``DeckWords``) and each slide is checked against it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pptx.slide import Slide

from fawbrief.core.slide_cites import read_cites
from fawbrief.core.slide_facts import read_facts
from fawbrief.facts.base import FactBase
from fawbrief.read.claim_words import ClaimWords
from fawbrief.read.lint_claims import claim_findings
from fawbrief.read.lint_sentences import sentence_findings
from fawbrief.read.slide_text import slide_units


@dataclass(frozen=True)
class DeckWords:
    """What the word rules need to know about one deck: the fact base in its language, the language and
    its claim words (``None``: the language has no list, and claims are not checked)."""

    facts: FactBase
    lang: str
    claims: ClaimWords | None = None

    def slide(self, slide: Slide) -> Iterator[tuple[str, str]]:
        """The word findings of one slide."""
        units = slide_units(slide)
        recorded = read_facts(slide._element)
        fact_ids = recorded if recorded is not None else list(self.facts.facts)
        yield from sentence_findings(units, self.facts, fact_ids, self.lang)
        if self.claims is not None:
            yield from claim_findings(units, read_cites(slide._element), self.facts, self.claims)
