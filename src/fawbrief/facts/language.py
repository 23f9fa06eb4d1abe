"""A language's profile: how fawbrief writes numbers, units, hedges, lists and periods in it.

Languages are data, one folder each: ``data/i18n/<code>/language.yaml`` (this profile), beside the
language's ``messages.po`` (the template words), ``facts.yaml`` (the fact base's words) and
``claims.yaml`` (the claim rule's words). The project's languages are the folders holding a profile;
exactly one is the *source* language, the one the templates, fact labels and ``decks.yaml`` are written
in, which needs no catalog. A project whose data has no profile at all uses the built-in project's.

The profile's keys are documented in the built-in ``data/i18n/en/language.yaml`` and in the README
("Adding a language"); this module only reads and checks them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fawbrief.core.errors import FawbriefError, InputError, raise_all
from fawbrief.facts.schema import load_model
from fawbrief.resources import builtin_root

FILE_NAME = "language.yaml"
#: A language code as BCP 47 writes it (en, zh-CN, pt-BR, sr-Latn): also the folder's name.
CODE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: The units whose wording is the profile's (a count noun's word is the fact wording's ``units``).
SPECIAL_UNITS = ("year", "x", "RMB", "yuan")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class UnitForm(_Strict):
    """How a figure in one of the special units is written: ``figure`` around the number ({n}), ``unit`` after it."""

    figure: str = Field(default="{n}", pattern=r"\{n\}")
    unit: str = ""


class Numbers(_Strict):
    """When large numbers are written in words (1.62 million, 162.23万) and when digits are grouped."""

    compact: Literal["long", "short"] = "long"  # Babel's compact form: "9 million" (long) or "9M"/"900万" (short)
    auto_from: float | None = None  # style auto: every number this large is compact …
    auto_multiple: float = 1_000_000  # … and every exact multiple of this one ("9 million", "6万")
    money_from: float = 0  # money is compact from this size up
    group_from: float = 0  # digits are grouped (60,000) from this size up; below it, plain (2500)


class Lists(_Strict):
    """How a list of names is joined: "A and B", "A, B and C"; 大岭镇、范家屯镇."""

    between: str = ", "
    last: str = " and "
    #: before the last item when that item holds the ``last`` word itself, so the two do not run together
    last_when_joined: str | None = ", and "


class PeriodRule(_Strict):
    """A period written the English way (``match``, a regular expression matched whole) and its form here
    (``write``, with {1}, {2} … for the groups)."""

    match: str
    write: str

    @model_validator(mode="after")
    def _groups_exist(self) -> PeriodRule:
        try:
            groups = re.compile(self.match).groups
        except re.error as exc:
            raise ValueError(f"match is not a regular expression: {exc}") from None
        wanted = [int(n) for n in re.findall(r"\{(\d+)\}", self.write)]
        if any(n > groups for n in wanted):
            raise ValueError(f"write names group {{{max(wanted)}}} but match has {groups} group(s)")
        return self


class Periods(_Strict):
    """Dates (Babel patterns or medium/long) and the rules for the other periods a fact may carry."""

    day: str = "medium"  # 2025-10-30 → "Oct 30, 2025" / "2025年10月30日"
    month: str | None = "MMMM yyyy"  # 2020-07 → "July 2020"; none: as written, unless a rule says
    rules: list[PeriodRule] = Field(default_factory=list)


class SentenceRule(_Strict):
    """A broken sentence lint and ``build --strict`` look for: ``pattern`` (a regular expression;
    ``(?i)`` for any case) and what it ``says``."""

    pattern: str
    says: str = Field(min_length=3, max_length=80)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return value


class _ProfileFile(_Strict):
    name: str = Field(min_length=1, max_length=80)
    locale: str
    source: bool = False
    spaced: bool = True  # words are separated by spaces (claim words match whole words, doubled words are found)
    separator: str = " "  # between hedge, number and unit: "over 60,000 units" / "超过6万辆"
    text_lang: str | None = Field(default=None, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # runs' lang
    alt_lang: str | None = Field(default=None, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # their altLang
    word_breaks: bool = False  # wide text breaks only between words (the writer places the breaks)
    numbers: Numbers = Field(default_factory=Numbers)
    units: dict[Literal["year", "x", "RMB", "yuan"], UnitForm] = Field(default_factory=dict)
    qualifiers: dict[str, str] = Field(default_factory=dict)
    prose_qualifiers: dict[str, str] = Field(default_factory=dict)
    lists: Lists = Field(default_factory=Lists)
    periods: Periods = Field(default_factory=Periods)
    sentences: list[SentenceRule] = Field(default_factory=list)

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        try:
            Locale.parse(value)
        except (UnknownLocaleError, ValueError):
            raise ValueError(f"{value!r} is not a locale Babel knows (e.g. en, de_DE, zh_Hans_CN)") from None
        return value


@dataclass(frozen=True)
class LanguageProfile:
    """One language, as its ``language.yaml`` describes it (see the module docstring)."""

    code: str
    name: str
    locale: str
    source: bool
    spaced: bool
    separator: str
    numbers: Numbers
    units: Mapping[str, UnitForm]
    qualifiers: Mapping[str, str]
    prose_qualifiers: Mapping[str, str]
    lists: Lists
    periods: Periods
    sentences: tuple[tuple[re.Pattern[str], str], ...]
    path: str = ""
    text_lang: str = ""  # the BCP 47 tag runs carry (the code unless the profile says: en → en-US)
    alt_lang: str = ""  # the tag of Latin text inside the language's text ("" none)
    word_breaks: bool = False  # wide-character text breaks only between words

    def unit(self, unit: str) -> UnitForm:
        """How a figure in special unit ``unit`` is written (the default: the number alone)."""
        return self.units.get(unit) or UnitForm()


@dataclass(frozen=True)
class Languages:
    """A project's languages: the source language first, then the others by code."""

    profiles: Mapping[str, LanguageProfile]

    @property
    def source(self) -> LanguageProfile:
        """The language templates, labels and the deck catalog are written in."""
        return next(iter(self.profiles.values()))

    @property
    def codes(self) -> tuple[str, ...]:
        """Every language's code, the source language's first."""
        return tuple(self.profiles)

    @property
    def translations(self) -> tuple[str, ...]:
        """The languages that translate the source."""
        return self.codes[1:]

    def get(self, code: str | None = None) -> LanguageProfile:
        """The profile of ``code`` (the source language's for None); an unknown code is an input error."""
        if code is None:
            return self.source
        try:
            return self.profiles[code]
        except KeyError:
            raise InputError(f"unknown language {code!r}", hint=f"languages: {', '.join(self.codes)}"
                             " (a language is a folder data/i18n/<code>/ with a language.yaml)") from None


def project_languages(data_dir: Path) -> Languages:
    """The languages of the project whose data is ``data_dir``; the built-in project's when it defines none."""
    try:
        builtin: Path | None = builtin_root() / "data"
    except InputError:
        builtin = None
    if builtin is not None and builtin.resolve() == data_dir.resolve():
        builtin = None  # the built-in project itself: no fallback to itself
    return load_languages(data_dir, fallback=builtin)


def load_languages(data_dir: Path, fallback: Path | None = None) -> Languages:
    """The profiles of ``data_dir/i18n/*/language.yaml``; ``fallback``'s (a data folder) when there are none.
    Every problem is reported at once, each at its ``file:line``."""
    paths = sorted((data_dir / "i18n").glob(f"*/{FILE_NAME}"))
    if not paths and fallback is not None:
        return load_languages(fallback)
    errors: list[FawbriefError] = []
    found: list[LanguageProfile] = []
    for path in paths:
        code = path.parent.name
        shown = str(Path(data_dir.name, "i18n", code, FILE_NAME))
        if not CODE.match(code):
            errors.append(InputError(f"{code!r} is not a language code (en, zh-CN, pt-BR …)", path=shown))
            continue
        read = load_model(path, shown, _ProfileFile, errors)
        if read is not None:
            found.append(_profile(code, read[1], shown))
    sources = [profile for profile in found if profile.source]
    if not errors and len(sources) != 1:
        named = ", ".join(p.path for p in sources) or "none of " + ", ".join(p.path for p in found)
        errors.append(InputError(f"exactly one language must say 'source: true' ({named})",
                                 path=str(Path(data_dir.name, "i18n")) if not found else None))
    raise_all(errors)
    ordered = sorted(found, key=lambda p: (not p.source, p.code))
    return Languages({profile.code: profile for profile in ordered})


def _profile(code: str, parsed: _ProfileFile, shown: str) -> LanguageProfile:
    rules = tuple((re.compile(rule.pattern), rule.says) for rule in parsed.sentences)
    return LanguageProfile(code=code, name=parsed.name, locale=parsed.locale, source=parsed.source,
                           spaced=parsed.spaced, separator=parsed.separator, numbers=parsed.numbers,
                           units=dict(parsed.units), qualifiers=dict(parsed.qualifiers),
                           prose_qualifiers={**parsed.qualifiers, **parsed.prose_qualifiers},
                           lists=parsed.lists, periods=parsed.periods, sentences=rules, path=shown,
                           text_lang=parsed.text_lang or code, alt_lang=parsed.alt_lang or "",
                           word_breaks=parsed.word_breaks)
