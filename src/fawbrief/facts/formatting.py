"""Every number on a slide is formatted here, per language, with Babel.

Templates never format numbers themselves: they call ``fact()`` (see
``compose/environment.py``), which calls ``format_fact``. The unit decides the style:
``year`` → 1956, ``%`` → 4.3%, ``% yoy`` → +89.5%, ``RMB``/``yuan`` → money in
words, ``x`` → 3×, anything else is a count noun (60,000 units).

How each language writes them is its profile (``language.py``, ``data/i18n/<code>/language.yaml``):
Chinese counts in 万 and 亿 (6万, 162.23万, 1000亿元), writes the unit right after the number
(6万辆, 1956年, 3倍) and its periods as 2020年上半年 — all said in its profile, none of it here.
A count noun arrives already in the deck's language (the fact wording's ``units``, ``wording.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal

from fawbrief.facts.language import LanguageProfile
from fawbrief.facts.schema import Fact

MONEY_UNITS = {"RMB", "yuan"}


@dataclass(frozen=True)
class Formatted:
    """A fact ready for a slide: ``number`` is the big figure ("1.62 million",
    "+89.5%", "RMB 100 billion"), ``unit`` the noun after it ("vehicles"),
    ``qualifier`` the source's hedge ("over"), ``text`` all three in reading order."""

    number: str
    unit: str
    qualifier: str
    sep: str = " "

    @property
    def text(self) -> str:
        return self.sep.join(part for part in (self.qualifier, self.number, self.unit) if part)


def format_fact(fact: Fact, lang: LanguageProfile, style: str = "auto") -> Formatted:
    """Format a fact's value in ``lang``. ``style``: ``auto``, ``full`` (all digits) or ``compact``.

    Derived values are rounded to ``precision`` at load; here trailing zeros are
    dropped ("3×", "36%"), since a reader takes "3.0×" for false precision."""
    qualifier = lang.qualifiers.get(fact.qualifier or "", "")
    value = fact.value
    if isinstance(value, list):
        return Formatted(_join(value, lang), "", "")
    if isinstance(value, str):
        return Formatted(value, "", "")
    assert value is not None
    unit = fact.unit or ""
    if unit == "%":
        return Formatted(_decimal(value, None, lang.locale) + "%", "", qualifier, lang.separator)
    if unit == "% yoy":
        sign = "+" if value > 0 else ("−" if value < 0 else "±")
        return Formatted(sign + _decimal(abs(value), None, lang.locale) + "%", "", qualifier, lang.separator)
    if unit == "year":
        number = str(int(value))
    elif unit == "x":
        number = _figure(value, lang)
    elif unit in MONEY_UNITS:
        number = _compact(value, lang) if abs(value) >= lang.numbers.money_from else _figure(value, lang)
    else:
        number = _compact(value, lang) if _wants_compact(value, style, lang) else _figure(value, lang)
        return Formatted(number, unit, qualifier, lang.separator)
    form = lang.unit(unit)
    return Formatted(form.figure.replace("{n}", number), form.unit, qualifier, lang.separator)


def prose_qualifier(qualifier: str | None, lang: LanguageProfile) -> str:
    """The source's hedge phrased to read inside a sentence (the profile's ``prose_qualifiers``), "" for none."""
    return lang.prose_qualifiers.get(qualifier or "", "")


def unsigned(number: str) -> str:
    """A growth figure without its sign, for prose that says the direction in words ("rose 110.7%")."""
    return number[1:] if number[:1] in ("+", "±") else number


def format_number(value: float, lang: LanguageProfile, precision: int | None = None) -> str:
    """A bare number in the deck's locale (for chart axes and derived labels)."""
    return _decimal(value, precision, lang.locale)


def format_period(as_of: str, lang: LanguageProfile) -> str:
    """A fact's period for a slide: ISO dates per locale ("Oct 30, 2025", "2025年10月30日"), the
    language's forms of the usual periods ("H1 2020" → "2020年上半年"), else as written."""
    return period_form(as_of, lang) or as_of


def period_form(as_of: str, lang: LanguageProfile) -> str | None:
    """``as_of`` in ``lang``'s words by its profile's date patterns and rules, or None when none applies."""
    text = as_of.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return format_date(date.fromisoformat(text), format=lang.periods.day, locale=lang.locale)
    if lang.periods.month and re.fullmatch(r"\d{4}-\d{2}", text):
        return format_date(date.fromisoformat(text + "-01"), format=lang.periods.month, locale=lang.locale)
    for rule in lang.periods.rules:
        match = re.fullmatch(rule.match, text)
        if match:
            return _filled(rule.write, (match[0], *match.groups(default="")))
    return None


def _filled(form: str, groups: tuple[str, ...]) -> str:
    """A period rule's ``write`` with {1}, {2} … replaced by the groups its ``match`` caught."""
    return re.sub(r"\{(\d+)\}", lambda ref: groups[int(ref[1])] if int(ref[1]) < len(groups) else "", form)


def _wants_compact(value: float, style: str, lang: LanguageProfile) -> bool:
    if style == "full":
        return False
    if style == "compact":
        return abs(value) >= 10_000
    numbers = lang.numbers  # auto: what reads better in words in this language
    if numbers.auto_from is not None and abs(value) >= numbers.auto_from:
        return True
    return abs(value) >= numbers.auto_multiple and value % numbers.auto_multiple == 0


def _figure(value: float, lang: LanguageProfile) -> str:
    """A figure's digits: grouped from the profile's ``group_from`` up (60,000), plain below it (2500)."""
    if abs(value) >= lang.numbers.group_from:
        return _decimal(value, None, lang.locale)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_decimal(value, format="0.###", locale=lang.locale)


def _decimal(value: float, precision: int | None, locale: str) -> str:
    if precision is not None:
        pattern = "#,##0" + ("." + "0" * precision if precision else "")
        return format_decimal(value, format=pattern, locale=locale)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_decimal(value, locale=locale)


def _compact(value: float, lang: LanguageProfile) -> str:
    return format_compact_decimal(value, format_type=lang.numbers.compact, locale=lang.locale, fraction_digits=2)


def _join(items: list[str], lang: LanguageProfile) -> str:
    """A list as a reader writes it: "A and B", "A, B and C" ("A, B, and C and D" when the last item
    holds the joining word itself, so the last two items do not run together); 大岭镇、范家屯镇."""
    lists = lang.lists
    if len(items) < 3:
        return lists.last.join(items)
    word = lists.last.strip()
    joined = lists.last_when_joined is not None and bool(word) and f" {word} " in items[-1]
    return lists.between.join(items[:-1]) + (lists.last_when_joined if joined else lists.last) + items[-1]
