"""What a variant is built from, as plain data: the snapshot the goldens' record keeps.

A snapshot holds, for one language, every fact's fields in that language (label, value, unit, period,
qualifier, status, source, formula), the message catalog's entries, a digest of every template's text
(line ends normalised, so a CRLF checkout gives the same digest) and the deck and audience entries. Comparing
the snapshot a golden was written from with today's names what changed: ``changes.py``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from jinja2 import meta

from fawbrief.compose.environment import BriefEnvironment
from fawbrief.pipeline.build import Project

#: The fact fields a snapshot keeps (and the summary names), in the order it names them.
FACT_FIELDS = ("label", "value", "unit", "as_of", "qualifier", "status", "precision", "formula")
SOURCE_FIELDS = ("document", "paragraph", "part", "excerpt", "figure")


def snapshot(project: Project, lang: str) -> dict[str, Any]:
    """Everything a variant in ``lang`` is built from, as JSON-ready data."""
    factbase = project.factbase.localized(lang)
    env = project.language(lang).env
    return {
        "lang": lang,
        "facts": {fact.id: fact_fields(fact) for fact in factbase},
        "messages": dict(sorted(project.language(lang).messages.entries.items())),  # none in the source language
        "templates": {name: text_digest(_source(env, name)) for name in env.list_templates() if name.endswith(".j2")},
        "decks": {deck_id: info.model_dump(mode="json") for deck_id, info in project.catalog.decks.items()},
        "audiences": {aid: aud.model_dump(mode="json") for aid, aud in project.catalog.audiences.items()},
    }


def fact_fields(fact: Any) -> dict[str, Any]:
    """A fact's fields that show on slides or in citations, ``None`` ones left out; ``source.*`` flattened."""
    fields = {name: getattr(fact, name) for name in FACT_FIELDS if getattr(fact, name) is not None}
    if isinstance(fields.get("value"), tuple):
        fields["value"] = list(fields["value"])
    if fact.source is not None:
        fields.update({f"source.{name}": getattr(fact.source, name) for name in SOURCE_FIELDS
                       if getattr(fact.source, name) is not None})
    return fields


def digest(data: Any) -> str:
    """A short, stable digest of JSON-ready data (the key a snapshot is stored under)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def text_digest(text: str) -> str:
    """The digest of a template's text with its line ends normalised to LF."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()[:16]


def template_chain(env: BriefEnvironment, name: str) -> list[str]:
    """``name`` and every template it extends, includes or imports, transitively (those Jinja2 can name)."""
    seen: list[str] = []
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.append(current)
        try:
            todo.extend(ref for ref in meta.find_referenced_templates(env.parse(_source(env, current)))
                        if ref is not None)
        except Exception:
            continue
    return seen


def deck_template(env: BriefEnvironment, deck: str, audience: str) -> str:
    """The template a variant renders: the audience's own, else the deck's ``base.j2`` (as the build picks)."""
    names = set(env.list_templates())
    own = f"decks/{deck}/{audience}.j2"
    return own if own in names else f"decks/{deck}/base.j2"


def _source(env: BriefEnvironment, name: str) -> str:
    source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    return source
