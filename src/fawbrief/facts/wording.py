"""The fact base's words per language: labels, text values, periods, units, sources.

A fact has one value; only its wording is per language, held as data in
``data/i18n/<lang>/facts.yaml``::

    units:                        # an English count noun → the unit word in this language
      vehicles: 辆
    documents:                    # how each source is named on slides
      jiefang-profile: {title: …, short: …, publisher: …, date: 2025年}
    facts:                        # a label for every fact; a value for every text or list fact
      jiefang.history.first_truck_place: {label: 第一辆解放卡车的诞生地, value: 吉林长春}
      jiefang.expansion.period_years: {label: …, as_of: 未来五年}   # a period with no rule

Loading checks each entry against the fact base (unknown ids or units, a value for
a number, a list of another length: ``file:line`` errors). ``localize`` swaps the
words in (``FactBase.localized`` gives the fact base every later step uses
unchanged); a fact, unit or source with no entry is an error naming it — never a
silent English fallback. This module works on the facts and documents alone, so
the fact base (``base``) depends on it and not the other way round.
Periods written the usual English ways ("H1 2020", "by 2030") get their form from
``formatting``; only others need ``as_of``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from fawbrief.core.errors import FawbriefError, InputError, raise_all
from fawbrief.facts.formatting import MONEY_UNITS, period_form
from fawbrief.facts.language import LanguageProfile, Languages
from fawbrief.facts.schema import Document, Fact, load_model, suggest_id
from fawbrief.facts.yaml_loader import Loaded

SPECIAL_UNITS = {"year", "%", "% yoy", "x", *MONEY_UNITS}  # worded by formatting, not by data
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class FactWords(_Strict):
    """How one fact is worded in a language: its label, value text and as-of date."""

    label: str = Field(min_length=1, max_length=200)
    value: str | list[str] | None = None
    as_of: str | None = Field(default=None, min_length=1, max_length=40)


class DocumentWords(_Strict):
    """How one source document is named in a language: full title and short form."""

    title: str = Field(min_length=1)
    short: str = Field(min_length=1, max_length=60)
    publisher: str = Field(min_length=1)
    date: str = Field(min_length=1)
    date_note: str | None = None
    author: str | None = None
    author_role: str | None = None


class _WordingFile(_Strict):
    units: dict[str, str] = Field(default_factory=dict)
    documents: dict[str, DocumentWords] = Field(default_factory=dict)
    facts: dict[str, FactWords] = Field(default_factory=dict)


@dataclass(frozen=True)
class Wording:
    """One language's words for the fact base, as loaded (checked, maybe incomplete)."""

    language: LanguageProfile
    path: str
    units: Mapping[str, str]
    documents: Mapping[str, DocumentWords]
    facts: Mapping[str, FactWords]


def load_wordings(data_dir: Path, facts: Mapping[str, Fact], documents: Mapping[str, Document],
                  languages: Languages) -> dict[str, Wording]:
    """Every ``i18n/<lang>/facts.yaml`` under ``data_dir``, checked against the fact base's facts and documents."""
    errors: list[FawbriefError] = []
    found: dict[str, Wording] = {}
    for path in sorted((data_dir / "i18n").glob("*/facts.yaml")):
        shown = _show(path, data_dir)
        lang = path.parent.name
        if lang not in languages.translations:
            errors.append(InputError(f"unknown language folder {lang!r}: it has no language.yaml" if lang
                                     not in languages.codes else f"{lang!r} is the source language", path=shown,
                                     hint=f"languages that translate: {', '.join(languages.translations) or 'none'}"))
            continue
        read = load_model(path, shown, _WordingFile, errors)
        if read is None:
            continue
        loaded, parsed = read
        errors.extend(_check(parsed, facts, documents, loaded, shown))
        found[lang] = Wording(languages.get(lang), shown, parsed.units, parsed.documents, parsed.facts)
    raise_all(errors)
    return found


def _check(parsed: _WordingFile, facts: Mapping[str, Fact], documents: Mapping[str, Document], loaded: Loaded,
           shown: str) -> list[FawbriefError]:
    """Entries that cannot be right whatever else the file holds."""
    errors: list[FawbriefError] = []

    def error(message: str, loc: tuple[str | int, ...], hint: str | None = None) -> None:
        line, col = loaded.where(loc, key=True)
        errors.append(InputError(message, path=shown, line=line, col=col, hint=hint))

    for fact_id, words in parsed.facts.items():
        if fact_id not in facts:
            error(f"unknown fact id {fact_id!r}", ("facts", fact_id), suggest_id(fact_id, facts))
            continue
        value = facts[fact_id].value
        if isinstance(value, list):
            if not isinstance(words.value, list) or len(words.value) != len(value):
                error(f"{fact_id}: value must be a list of {len(value)} entries, like the fact's",
                      ("facts", fact_id))
        elif isinstance(value, str):
            if not isinstance(words.value, str):
                error(f"{fact_id}: a text fact needs its value in this language", ("facts", fact_id))
        elif words.value is not None:
            error(f"{fact_id}: a number has no wording (its unit and format are per language)",
                  ("facts", fact_id, "value"))
    units_used = {fact.unit for fact in facts.values() if fact.unit}
    for unit in parsed.units:
        if unit not in units_used or unit in SPECIAL_UNITS:
            error(f"unit {unit!r} is not a count noun of any fact", ("units", unit))
    for doc_id in parsed.documents:
        if doc_id not in documents:
            error(f"unknown document {doc_id!r}", ("documents", doc_id),
                  f"known: {', '.join(sorted(documents))}")
    return errors


def localize(facts: Mapping[str, Fact], documents: Mapping[str, Document], wording: Wording
             ) -> tuple[dict[str, Fact], dict[str, Document]]:
    """The facts and documents in the wording's language: labels, text values, count units, periods
    and document names swapped in, numbers unchanged. Anything unworded is an error naming it."""
    missing: list[str] = []
    worded: dict[str, Fact] = {}
    for fact_id, fact in facts.items():
        words = wording.facts.get(fact_id)
        if words is None:
            missing.append(f"fact {fact_id}")
            continue
        update: dict[str, Any] = {"label": words.label, "as_of": _period(fact, words, wording.language, missing)}
        if isinstance(fact.value, list | str):
            update["value"] = list(words.value) if isinstance(words.value, list) else words.value
        if fact.unit and fact.unit not in SPECIAL_UNITS:
            if fact.unit in wording.units:
                update["unit"] = wording.units[fact.unit]
            else:
                missing.append(f"unit {fact.unit!r} (of {fact_id})")
        worded[fact_id] = fact.model_copy(update=update)
    named: dict[str, Document] = {}
    for doc_id, doc in documents.items():
        doc_words = wording.documents.get(doc_id)
        if doc_words is None:
            missing.append(f"document {doc_id}")
            continue
        named[doc_id] = doc.model_copy(update=doc_words.model_dump())
    if missing:
        shown = ", ".join(dict.fromkeys(missing))
        raise InputError(f"no {wording.language.code} wording for {len(missing)} entries: {shown}", path=wording.path)
    return worded, named


def _period(fact: Fact, words: FactWords, lang: LanguageProfile, missing: list[str]) -> str:
    if words.as_of is not None:
        return words.as_of
    shown = period_form(fact.as_of, lang)
    if needs_period(fact.as_of, shown):
        missing.append(f"as_of of {fact.id} ({fact.as_of!r} has no {lang.code} form)")
    return shown or fact.as_of


def needs_period(as_of: str, form: str | None) -> bool:
    """Whether a period needs its own ``as_of`` in a language: no rule writes it (``form`` is None) and it holds
    words ("next five years", "by 2030"); digits and dashes alone ("2020–2025") read the same everywhere."""
    return form is None and bool(_LATIN_WORD.search(as_of))


def _show(path: Path, data_dir: Path) -> str:
    try:
        return str(Path(data_dir.name) / path.relative_to(data_dir))
    except ValueError:
        return str(path)
