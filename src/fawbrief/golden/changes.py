"""Why goldens differ: the inputs that changed since they were written, and the slides each one moved.

For every differing golden the record's snapshot of its inputs is compared with today's (``inputs.py``):
a fact's field (id, field, old → new), a message catalog entry (msgid, old → new text), a template (its
digest), a deck or audience entry. The same change seen in several variants is one change, touching each of
them. A change touches the slides that differ and show it: a fact, the slides recording its id; a catalog
entry, the slides whose text holds its old or new words; a deck or audience entry, the slides holding its old
or new values; a template, the differing slides of the variants rendering it that nothing else explains.
Differing slides no recorded change explains are one more entry (``unexplained``), and so are goldens the
record holds no snapshot for (``unrecorded``), so the summary never claims more than it knows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fawbrief.golden.inputs import deck_template, template_chain
from fawbrief.golden.slides import SlideChange

if TYPE_CHECKING:
    from fawbrief.golden.outcome import Outcome
    from fawbrief.golden.store import Record
    from fawbrief.pipeline.build import Project

KINDS = ("fact", "message", "deck", "audience", "template", "unexplained", "unrecorded")


@dataclass
class Change:
    """One change in the inputs: ``kind`` (``KINDS``), ``key`` (a fact id, msgid, template name, deck or
    audience id), ``status`` (changed, added, removed), its ``fields`` as (field, old, new), and the slides
    it touches per variant label."""

    kind: str
    key: str
    status: str = "changed"
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    lang: str | None = None
    touches: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The change as ``verify --json`` gives it."""
        return {"kind": self.kind, "key": self.key, "status": self.status, "lang": self.lang,
                "fields": [{"field": name, "old": old, "new": new} for name, old, new in self.fields],
                "touches": [{"variant": label, "slides": slides} for label, slides in self.touches.items()]}


def find_changes(outcomes: Iterable[Outcome], record: Record, snapshots: Mapping[str, dict[str, Any]],
                 project: Project) -> tuple[list[Change], bool]:
    """The changes behind every differing outcome, in ``KINDS`` order; and whether the record knew them all."""
    found: dict[str, Change] = {}
    recorded = True
    for outcome in outcomes:
        if outcome.status != "changed":
            continue
        label = outcome.variant.label
        old = record.snapshot_of(outcome.name)
        if old is None:
            recorded = False
            _add(found, Change("unrecorded", ""), label, [s.number for s in outcome.slides])
            continue
        new = snapshots[outcome.variant.lang]
        explained: set[str] = set()
        templates: list[Change] = []
        for change in _diff(old, new, outcome):
            slides = _touched(change, outcome.slides, old, new)
            if change.kind == "template":
                env = project.language(outcome.variant.lang).env
                chain = template_chain(env, deck_template(env, outcome.variant.deck, outcome.variant.audience))
                if change.key in chain:
                    templates.append(change)
                else:
                    _add(found, change, None, [])
                continue
            explained.update(slides)
            _add(found, change, label if slides else None, slides)
        rest = [s.number for s in outcome.slides if s.number not in explained]
        for change in templates:
            _add(found, change, label if rest else None, rest)
        if rest and not templates:
            _add(found, Change("unexplained", ""), label, rest)
    order = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(found.values(), key=lambda c: (order[c.kind], c.key)), recorded


def _add(found: dict[str, Change], change: Change, label: str | None, slides: list[str]) -> None:
    key = json.dumps([change.kind, change.key, change.status, change.lang, change.fields], default=str,
                     ensure_ascii=False)
    kept = found.setdefault(key, change)
    if label is not None:
        kept.touches.setdefault(label, [])
        kept.touches[label] += [number for number in slides if number not in kept.touches[label]]


def _diff(old: Mapping[str, Any], new: Mapping[str, Any], outcome: Outcome) -> list[Change]:
    lang = outcome.variant.lang
    out: list[Change] = []
    out += _entries("fact", old.get("facts", {}), new.get("facts", {}), None)
    out += _entries("message", {k: {"text": v} for k, v in old.get("messages", {}).items()},
                    {k: {"text": v} for k, v in new.get("messages", {}).items()}, lang)
    out += _entries("template", {k: {"digest": v} for k, v in old.get("templates", {}).items()},
                    {k: {"digest": v} for k, v in new.get("templates", {}).items()}, None)
    deck, audience = outcome.variant.deck, outcome.variant.audience
    out += _entries("deck", _only(old.get("decks", {}), deck), _only(new.get("decks", {}), deck), None)
    out += _entries("audience", _only(old.get("audiences", {}), audience),
                    _only(new.get("audiences", {}), audience), None)
    return out


def _only(entries: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {key: entries[key]} if key in entries else {}


def _entries(kind: str, old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]],
             lang: str | None) -> list[Change]:
    out = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        names = [*dict.fromkeys([*(before or {}), *(after or {})])]
        fields = [(name, (before or {}).get(name), (after or {}).get(name)) for name in names
                  if (before or {}).get(name) != (after or {}).get(name)]
        out.append(Change(kind, key, status, fields, lang))
    return out


def _touched(change: Change, slides: list[SlideChange], old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    if change.kind == "fact":
        return [s.number for s in slides if change.key in s.facts]
    if change.kind == "template":
        return []
    words = [piece for _, before, after in change.fields for value in (before, after)
             for piece in _pieces(value)]
    return [s.number for s in slides if any(word in s.before or word in s.after for word in words)]


def _pieces(value: Any) -> list[str]:
    """The literal stretches of a text (placeholders like ``%(n)s`` cut out) long enough to find on a slide."""
    if isinstance(value, list):
        return [piece for item in value for piece in _pieces(item)]
    if not isinstance(value, str):
        return []
    pieces = [piece.strip() for piece in re.split(r"%\(\w+\)s|%%|\{\{.*?\}\}", value)]
    return [piece for piece in pieces if len(piece) >= (2 if not piece.isascii() else 3)]  # 议程 is a word
