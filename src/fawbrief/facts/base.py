"""The fact base: loading, validation and derived facts (the schema is ``schema.py``).

Layout of a data folder::

    data/sources.yaml          the source documents (id, file, title, publisher, date)
    data/facts/<subject>.yaml  one file per subject: ``subject:`` and ``facts:``

Every fact cites a document, a paragraph (the n-th non-empty line of the
document) and a verbatim excerpt holding the figure. Derived facts have no
``source``: they carry a ``formula`` over other facts' ids and are computed here.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from fawbrief.core.errors import FawbriefError, InputError, raise_all
from fawbrief.facts import formula as formula_mod
from fawbrief.facts.language import LanguageProfile, Languages, project_languages
from fawbrief.facts.schema import Document, Fact, FactFile, Source, SourcesFile, located_errors, suggest_id
from fawbrief.facts.wording import Wording, load_wordings, localize
from fawbrief.facts.yaml_loader import Loaded, load_yaml

__all__ = ["Document", "Fact", "FactBase", "Source", "load_factbase", "located_errors"]  # schema's, as before

@dataclass(frozen=True)
class FactBase:
    """All facts, cited and derived, keyed by id. Immutable once loaded."""

    facts: Mapping[str, Fact]
    documents: Mapping[str, Document]
    #: the project's languages (``data/i18n/<code>/language.yaml``); labels are in the source language's words
    languages: Languages
    lang: str = ""  # the language of labels and text values (see ``localized``); "" is the source language
    wordings: Mapping[str, Wording] = field(default_factory=dict, repr=False, compare=False)
    #: fact id → (file, line) of its entry: where a problem with the fact is reported.
    places: Mapping[str, tuple[str, int | None]] = field(default_factory=dict, repr=False, compare=False)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts.values())

    def __len__(self) -> int:
        return len(self.facts)

    def get(self, fact_id: str) -> Fact:
        """The fact ``fact_id``; an unknown id is an input error suggesting the closest one."""
        try:
            return self.facts[fact_id]
        except KeyError:
            raise InputError(f"unknown fact id {fact_id!r}", hint=self.suggest(fact_id)) from None

    @property
    def language(self) -> LanguageProfile:
        """The profile of the language the labels and text values are in."""
        return self.languages.get(self.lang or None)

    def localized(self, lang: str) -> FactBase:
        """The facts in ``lang``'s words (``data/i18n/<lang>/facts.yaml``); numbers unchanged."""
        if lang == self.language.code:
            return self
        self.languages.get(lang)  # an unknown code names the known ones
        if lang not in self.wordings:
            raise InputError(f"no fact wording for language {lang!r}",
                             hint=f"expected data/i18n/{lang}/facts.yaml")
        facts, documents = localize(self.facts, self.documents, self.wordings[lang])
        return replace(self, facts=facts, documents=documents, wordings={}, lang=lang)

    def suggest(self, fact_id: str) -> str | None:
        """"did you mean …?" for an unknown fact id, naming the closest known one."""
        return suggest_id(fact_id, self.facts)

    def cited_documents(self, fact_ids: list[str] | tuple[str, ...]) -> list[Document]:
        """The documents behind the given facts (derived facts count through their inputs)."""
        docs: dict[str, Document] = {}
        for fact_id in fact_ids:
            for base in self.roots(fact_id):
                if base.source is not None:
                    docs.setdefault(base.source.document, self.documents[base.source.document])
        return sorted(docs.values(), key=lambda d: d.id)

    def roots(self, fact_id: str) -> list[Fact]:
        """The cited facts a fact rests on (itself, if it is cited)."""
        fact = self.get(fact_id)
        if not fact.derived:
            return [fact]
        return [root for dep in fact.derived_from for root in self.roots(dep)]

    def query(self, text: str | None = None, subject: str | None = None) -> list[Fact]:
        """Facts of ``subject`` (all if None) whose id, label or value contains ``text`` (any case)."""
        needle = (text or "").casefold()
        return [
            fact
            for fact in self
            if (subject is None or fact.subject == subject)
            and (not needle or needle in fact.id.casefold() or needle in fact.label.casefold()
                 or needle in str(fact.value).casefold())
        ]


def load_factbase(data_dir: Path) -> FactBase:
    """Load ``sources.yaml`` and every ``facts/*.yaml``; report all errors together."""
    errors: list[FawbriefError] = []
    documents = _load_documents(data_dir, errors)
    facts: dict[str, Fact] = {}
    places: dict[str, tuple[str, int | None]] = {}
    fact_dir = data_dir / "facts"
    files = sorted(fact_dir.glob("*.yaml")) if fact_dir.is_dir() else []
    if not files:
        errors.append(InputError("no fact files (expected facts/*.yaml)", path=_show(fact_dir, data_dir)))
    for path in files:
        try:
            loaded = load_yaml(path, _show(path, data_dir))
        except InputError as exc:
            errors.append(exc)
            continue
        for fact, where in _parse_fact_file(loaded, errors, _show(path, data_dir)):
            if fact.id in facts:
                errors.append(InputError(f"duplicate fact id {fact.id!r}", path=where[0], line=where[1]))
            elif fact.source and documents and fact.source.document not in documents:
                errors.append(InputError(
                    f"unknown document {fact.source.document!r}", path=where[0], line=where[1],
                    hint=f"known: {', '.join(sorted(documents))}",
                ))
            else:
                facts[fact.id] = fact
                places[fact.id] = where
    raise_all(errors)
    facts = _with_derived(facts, places)
    languages = project_languages(data_dir)
    return FactBase(facts=facts, documents=documents, languages=languages,
                    wordings=load_wordings(data_dir, facts, documents, languages), places=places)


def _show(path: Path, data_dir: Path) -> str:
    try:
        return str(Path(data_dir.name) / path.relative_to(data_dir))
    except ValueError:
        return str(path)


def _load_documents(data_dir: Path, errors: list[FawbriefError]) -> dict[str, Document]:
    path = data_dir / "sources.yaml"
    try:
        loaded = load_yaml(path, _show(path, data_dir))
        parsed = SourcesFile.model_validate(loaded.data)
    except InputError as exc:
        errors.append(exc)
        return {}
    except ValidationError as exc:
        errors.extend(located_errors(exc, loaded, _show(path, data_dir), ()))
        return {}
    return {doc.id: doc for doc in parsed.documents}


def _parse_fact_file(
    loaded: Loaded, errors: list[FawbriefError], shown: str
) -> Iterator[tuple[Fact, tuple[str, int | None]]]:
    try:
        parsed = FactFile.model_validate(loaded.data)
    except ValidationError as exc:
        errors.extend(located_errors(exc, loaded, shown, ()))
        return
    for index, raw in enumerate(parsed.facts):
        prefix: tuple[str | int, ...] = ("facts", index)
        try:
            fact = Fact.model_validate({**raw, "subject": parsed.subject})
        except ValidationError as exc:
            errors.extend(located_errors(exc, loaded, shown, prefix))
            continue
        if fact.formula is not None:
            fact = fact.model_copy(update={"derived": True})
        yield fact, (shown, loaded.where(prefix)[0])


def _with_derived(facts: dict[str, Fact], places: Mapping[str, tuple[str, int | None]]) -> dict[str, Fact]:
    """Compute derived facts in dependency order; cycles and unknown ids are errors."""
    done: dict[str, Fact] = {}
    pending = {fid: f for fid, f in facts.items() if f.derived}
    done.update({fid: f for fid, f in facts.items() if not f.derived})
    while pending:
        progressed = False
        for fact_id, fact in list(pending.items()):
            try:
                derived = _derive(fact_id, fact, facts, done, pending)
            except InputError as exc:  # name the derived fact's file and line
                if exc.path is None:
                    exc.path, exc.line = places.get(fact_id, (None, None))
                raise
            if derived is not None:
                done[fact_id] = derived
                del pending[fact_id]
                progressed = True
        if not progressed:
            cycle = _cycle(pending)
            path, line = places.get(cycle[0], (None, None))
            raise InputError(f"derived facts depend on each other in a cycle: {' → '.join(cycle)}", path=path,
                             line=line)
    return {fid: done[fid] for fid in facts}


def _cycle(pending: Mapping[str, Fact]) -> list[str]:
    """One cycle among derived facts that all wait on each other: ``a → b → a``, from the first id."""
    chain = [min(pending)]
    while True:
        names = formula_mod.parse(pending[chain[-1]].formula or "", chain[-1]).names
        following = next(name for name in names if name in pending)  # each waits on another pending one
        if following in chain:
            return [*chain[chain.index(following):], following]
        chain.append(following)


def _derive(fact_id: str, fact: Fact, facts: Mapping[str, Fact], done: Mapping[str, Fact],
            pending: Mapping[str, Fact]) -> Fact | None:
    """One derived fact with its value, or None while one of its inputs is still pending."""
    expr = formula_mod.parse(fact.formula or "", fact_id)
    missing = [name for name in expr.names if name not in facts]
    if missing:
        raise InputError(f"{fact_id}: formula uses unknown fact {missing[0]!r}", hint=_closest(missing[0], facts))
    if any(name in pending for name in expr.names):
        return None
    value = expr.evaluate({name: _number(done[name], fact_id) for name in expr.names})
    if not math.isfinite(value):  # 1e400, or an overflow: python-pptx charts fail on inf and NaN
        raise InputError(f"{fact_id}: formula result is not a finite number")
    if fact.precision is not None:
        value = round(value, fact.precision)
    return fact.model_copy(update={"value": value, "derived_from": expr.names})


def _closest(name: str, facts: Mapping[str, Fact]) -> str | None:
    close = difflib.get_close_matches(name, list(facts), n=1)
    return f"did you mean {close[0]!r}?" if close else None


def _number(fact: Fact, user: str) -> float:
    if not fact.is_number:
        raise InputError(f"{user}: formula uses {fact.id!r}, which is not a number")
    return float(fact.value)  # type: ignore[arg-type]
