"""The fact base's schema: facts, their sources and documents, and the files that hold them.

pydantic validates every file strictly (no unknown keys, finite numbers, ids
shaped like ``subject.topic.name``); ``located_errors`` turns its errors into
``file:line:col: field: message`` lines, with a guess for a misspelt key. The
loader (``base``), the wording (``wording``) and the catalog use both.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fawbrief.core.errors import FawbriefError, InputError
from fawbrief.facts.yaml_loader import Loaded, load_yaml

_M = TypeVar("_M", bound=BaseModel)

#: What a fact is about: the project's own words (``facts/<subject>.yaml`` says ``subject: <subject>``).
Subject = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,39}$")]
Qualifier = Literal["exceeding", "over", "more_than", "nearly", "about", "up_to"]
Status = Literal["actual", "target", "plan"]
FACT_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
DOC_ID = r"^[a-z0-9][a-z0-9-]*$"

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
Value = int | FiniteFloat | str | list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Source(_Strict):
    """Where a cited fact comes from: a document, a place in it — a body ``paragraph`` (counted as a reader
    counts them) or a front-matter ``part`` (its title, dateline or byline line) — and a verbatim excerpt."""

    document: str = Field(pattern=DOC_ID)
    paragraph: int | None = Field(default=None, ge=1)
    part: str | None = Field(default=None, pattern=r"^[a-z][a-z_]{0,30}$")
    excerpt: str = Field(min_length=3, max_length=400)
    figure: str | None = Field(default=None, min_length=1, max_length=80)

    @model_validator(mode="after")
    def _one_place(self) -> Source:
        if (self.paragraph is None) == (self.part is None):
            raise ValueError("a source gives either `paragraph` or `part`, not both or neither")
        return self

    @property
    def place(self) -> str:
        """How a citation names the place: ``paragraph 3`` or ``byline``."""
        return f"paragraph {self.paragraph}" if self.paragraph is not None else str(self.part)


class Fact(_Strict):
    """One fact: cited (``source``) or derived from others (``formula``), never neither."""

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
        """Whether the value is a number (not a text, a list or a bool)."""
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)


class Document(_Strict):
    """A source document as cited on slides (``short`` in source lines): ``file`` in the project's
    ``sources/``, its ``sha256`` when known, and which non-empty lines are front matter (``front``: part
    name → line number), not body paragraphs."""

    id: str = Field(pattern=DOC_ID)
    file: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    front: dict[str, int] = Field(default_factory=dict, strict=False)
    title: str
    short: str = Field(max_length=60)
    publisher: str
    date: str
    date_note: str | None = None
    author: str | None = None
    author_role: str | None = None
    kind: Literal["profile", "editorial", "news"]


class FactFile(_Strict):
    """A ``facts/<subject>.yaml`` file."""

    subject: Subject
    facts: list[dict[str, Any]] = Field(min_length=1)


class SourcesFile(_Strict):
    """``sources.yaml``."""

    documents: list[Document] = Field(min_length=1)


def suggest_id(fact_id: str, known: Iterable[str]) -> str | None:
    """"did you mean …?" naming the known fact id closest to ``fact_id``, if one is close."""
    close = difflib.get_close_matches(fact_id, list(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def load_model(path: Path, shown: str, model: type[_M], errors: list[FawbriefError]) -> tuple[Loaded, _M] | None:
    """``path`` read strictly and validated as ``model``; on a problem, its errors (each at ``shown``'s line)
    go to ``errors`` and the result is None, so a loader reports every file's problems at once."""
    try:
        loaded = load_yaml(path, shown)
        return loaded, model.model_validate(loaded.data if loaded.data is not None else {})
    except InputError as exc:
        errors.append(exc)
    except ValidationError as exc:
        errors.extend(located_errors(exc, loaded, shown, ()))
    return None


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
