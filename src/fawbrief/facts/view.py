"""How ``fawbrief facts`` shows facts: a readable table, or JSON objects."""

from __future__ import annotations

import json
from typing import Any

from fawbrief.core.errors import escape_control
from fawbrief.facts.base import Fact
from fawbrief.facts.formatting import format_fact
from fawbrief.facts.language import LanguageProfile


def fact_object(fact: Fact, lang: LanguageProfile) -> dict[str, Any]:
    """The JSON shape of a fact: the schema's fields, ``source`` as an object, ``display`` in ``lang``."""
    data = fact.model_dump(mode="json", exclude_none=False)
    data["derived_from"] = list(fact.derived_from)
    data["tags"] = list(fact.tags)
    data["display"] = format_fact(fact, lang).text
    if fact.source is None:
        data["source"] = None
    return data


def facts_json(facts: list[Fact], lang: LanguageProfile) -> str:
    """The facts as a JSON list for ``fawbrief facts --json`` (non-ASCII kept readable)."""
    return json.dumps([fact_object(f, lang) for f in facts], indent=2, ensure_ascii=False)


def facts_table(facts: list[Fact], lang: LanguageProfile) -> str:
    """The facts as a fixed-width table: id, formatted value, as-of date and source."""
    if not facts:
        return "no facts match"
    rows = [("ID", "VALUE", "AS OF", "SOURCE")]
    for fact in facts:
        shown = format_fact(fact, lang).text
        if len(shown) > 48:
            shown = shown[:45] + "..."
        if fact.derived:
            where = "derived"
        else:
            assert fact.source is not None
            where = f"{fact.source.document} {fact.source.place}"
        rows.append((fact.id, escape_control(shown), fact.as_of, where))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}".rstrip()
        for row in rows
    ]
    lines.append(f"{len(facts)} facts")
    return "\n".join(lines)
