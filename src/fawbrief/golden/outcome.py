"""A variant (deck × audience × language) and its golden's verdict: same, changed, new or stale."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fawbrief.golden.slides import SlideChange, slide_changes
from fawbrief.pipeline.build import output_name


@dataclass(frozen=True)
class Variant:
    """One deck × audience × language, as verify builds and names it."""

    deck: str
    audience: str
    lang: str
    source: str  # the project's source language, which file names and labels leave out

    @property
    def golden_name(self) -> str:
        """Its golden file's name: the deck's file name with ``.md``."""
        return Path(output_name(self.deck, self.audience, self.lang, self.source)).with_suffix(".md").name

    @property
    def label(self) -> str:
        """``deck/audience[/lang]``, as reports name it."""
        return f"{self.deck}/{self.audience}" + ("" if self.lang == self.source else f"/{self.lang}")

    def as_dict(self) -> dict[str, str]:
        """Its deck, audience and language, as the record and ``--json`` give them."""
        return {"deck": self.deck, "audience": self.audience, "lang": self.lang}


@dataclass
class Outcome:
    """One golden's verdict: ``same``, ``changed``, ``new`` or ``stale``, with both texts and its changed slides."""

    name: str
    variant: Variant
    status: str
    golden: str | None = None
    built: str | None = None
    slides: list[SlideChange] = field(default_factory=list)


def compare(variant: Variant, golden: str | None, built: str) -> Outcome:
    """One variant's verdict against its golden text (``None``: no golden file)."""
    if golden is None:
        return Outcome(variant.golden_name, variant, "new", built=built)
    if golden == built:
        return Outcome(variant.golden_name, variant, "same", golden=golden, built=built)
    return Outcome(variant.golden_name, variant, "changed", golden=golden, built=built,
                   slides=slide_changes(golden, built))
