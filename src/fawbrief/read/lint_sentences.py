"""Broken sentences: what a template and a fact's formatting can do to each other.

Checked on every paragraph of a slide and of the template's notes (``slide_text``), in the deck's language:

* a doubled word ("the the", "units units");
* a fact's unit next to the same word typed in the template: the fact shows "7 projects" and the sentence
  goes on "… auto projects", or names it just before ("subsidiaries (over 13 subsidiaries)"; English:
  within three words either side, not past another figure; Chinese: the unit again right after, 7个个项目)
  — write ``fact(id, unit=False)`` and name the noun once;
* a qualifier where it cannot stand: after a preposition or article in English ("of exceeding RMB 100
  billion", "the planned over 13 subsidiaries"; use ``fact(id, qualifier="prose")`` or reword), after 的 in
  Chinese (订单数相当于洽谈场次的超过50%: the hedge goes before what it hedges, ``qualifier(id)``);
* a sign inside prose: "grew by +1.5%", 增长+110.7% (the verb says the direction: ``fact(id, sign=False)``).
  Signs stay where a figure stands alone: KPI cards, chart labels, "(+1.5%)" in a table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from fawbrief.facts.base import FactBase
from fawbrief.facts.formatting import format_fact
from fawbrief.facts.language import LanguageProfile
from fawbrief.read.slide_text import TextUnit

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d[\d,.]*")  # words and figures, in order
_DOUBLED_OK = {"that", "had"}  # "that that", "had had" can be right
_FIGURE = re.compile(r"\d")


def sentence_findings(units: Iterable[TextUnit], facts: FactBase, fact_ids: Iterable[str]
                      ) -> Iterator[tuple[str, str]]:
    """(shape, message) for every broken sentence among ``units``; ``fact_ids`` are the slide's facts, and
    ``facts`` is in the deck's language, whose profile (``sentences``, ``spaced``) holds the rules."""
    lang = facts.language
    units_of = _shown_units(facts, fact_ids, lang)
    rules = lang.sentences
    for unit in units:
        if unit.role in ("source", "kpi_period"):
            continue
        for pattern, what in rules:
            match = pattern.search(unit.text)
            if match:
                yield unit.shape, f"{what}: '{match.group(0)}' ({_excerpt(unit.text)})"
        if lang.spaced:
            for word in _doubled(unit.text):
                yield unit.shape, f"doubled word '{word}' ({_excerpt(unit.text)})"
        for shown, noun in units_of:
            if _unit_repeated(unit.text, shown, noun, lang):
                yield unit.shape, (f"unit '{noun}' of '{shown}' typed again beside it ({_excerpt(unit.text)}); "
                                   "use fact(id, unit=False)")


def _shown_units(facts: FactBase, fact_ids: Iterable[str], lang: LanguageProfile) -> list[tuple[str, str]]:
    """(how the fact is shown, its count noun) for the slide's facts that have a noun as unit."""
    found: dict[tuple[str, str], None] = {}
    for fact_id in fact_ids:
        fact = facts.facts.get(fact_id)
        if fact is None or not fact.is_number:
            continue
        for style in ("auto", "full", "compact"):
            formatted = format_fact(fact, lang, style)
            if formatted.unit:
                found[(formatted.sep.join(p for p in (formatted.number, formatted.unit) if p), formatted.unit)] = None
    return list(found)


def _unit_repeated(text: str, shown: str, noun: str, lang: LanguageProfile) -> bool:
    start = 0
    while (at := text.find(shown, start)) >= 0:
        start = at + len(shown)
        after = text[start:]
        if not lang.spaced:  # the unit again right after: 7个个项目
            if noun in after[: len(noun) + 3]:
                return True
        else:
            last = noun.split()[-1].lower()
            before_figure = _FIGURE.split(after, maxsplit=1)[0]  # "60,000 units … 180,000 units" is two facts
            pieces = _FIGURE.split(text[:at])  # "subsidiaries (over 13 subsidiaries)" too
            since = _WORD.findall(pieces[-1])
            if len(pieces) > 1 and [w.lower() for w in since[: len(noun.split())]] == noun.lower().split():
                since = since[len(noun.split()):]  # the previous figure's own unit: "1,622,279 vehicles and"
            near = [*since[-4:], *_WORD.findall(before_figure)[:3]]
            if last in (word.lower() for word in near):
                return True
    return False


def _doubled(text: str) -> list[str]:
    words = [word.lower() for word in _TOKEN.findall(text)]
    found = []
    for i, word in enumerate(words):
        if i >= 1 and words[i - 1] == word and word not in _DOUBLED_OK and not word[0].isdigit():
            found.append(word)
    return list(dict.fromkeys(found))


def _excerpt(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
