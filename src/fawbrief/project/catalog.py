"""Which decks and audiences exist: ``data/decks.yaml`` and ``data/audiences/*.yaml``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fawbrief.core.errors import FawbriefError, InputError, raise_all
from fawbrief.facts.base import located_errors
from fawbrief.facts.yaml_loader import load_yaml

NAME = r"^[a-z][a-z0-9-]{0,39}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class DeckInfo(_Strict):
    """One deck in ``decks.yaml``: id, title, description and the subjects it covers."""

    id: str = Field(pattern=NAME)
    title: str = Field(min_length=3, max_length=120)
    description: str = Field(max_length=200)
    subjects: list[str] = Field(min_length=1)
    #: The organisation the deck is about, as the cover names it (translated through the catalog).
    organisation: str = Field(default="", max_length=120)


class _DecksFile(_Strict):
    """``decks.yaml``: the decks, at least one."""

    decks: list[DeckInfo] = Field(min_length=1)


class Audience(_Strict):
    """Who is in the room. Templates read ``detail``, ``focus`` and ``close`` to choose wording;
    which slides appear, and in what order, is the audience template's ``slide_order``.
    ``purpose``, ``argument`` and ``tone`` say what the variant is for, to its template's author;
    ``budget`` caps its content slides (every slide but the cover and the sources), and the build
    refuses a variant over it."""

    id: str = Field(pattern=NAME)
    title: str = Field(max_length=80)
    description: str = Field(max_length=200)
    detail: Literal["brief", "standard", "full"] = "standard"
    focus: list[str] = Field(default_factory=list, max_length=12)
    purpose: str = Field(default="", max_length=200)
    argument: str = Field(default="", max_length=300)
    tone: str = Field(default="", max_length=200)
    close: Literal["ask", "questions"] = "questions"
    budget: int | None = Field(default=None, ge=1, le=200)


@dataclass(frozen=True)
class Catalog:
    """The project's decks and audiences by id; ``deck`` and ``audience`` name the known ones on a miss."""

    decks: dict[str, DeckInfo]
    audiences: dict[str, Audience]

    def deck(self, deck_id: str) -> DeckInfo:
        """The deck ``deck_id``; an input error listing the known decks when unknown."""
        if deck_id not in self.decks:
            raise InputError(f"unknown deck {deck_id!r}", hint=f"decks: {', '.join(self.decks)}")
        return self.decks[deck_id]

    def audience(self, audience_id: str) -> Audience:
        """The audience ``audience_id``; an input error listing the known ones when unknown."""
        if audience_id not in self.audiences:
            raise InputError(f"unknown audience {audience_id!r}",
                             hint=f"audiences: {', '.join(self.audiences)}")
        return self.audiences[audience_id]


def load_catalog(data_dir: Path, template_dirs: Sequence[Path] = ()) -> Catalog:
    """Decks from ``data/decks.yaml``; audiences from ``data/audiences/`` and from each
    user template folder's ``audiences/`` (a user folder's profile wins over the built-in)."""
    errors: list[FawbriefError] = []
    decks: dict[str, DeckInfo] = {}
    path = data_dir / "decks.yaml"
    try:
        loaded = load_yaml(path)
        decks = {deck.id: deck for deck in _DecksFile.model_validate(loaded.data).decks}
    except InputError as exc:
        errors.append(exc)
    except ValidationError as exc:
        errors.extend(located_errors(exc, loaded, str(path), ()))
    audiences: dict[str, Audience] = {}
    for folder in (data_dir / "audiences", *(Path(t) / "audiences" for t in reversed(template_dirs))):
        for audience_path in sorted(folder.glob("*.yaml")):
            audience = _load_audience(audience_path, errors)
            if audience is not None:
                audiences[audience.id] = audience
    if not audiences and not errors:
        errors.append(InputError("no audiences (expected audiences/*.yaml)", path=data_dir))
    raise_all(errors)
    return Catalog(decks=decks, audiences=audiences)


def _load_audience(path: Path, errors: list[FawbriefError]) -> Audience | None:
    try:
        loaded = load_yaml(path)
        audience = Audience.model_validate(loaded.data)
    except InputError as exc:
        errors.append(exc)
        return None
    except ValidationError as exc:
        errors.extend(located_errors(exc, loaded, str(path), ()))
        return None
    if audience.id != path.stem:
        errors.append(InputError(f"audience id {audience.id!r} differs from its file name", path=path))
        return None
    return audience
