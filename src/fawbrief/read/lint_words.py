"""The word rules of ``fawbrief lint``, run on every slide of a deck fawbrief wrote.

Each rule reads the slide's paragraphs (``slide_text``), the facts the slide records and the fact base, and
yields ``(shape, message)`` findings: ``lint_sentences`` (broken sentences), ``lint_claims`` (claims nothing
cited carries), ``lint_periods`` (old figures without their period, covers without the dates of their data,
undated documents stamped with a year) and ``lint_targets`` (targets and plans drawn as actuals). A deck's
context — its language, facts, word lists, build date, cover — is worked out once (``deck_words``) and each
slide is checked against it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn
from pptx.slide import Slide

from fawbrief.core.slide_cites import read_cites
from fawbrief.core.slide_facts import read_facts
from fawbrief.facts.base import FactBase
from fawbrief.read import lint_periods as periods
from fawbrief.read.claim_words import ClaimWords
from fawbrief.read.lint_claims import claim_findings
from fawbrief.read.lint_sentences import sentence_findings
from fawbrief.read.lint_targets import target_findings
from fawbrief.read.slide_text import slide_units

DEFAULT_BUILD_DATE = date(2026, 1, 1)  # the writer's date when SOURCE_DATE_EPOCH is not set
DEFAULT_WINDOW = periods.window_start(DEFAULT_BUILD_DATE)


@dataclass(frozen=True)
class DeckWords:
    """What the word rules need to know about one deck. ``base`` is the fact base as written (English),
    ``facts`` in the deck's language; ``claims`` is ``None`` when the language has no word list (claims
    are then not checked); ``window`` is the first day of the freshness window; ``cover`` the cover slide's
    element and ``deck_facts`` every fact the deck records."""

    base: FactBase
    facts: FactBase
    lang: str
    claims: ClaimWords | None = None
    window: date = DEFAULT_WINDOW
    cover: Any = None
    deck_facts: tuple[str, ...] = ()

    def slide(self, slide: Slide) -> Iterator[tuple[str, str]]:
        """The word findings of one slide."""
        units = slide_units(slide)
        recorded = read_facts(slide._element)
        cites = read_cites(slide._element)
        fact_ids = recorded if recorded is not None else list(self.facts.facts)
        yield from sentence_findings(units, self.facts, fact_ids)
        if self.claims is not None:
            yield from claim_findings(units, cites, self.facts, self.claims)
        if recorded is not None:
            yield from periods.stale_findings(units, cites, recorded, self.base, self.facts, self.window)
            title = next((unit.shape for unit in units if unit.role == "title"), "slide")
            yield from periods.undated_findings(title, recorded, self.base)
        yield from target_findings(slide, cites, self.base)
        if slide._element is self.cover:
            yield from periods.cover_findings(units, self.deck_facts, self.base, self.facts)


def deck_words(prs: Any, base: FactBase, lang: str, claims: ClaimWords | None,
               freshness_years: int = periods.DEFAULT_FRESHNESS_YEARS) -> DeckWords:
    """The context for the deck ``prs`` (a python-pptx presentation)."""
    created = prs.core_properties.created
    built = created.date() if isinstance(created, datetime) else DEFAULT_BUILD_DATE
    deck_facts = [fact for slide in prs.slides for fact in (read_facts(slide._element) or ())]
    cover = next((slide._element for slide in prs.slides if _has_cover_title(slide._element)), None)
    return DeckWords(base, base.localized(lang), lang, claims, periods.window_start(built, freshness_years),
                     cover, tuple(dict.fromkeys(deck_facts)))


def _has_cover_title(sld: etree._Element) -> bool:
    return any(ph.get("type") == "ctrTitle" for ph in sld.iter(qn("p:ph")))
