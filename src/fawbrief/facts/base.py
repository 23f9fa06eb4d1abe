"""The fact base: schema, loading, validation and derived facts.

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
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fawbrief.core.errors import FawbriefError, InputError, raise_all
from fawbrief.facts import formula as formula_mod
from fawbrief.facts.yaml_loader import Loaded, load_yaml

Subject = Literal["jiefang", "faw-vw", "auto-city", "faw-group"]
Qualifier = Literal["exceeding", "over", "more_than", "nearly", "about", "up_to"]
Status = Literal["actual", "target", "plan"]
FACT_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
DOC_ID = r"^[a-z0-9][a-z0-9-]*$"

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
Value = int | FiniteFloat | str | list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Source(_Strict):
    document: str = Field(pattern=DOC_ID)
    paragraph: int = Field(ge=1)
    excerpt: str = Field(min_length=3, max_length=400)
    figure: str | None = Field(default=None, min_length=1, max_length=80)


class Fact(_Strict):
    id: str = Field(pattern=FACT_ID, max_length=80)
    subject: Subject
    label: str = Field(min_length=2, max_length=200)
    value: Value | None = None
    unit: str | None = Field(default=None, max_length=40)
    as_of: str = Field(min_length=1, max_length=40)
    qualifier: Qualifier | None = None
    status: Status = "actual"
    precision: int | None = Field(default=None, ge=0, le=4)
    source: Source | None = None
    derived: bool = False
    formula: str | None = Field(default=None, max_length=300)
    derived_from: tuple[str, ...] = Field(default=(), strict=False)
    tags: tuple[str, ...] = Field(default=(), strict=False)  # YAML gives a list

    @model_validator(mode="after")
    def _cited_or_derived(self) -> Fact:
        if self.formula is not None:
            if self.source is not None:
                raise ValueError("a derived fact has a formula and no source")
        elif self.source is None:
            raise ValueError("every fact needs a source (or a formula, if derived)")
        elif self.value is None:
            raise ValueError("a cited fact needs a value")
        if isinstance(self.value, float) and not math.isfinite(self.value):
            raise ValueError("value must be a finite number")
        return self

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)


class Document(_Strict):
    id: str = Field(pattern=DOC_ID)
    file: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    title: str
    short: str = Field(max_length=60)
    publisher: str
    date: str
    date_note: str | None = None
    author: str | None = None
    author_role: str | None = None
    kind: Literal["profile", "editorial", "news"]


class _FactFile(_Strict):
    subject: Subject
    facts: list[dict[str, Any]] = Field(min_length=1)


class _SourcesFile(_Strict):
    documents: list[Document] = Field(min_length=1)


@dataclass(frozen=True)
class FactBase:
    """All facts, cited and derived, keyed by id. Immutable once loaded."""

    facts: Mapping[str, Fact]
    documents: Mapping[str, Document]
    lang: str = "en"  # the language of labels and text values (see ``localized``)
    wordings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts.values())

    def __len__(self) -> int:
        return len(self.facts)

    def get(self, fact_id: str) -> Fact:
        try:
            return self.facts[fact_id]
        except KeyError:
            raise InputError(f"unknown fact id {fact_id!r}", hint=self.suggest(fact_id)) from None

    def localized(self, lang: str) -> FactBase:
        """The facts in ``lang``'s words (``data/i18n/<lang>/facts.yaml``); numbers unchanged."""
        if lang == self.lang:
            return self
        from fawbrief.facts.wording import localize

        if lang not in self.wordings:
            raise InputError(f"no fact wording for language {lang!r}",
                             hint=f"expected data/i18n/{lang}/facts.yaml")
        return localize(self, self.wordings[lang])

    def suggest(self, fact_id: str) -> str | None:
        close = difflib.get_close_matches(fact_id, list(self.facts), n=1, cutoff=0.6)
        return f"did you mean {close[0]!r}?" if close else None

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
    base = FactBase(facts=_with_derived(facts, places), documents=documents)
    from fawbrief.facts.wording import load_wordings

    return replace(base, wordings=load_wordings(data_dir, base))


def _show(path: Path, data_dir: Path) -> str:
    try:
        return str(Path(data_dir.name) / path.relative_to(data_dir))
    except ValueError:
        return str(path)


def _load_documents(data_dir: Path, errors: list[FawbriefError]) -> dict[str, Document]:
    path = data_dir / "sources.yaml"
    try:
        loaded = load_yaml(path, _show(path, data_dir))
        parsed = _SourcesFile.model_validate(loaded.data)
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
        parsed = _FactFile.model_validate(loaded.data)
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


def located_errors(exc: ValidationError, loaded: Loaded, shown: str,
                   prefix: tuple[str | int, ...]) -> list[FawbriefError]:
    """Pydantic errors → ``file:line:col: field: message``, one line per place."""
    by_place: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for err in exc.errors(include_url=False):
        loc = tuple(part for part in err["loc"] if not _is_union_tag(part))
        by_place.setdefault(loc, []).append(err)
    found: list[FawbriefError] = []
    explained = _typo_targets(by_place)
    for loc, errs in by_place.items():
        if loc in explained:
            continue
        err = _pick(errs)
        full = (*prefix, *loc)
        extra = err["type"] == "extra_forbidden"
        line, col = loaded.where(full, key=extra)
        field = ".".join(str(p) for p in loc) or "fact"
        message = "unknown key" if extra else err["msg"].replace("Value error, ", "")
        hint = None
        if extra:
            guess = next((name for place, name in explained.items() if place[:-1] == loc[:-1]
                          and difflib.get_close_matches(str(loc[-1]), [name], n=1)), None)
            hint = f"did you mean {guess!r}?" if guess else _key_hint(loc[-1])
        found.append(InputError(f"{field}: {message}", path=shown, line=line, col=col, hint=hint))
    return found


def _typo_targets(by_place: dict[tuple[Any, ...], list[dict[str, Any]]]) -> dict[tuple[Any, ...], str]:
    """Misspelt keys that explain a 'field required' beside them (``lable:`` → no
    ``label``): the missing field's place → the name to suggest. One typo, one line."""
    missing = {loc: loc[-1] for loc, errs in by_place.items() if loc and errs[0]["type"] == "missing"}
    targets: dict[tuple[Any, ...], str] = {}
    for loc, errs in by_place.items():
        if errs[0]["type"] != "extra_forbidden" or not loc:
            continue
        siblings = [str(name) for place, name in missing.items() if place[:-1] == loc[:-1]]
        close = difflib.get_close_matches(str(loc[-1]), siblings, n=1)
        if close:
            targets[(*loc[:-1], close[0])] = close[0]
    return targets


def _pick(errs: list[dict[str, Any]]) -> dict[str, Any]:
    """A value failing every branch of ``int | float | str | list`` gets one error per
    branch; report the branch matching the value's own type."""
    if len(errs) == 1:
        return errs[0]
    kind = type(errs[0].get("input")).__name__
    for err in errs:
        if kind in (str(part) for part in err["loc"]):
            return err
    return {**errs[0], "msg": "must be a number, a text or a list of texts"}


def _is_union_tag(part: Any) -> bool:
    # pydantic names the union branch it tried ("int", "list[str]"); not a YAML path.
    return isinstance(part, str) and (part in {"int", "float", "str", "bool"} or "[" in part
                                      or part.startswith("function"))


def _key_hint(key: Any) -> str | None:
    close = difflib.get_close_matches(str(key), [*Fact.model_fields, *Source.model_fields], n=1)
    return f"did you mean {close[0]!r}?" if close else None


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
