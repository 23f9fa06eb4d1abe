"""Periods: old figures carry their period on the slide, covers date their data, undated stays undated.

README: the word rules. A figure is *stale* when its period (the fact's ``as_of``) ended before the freshness window —
``freshness_years`` (default 2) before the build date, which is the deck's own creation date (the writer
sets it: ``SOURCE_DATE_EPOCH``, else 2026-01-01). Three checks, on decks fawbrief wrote:

* a sentence that shows a stale figure names its period — one of the period's years — in itself, in the
  slide's title or in an as-of tag (a KPI card's period line, a timeline date); a figure only a chart shows
  needs it in the title or a tag. The source line does not count: it is small print. Years and dates shown
  as the figure itself ("1956") are their own period.
* the cover (the first slide with a title-slide title) states the date of each document the deck cites: a
  year of its date, or, for a document with no date, the deck language's word for it ("undated").
* a fact of an undated document is never stamped with a year the paragraph it cites does not give
  (``as_of: "2025"`` for a profile that says "Today"): use ``as_of: undated``. The paragraph's years are those
  in the excerpts of all the facts citing it (lint does not read the documents themselves).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from fawbrief.core.slide_cites import text_key
from fawbrief.facts.base import FactBase
from fawbrief.facts.formatting import format_period
from fawbrief.facts.schema import Fact
from fawbrief.read.slide_text import TextUnit

UNDATED = "undated"
DEFAULT_FRESHNESS_YEARS = 2
_TAGS = ("kpi_period", "timeline_date")
_SHOWN = ("title", "body", "cell", "kpi", "timeline_caption")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ENDS: tuple[tuple[str, object], ...] = (
    (r"(\d{4})-(\d{2})-(\d{2})", lambda m: date(int(m[1]), int(m[2]), int(m[3]))),
    (r"(\d{4})-(\d{2})", lambda m: _month_end(int(m[1]), int(m[2]))),
    (r"H([12]) (\d{4})", lambda m: date(int(m[2]), 6, 30) if m[1] == "1" else date(int(m[2]), 12, 31)),
    (r"Q([1-4]) (\d{4})", lambda m: _month_end(int(m[2]), 3 * int(m[1]))),
    (r"(\d{3})0s", lambda m: date(int(m[1]) * 10 + 9, 12, 31)),
    (r"(\d{4})", lambda m: date(int(m[1]), 12, 31)),
)


def window_start(built: date, years: int = DEFAULT_FRESHNESS_YEARS) -> date:
    """The first day of the freshness window: ``years`` before ``built`` (29 February → 28th)."""
    day = min(built.day, calendar.monthrange(built.year - years, built.month)[1])
    return date(built.year - years, built.month, day)


def period_end(as_of: str) -> date | None:
    """The last day of a period written the usual ways ("H1 2020", "2020-07", "1980s", "2025"); None for a
    period with no end in the past ("by 2030", "next five years", "undated")."""
    for pattern, end in _ENDS:
        match = re.fullmatch(pattern, as_of.strip())
        if match:
            return end(match)  # type: ignore[operator]
    return None


def is_stale(fact: Fact, start: date) -> bool:
    """A figure (a number, not a year) whose period ended before the window starts."""
    if not fact.is_number or fact.unit == "year":
        return False
    end = period_end(fact.as_of)
    return end is not None and end < start


def stale_findings(units: list[TextUnit], cites: Mapping[str, tuple[str, ...]] | None, recorded: Iterable[str],
                   base: FactBase, shown: FactBase, start: date) -> Iterator[tuple[str, str]]:
    """(shape, message) for each sentence (or chart) of one slide showing stale figures without their period.
    Notes are read only for what they cite: a figure the notes alone give is not on the slide."""
    title = next((unit for unit in units if unit.role == "title"), None)
    named = " ".join(unit.text for unit in units if unit.role in _TAGS or unit.role == "title")
    cited_anywhere: set[str] = set()
    for unit in units:
        ids = cites.get(text_key(unit.text), ()) if cites is not None else ()
        cited_anywhere.update(ids)
        if unit.role in _SHOWN:
            yield from _unnamed(unit.shape, unit.text + " " + named, ids, base, shown, start, unit.text)
    rest = [fact_id for fact_id in recorded if cites is None or fact_id not in cited_anywhere]  # charts
    yield from _unnamed(title.shape if title else "slide", named, rest, base, shown, start,
                        "a chart or picture on the slide" if cites is not None else "the slide")


def _unnamed(shape: str, text: str, ids: Iterable[str], base: FactBase, shown: FactBase, start: date,
             where: str) -> Iterator[tuple[str, str]]:
    years_shown = set(_YEAR.findall(text))
    missing: dict[str, list[str]] = {}
    for fact_id in dict.fromkeys(ids):
        fact = base.facts.get(fact_id)
        if fact is None or not is_stale(fact, start):
            continue
        if not set(_YEAR.findall(fact.as_of)) & years_shown:
            period = format_period(shown.facts[fact_id].as_of, shown.language) if fact_id in shown.facts else fact.as_of
            missing.setdefault(period, []).append(fact_id)
    for period, fact_ids in missing.items():
        yield shape, (f"figures from {period} ({', '.join(fact_ids)}) are older than the freshness window "
                      f"(from {start.isoformat()}) and the slide does not name their period: say {period} in "
                      f"the sentence, the title or an as-of tag ({_excerpt(where)})")


def cover_findings(units: list[TextUnit], fact_ids: Iterable[str], base: FactBase,
                   shown: FactBase) -> Iterator[tuple[str, str]]:
    """(shape, message) for each cited document whose date the cover does not state."""
    text = " ".join(unit.text for unit in units if unit.role in ("title", "subtitle"))
    shape = next((unit.shape for unit in units if unit.role == "title"), "cover")
    for doc in base.cited_documents(tuple(fact_ids)):
        local = shown.documents.get(doc.id, doc)
        if doc.date == UNDATED:
            if local.date not in text:
                yield shape, f"the cover does not say that {doc.id} is undated ('{local.date}'): {_excerpt(text)}"
        elif not set(_YEAR.findall(doc.date)) & set(_YEAR.findall(text)):
            yield shape, f"the cover does not date the data of {doc.id} ({local.date}): {_excerpt(text)}"


def undated_findings(shape: str, fact_ids: Iterable[str], base: FactBase) -> Iterator[tuple[str, str]]:
    """(shape, message) for facts of an undated document stamped with a year their paragraph does not give."""
    for fact_id in fact_ids:
        fact = base.facts.get(fact_id)
        if fact is None or fact.source is None or base.documents[fact.source.document].date != UNDATED:
            continue
        stamped = set(_YEAR.findall(fact.as_of)) - _paragraph_years(base, fact.source.document, fact.source.place)
        if stamped:
            yield shape, (f"{fact_id} is stamped {', '.join(sorted(stamped))} (as_of {fact.as_of!r}), but "
                          f"{fact.source.document} is undated and its {fact.source.place} gives no such year: "
                          f"use as_of: {UNDATED}")


def _paragraph_years(base: FactBase, document: str, place: str) -> set[str]:
    """The years the excerpts of a document's paragraph (``place``) give, over every fact citing it."""
    return {year for fact in base if fact.source is not None and fact.source.document == document
            and fact.source.place == place for year in _YEAR.findall(fact.source.excerpt)}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _excerpt(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
