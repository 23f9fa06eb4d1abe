"""The claim rule's word lists, per language: ``data/i18n/<lang>/claims.yaml``.

Each list names the markers of our own analysis ("Our reading", 我们的解读) and, per kind of claim
(cause, conversion, rank, place, trend, requirement, comparison), the words that make one and the words
that carry it in a cited excerpt. The files say how they are read; ``lint_claims`` applies them. A
project without its own lists uses the built-in ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fawbrief.core.errors import InputError
from fawbrief.facts.schema import located_errors
from fawbrief.facts.yaml_loader import load_yaml

FILE_NAME = "claims.yaml"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    word: str | None = Field(default=None, min_length=1)
    words: tuple[str, ...] = ()
    pattern: str | None = Field(default=None, min_length=1)
    carried_by: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _something_to_match(self) -> _Entry:
        if not (self.word or self.words or self.pattern):
            raise ValueError("an entry needs `word`, `words` or `pattern`")
        if self.pattern:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"pattern is not a regular expression: {exc}") from None
        return self


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    markers: tuple[str, ...] = Field(min_length=1)
    kinds: dict[str, tuple[_Entry | str, ...]]


@dataclass(frozen=True)
class ClaimWord:
    """One claim word of a kind: how it is found in a sentence and what in an excerpt carries it."""

    kind: str
    shown: str
    finder: re.Pattern[str]
    carriers: tuple[re.Pattern[str], ...]

    def carried(self, excerpt: str) -> bool:
        return any(carrier.search(excerpt) for carrier in self.carriers)


@dataclass(frozen=True)
class ClaimWords:
    """A language's markers and claim words."""

    markers: tuple[str, ...]
    words: tuple[ClaimWord, ...]

    def marked(self, text: str) -> bool:
        """Whether ``text`` begins with a marker of our analysis."""
        return text.lstrip().startswith(self.markers)


def load_claim_words(data_dir: Path, lang: str, spaced: bool = True) -> ClaimWords | None:
    """The lists for ``lang`` in ``data_dir/i18n/<lang>/claims.yaml``; None when there is no such file.
    ``spaced``: the language separates words by spaces (its profile says), so a claim word is matched whole."""
    path = data_dir / "i18n" / lang / FILE_NAME
    return _load(path.resolve(), lang, spaced) if path.is_file() else None


@cache
def _load(path: Path, lang: str, spaced: bool) -> ClaimWords:
    shown = str(Path(path.parent.parent.parent.name, "i18n", lang, FILE_NAME))
    loaded = load_yaml(path, shown)
    try:
        parsed = _File.model_validate(loaded.data)
    except ValidationError as exc:
        raise located_errors(exc, loaded, shown, ())[0] from None
    words = []
    for kind, entries in parsed.kinds.items():
        for entry in entries:
            words.extend(_words(kind, entry if isinstance(entry, _Entry) else _Entry(word=entry), spaced))
    if not words:
        raise InputError("no claim words", path=shown)
    return ClaimWords(markers=parsed.markers, words=tuple(words))


def _words(kind: str, entry: _Entry, spaced: bool) -> list[ClaimWord]:
    spelled = [*([entry.word] if entry.word else []), *entry.words]
    carriers = tuple(_carrier(word) for word in (entry.carried_by or spelled))
    found = [ClaimWord(kind, word, _finder(word, spaced), carriers) for word in spelled]
    if entry.pattern:
        found.append(ClaimWord(kind, entry.pattern, re.compile(entry.pattern), carriers))
    return found


def _finder(word: str, spaced: bool) -> re.Pattern[str]:
    """Whole words where words are spaced ("first", not "firstly"; "fastest-growing" holds "fastest");
    anywhere in a language with no word breaks (Chinese)."""
    body = r"\s+".join(map(re.escape, word.split()))
    return re.compile(rf"(?<![\w-]){body}(?!\w)" if spaced else body, re.IGNORECASE)


def _carrier(word: str) -> re.Pattern[str]:
    prefix = word.endswith("*")
    body = r"\s+".join(map(re.escape, word.rstrip("*").split()))
    return re.compile(rf"(?<![\w-]){body}" + ("" if prefix else r"(?![\w-])"), re.IGNORECASE)
