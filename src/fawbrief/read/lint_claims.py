"""Claims: a sentence that says more than its figures cites the excerpt that says so, or is marked as ours.

README: the word rules: a cause ("underpins"), a conversion ("became"), a rank ("first", "only", "leading"), a place
("abroad"), a trend ("still", "now"), a requirement ("must", "means"), a comparison ("the same way") is a
claim. A sentence using a claim word of its language (``claim_words``: ``data/i18n/<lang>/claims.yaml``)
passes when a fact it cites — marked in that very sentence with ``fact()``, ``asof()`` or ``cite()``, as
the slide records (``core.slide_cites``) — has an excerpt holding a word that carries the claim, or when it
is marked as our analysis: it begins with a marker ("Our reading:", 我们的解读), or its slide's title does
(for the slide's body; notes are marked one by one). Everything else is reported with the slide, the shape,
the kind of claim and the word. Source lines and KPI period lines hold no claims and are not read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from fawbrief.core.slide_cites import text_key
from fawbrief.facts.base import FactBase
from fawbrief.read.claim_words import ClaimWord, ClaimWords
from fawbrief.read.slide_text import TextUnit

_SKIPPED = ("source", "kpi_period")
_BODY_MARKED = ("body", "cell", "kpi", "timeline_date", "timeline_caption")


def claim_findings(units: Iterable[TextUnit], cites: Mapping[str, tuple[str, ...]] | None, facts: FactBase,
                   words: ClaimWords) -> Iterator[tuple[str, str]]:
    """(shape, message) for every claim in ``units`` that nothing cited carries and nothing marks as ours."""
    units = list(units)
    title_marked = any(unit.role == "title" and words.marked(unit.text) for unit in units)
    for unit in units:
        if unit.role in _SKIPPED or words.marked(unit.text):
            continue
        if title_marked and unit.role in _BODY_MARKED:
            continue
        excerpts = _excerpts(cites.get(text_key(unit.text), ()) if cites else (), facts)
        for claim in _claims(unit.text, words):
            if not any(claim.carried(excerpt) for excerpt in excerpts):
                cited = "cites no fact" if not excerpts else "no excerpt it cites says so"
                yield unit.shape, (f"{claim.kind} claim '{claim.finder.search(unit.text)[0]}' ({cited}; cite the "
                                   f"fact that makes it, or mark it as our reading): {_excerpt(unit.text)}")


def _claims(text: str, words: ClaimWords) -> Iterator[ClaimWord]:
    seen: set[str] = set()
    for word in words.words:
        match = word.finder.search(text)
        if match and match.group(0).lower() not in seen:
            seen.add(match.group(0).lower())
            yield word


def _excerpts(fact_ids: Iterable[str], facts: FactBase) -> list[str]:
    """The verbatim excerpts of the cited facts (derived facts have none: they carry no claim)."""
    found = []
    for fact_id in fact_ids:
        fact = facts.facts.get(fact_id)
        if fact is not None and fact.source is not None:
            found.append(fact.source.excerpt)
    return found


def _excerpt(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
