"""Numbers on a slide that trace to no fact.

A figure in slide text (digits, or numerals of another script: ``core.numerals``)
is traced when it is part of how some fact is shown:
its value in any format style (auto, full, compact), its period, its label, or
a field of a cited document (titles and dates on the source line and the
sources slide), or the build date the package records (its core properties' ``created``, as the
cover's byline writes it). When the slide records the facts it used (``slide_facts``),
only those facts count, so a planted figure that happens to equal some other
fact's value is still caught; otherwise the whole fact base does.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from datetime import date

from fawbrief.core.numerals import figures
from fawbrief.facts.base import FactBase
from fawbrief.facts.formatting import format_fact, format_period

NUMBER = re.compile(r"[+−-]?\d[\d,.]*")
STYLES = ("auto", "full", "compact")


class NumberIndex:
    """The figures each fact (and every document) may put on a slide."""

    def __init__(self, factbase: FactBase) -> None:
        """The index of ``factbase``, in the language of its words (``FactBase.localized``)."""
        lang = factbase.language
        self._lang = lang
        self._by_fact: dict[str, set[str]] = {}
        for fact in factbase:
            shown = [format_fact(fact, lang, style).text for style in STYLES]
            self._by_fact[fact.id] = set(_numbers((*shown, format_period(fact.as_of, lang), fact.as_of,
                                                   fact.label)))
        self._documents: set[str] = set()
        for doc in factbase.documents.values():
            self._documents |= _numbers((doc.title, doc.date, doc.short, doc.date_note or "", doc.publisher,
                                         doc.author or "", doc.author_role or ""))
        self._all = set(self._documents).union(*self._by_fact.values())

    def built(self, when: date | None) -> NumberIndex:
        """This index with the figures of the build date ``when`` allowed on every slide (the cover says when
        the deck was built, in the deck's language), or itself when the package records none."""
        if when is None:
            return self
        dated = copy.copy(self)
        stamp = _numbers((format_period(when.isoformat(), self._lang),))
        dated._documents = self._documents | stamp
        dated._all = self._all | stamp
        return dated

    def allowed(self, fact_ids: Iterable[str] | None) -> set[str]:
        """The figures a slide may show; ``None`` (no record) allows every fact's figures."""
        if fact_ids is None:
            return self._all
        allowed = set(self._documents)
        for fact_id in fact_ids:
            allowed |= self._by_fact.get(fact_id, set())
        return allowed


def tokens(text: str) -> list[str]:
    """The numbers in ``text``: decimal digits (with separators) and numerals of other scripts (九万, Ⅸ, ⁹⁰)."""
    return [*NUMBER.findall(text), *figures(text)]


def orphans(text: str, allowed: set[str]) -> list[str]:
    """The numbers in ``text`` that ``allowed`` does not hold (trailing punctuation aside)."""
    found = []
    for token in tokens(text):
        bare = token.rstrip(".,")
        if token in allowed or bare in allowed or bare.lstrip("+−-") in allowed:
            continue
        found.append(bare)
    return found


def _numbers(texts: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        for token in tokens(text):
            found.add(token)
            found.add(token.rstrip(".,"))
            found.add(token.rstrip(".,").lstrip("+±"))  # fact(id, sign=False): "rose 110.7%"
    return found
