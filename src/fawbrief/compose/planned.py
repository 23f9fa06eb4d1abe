"""Targets and plans, told apart from actuals while markup is parsed (README: the word rules).

A fact's ``status`` (actual, target, plan) reaches the slide model: a run showing a target or plan is
``planned`` (the writer sets it apart in tables), a KPI card keeps the status (drawn with a dashed outline
and no red accent) and its label says "Target:"/"Plan:" unless it already names one, a timeline event
citing one is ``planned`` (drawn as an open marker on a dashed stretch of the axis), and a chart point
showing one must sit in a series with ``role="target"`` (drawn hatched). Each event also gets its place in
time (``event_year``), so the writer can break the axis where years pass unshown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fawbrief.facts.base import FactBase
from fawbrief.facts.schema import Fact
from fawbrief.model.slides import Text

#: The words this module adds to slides (a catalog translates them): the prefixes, and the words that
#: make a prefix unnecessary when the label already holds them.
MESSAGES = ("Target: %(label)s", "Plan: %(label)s", "target", "plan", "planned")
_PREFIX = {"target": "Target: %(label)s", "plan": "Plan: %(label)s"}
_PERIODS: tuple[tuple[str, Callable[[re.Match[str]], float]], ...] = (
    (r"(\d{4})-(\d{2})-(\d{2})", lambda m: int(m[1]) + (int(m[2]) - 1 + int(m[3]) / 31) / 12),
    (r"(\d{4})-(\d{2})", lambda m: int(m[1]) + (int(m[2]) - 0.5) / 12),
    (r"H([12]) (\d{4})", lambda m: int(m[2]) + (0.25 if m[1] == "1" else 0.75)),
    (r"(?:by )?(\d{4})", lambda m: float(m[1])),
    (r"(\d{3})0s", lambda m: int(m[1]) * 10 + 5.0),
)


def planned_label(label: str, fact: Fact, translate: Callable[[str], str]) -> str:
    """A target's or plan's KPI label, saying so: "Target: overseas sales" (as it is when it already does)."""
    if fact.status == "actual":
        return label
    words = [translate(word) for word in ("target", "plan", "planned")]
    if any(word.casefold() in label.casefold() for word in words):
        return label
    return translate(_PREFIX[fact.status]) % {"label": label}


def event_year(when: Text, factbase: FactBase) -> float | None:
    """Where a timeline event stands in time, from the first fact of its date: a year's value, else the
    fact's period ("2025-10-30" → 2025.8, "1980s" → 1985); None when neither says."""
    fact_id = next((run.fact for run in when if run.fact), None)
    fact = factbase.facts.get(fact_id) if fact_id else None
    if fact is None:
        return None
    if fact.unit == "year" and fact.is_number:
        return float(fact.value)  # type: ignore[arg-type]
    for pattern, year in _PERIODS:
        match = re.fullmatch(pattern, fact.as_of.strip())
        if match:
            return year(match)
    return None


def misplaced_target(fact: Fact, role: str) -> str | None:
    """Why a chart point may not show ``fact`` in a series of ``role``, or None when it may."""
    if fact.status != "actual" and role != "target":
        return (f"<point fact={fact.id!r}> is a {fact.status}: put it in a <series role=\"target\">, so it is "
                "drawn unlike the actuals")
    return None
