"""Every number on a slide is formatted here, per language, with Babel.

Templates never format numbers themselves: they call ``fact()`` (see
``templating.py``), which calls ``format_fact``. The unit decides the style:
``year`` → 1956, ``%`` → 4.3%, ``% yoy`` → +89.5%, ``RMB``/``yuan`` → money in
words, ``x`` → 3×, anything else is a count noun (60,000 units).

Chinese (``zh-CN``) counts in 万 and 亿 (6万, 162.23万, 1000亿元), writes the unit
right after the number (6万辆, 1956年, 3倍) and its periods as 2020年上半年. A count
noun arrives already in Chinese (the fact wording's ``units``, see
``fact_wording.py``); the special units' words are in ``UNIT_WORDS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal

from fawbrief.core.languages import LOCALES
from fawbrief.facts.schema import Fact

MONEY_UNITS = {"RMB", "yuan"}

QUALIFIERS: dict[str, dict[str, str]] = {
    "en": {"exceeding": "exceeding", "over": "over", "more_than": "more than", "nearly": "nearly",
           "about": "about", "up_to": "up to"},
    "zh-CN": {"exceeding": "超过", "over": "超过", "more_than": "超过", "nearly": "近", "about": "约",
              "up_to": "最多"},
}
#: The qualifier as it reads inside a sentence, after a preposition ("brand value of more than RMB 100
#: billion", not "of exceeding"): ``fact(id, qualifier="prose")`` and ``qualifier(id)`` in templates.
PROSE_QUALIFIERS: dict[str, dict[str, str]] = {
    "en": {**QUALIFIERS["en"], "exceeding": "more than"},
    "zh-CN": QUALIFIERS["zh-CN"],
}
#: Words for the special units, per language (count nouns are data: the fact wording's ``units``).
UNIT_WORDS: dict[str, dict[str, str]] = {
    "en": {},
    "zh-CN": {"year": "年", "x": "倍", "RMB": "元", "yuan": "元"},
}
#: Between qualifier, number and unit: a space in English, nothing in Chinese (超过1000亿元).
SEPARATORS = {"en": " ", "zh-CN": ""}


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


def format_fact(fact: Fact, lang: str = "en", style: str = "auto") -> Formatted:
    """Format a fact's value. ``style``: ``auto``, ``full`` (all digits) or ``compact``.

    Derived values are rounded to ``precision`` at load; here trailing zeros are
    dropped ("3×", "36%"), since a reader takes "3.0×" for false precision."""
    locale = _locale(lang)
    qualifier = QUALIFIERS[lang].get(fact.qualifier or "", "")
    value = fact.value
    if isinstance(value, list):
        return Formatted(_join(value, lang), "", "")
    if isinstance(value, str):
        return Formatted(value, "", "")
    assert value is not None
    unit = fact.unit or ""
    if unit == "%":
        return Formatted(_decimal(value, None, locale) + "%", "", qualifier, SEPARATORS[lang])
    if unit == "% yoy":
        sign = "+" if value > 0 else ("−" if value < 0 else "±")
        return Formatted(sign + _decimal(abs(value), None, locale) + "%", "", qualifier, SEPARATORS[lang])
    if lang == "zh-CN":
        return _format_zh(value, unit, qualifier, locale, style)
    if unit == "year":
        return Formatted(str(int(value)), "", qualifier)
    if unit == "x":
        return Formatted(_decimal(value, None, locale) + "×", "", qualifier)
    if unit in MONEY_UNITS:
        amount = _compact(value, locale)
        return Formatted(f"RMB {amount}" if unit == "RMB" else amount, "" if unit == "RMB" else unit,
                         qualifier)
    number = _compact(value, locale) if _wants_compact(value, style) else _decimal(value, None, locale)
    return Formatted(number, unit, qualifier)


def _format_zh(value: float, unit: str, qualifier: str, locale: str, style: str) -> Formatted:
    """Chinese: 万/亿 for large counts and money, the unit word right after the number."""
    words = UNIT_WORDS["zh-CN"]
    if unit == "year":
        return Formatted(str(int(value)), words["year"], qualifier, "")
    if unit == "x":
        return Formatted(_decimal_zh(value, locale), words["x"], qualifier, "")
    if unit in MONEY_UNITS:
        amount = _compact_zh(value, locale) if abs(value) >= 10_000 else _decimal_zh(value, locale)
        return Formatted(amount, words[unit], qualifier, "")
    number = _compact_zh(value, locale) if _wants_wan(value, style) else _decimal_zh(value, locale)
    return Formatted(number, unit, qualifier, "")


def _decimal_zh(value: float, locale: str) -> str:
    """Digits the Chinese way: no separator below 一万 (2500个), groups of three above it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_decimal(value, format="#,##0.###" if abs(value) >= 10_000 else "0.###", locale=locale)


def _wants_wan(value: float, style: str) -> bool:
    """万 reads better than digits from 十万 up, and for round 万 (6万, not 60,000)."""
    if style == "full":
        return False
    if style == "compact":
        return abs(value) >= 10_000
    return abs(value) >= 100_000 or (abs(value) >= 10_000 and value % 10_000 == 0)


def _compact_zh(value: float, locale: str) -> str:
    # Babel has only the short compact form for Chinese: 162.23万, 2521.1亿.
    return format_compact_decimal(value, format_type="short", locale=locale, fraction_digits=2)


def prose_qualifier(qualifier: str | None, lang: str = "en") -> str:
    """The source's hedge phrased to read inside a sentence (``PROSE_QUALIFIERS``), "" for none."""
    return PROSE_QUALIFIERS[lang].get(qualifier or "", "")


def unsigned(number: str) -> str:
    """A growth figure without its sign, for prose that says the direction in words ("rose 110.7%")."""
    return number[1:] if number[:1] in ("+", "±") else number


def format_number(value: float, lang: str = "en", precision: int | None = None) -> str:
    """A bare number in the deck's locale (for chart axes and derived labels)."""
    return _decimal(value, precision, _locale(lang))


def format_period(as_of: str, lang: str = "en") -> str:
    """A fact's period for a slide: ISO dates per locale ("Oct 30, 2025", "2025年10月30日"),
    Chinese forms of the usual periods ("H1 2020" → "2020年上半年"), else as written."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        return format_date(date.fromisoformat(as_of), format="medium", locale=_locale(lang))
    if lang == "en" and re.fullmatch(r"\d{4}-\d{2}", as_of):
        return format_date(date.fromisoformat(as_of + "-01"), format="MMMM yyyy", locale="en")
    if lang == "zh-CN":
        return zh_period(as_of) or as_of
    return as_of


_ZH_PERIODS: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
    (r"(\d{4})", lambda m: f"{m[1]}年"),
    (r"H([12]) (\d{4})", lambda m: f"{m[2]}年{'上' if m[1] == '1' else '下'}半年"),
    (r"Q([1-4]) (\d{4})", lambda m: f"{m[2]}年第{m[1]}季度"),
    (r"by (\d{4})", lambda m: f"{m[1]}年前"),
    (r"(\d{4})-(\d{2})", lambda m: f"{m[1]}年{int(m[2])}月"),
    (r"(\d{2})(\d)0s", lambda m: f"{int(m[1]) + 1}世纪{m[2]}0年代"),
    (r"undated", lambda m: "未注明日期"),  # a fact of an undated document: never a year it does not give
)


def zh_period(as_of: str) -> str | None:
    """The Chinese form of a period written the English way ("H1 2020", "by 2030", "1980s"),
    or None when there is no rule for it (the fact wording then gives ``as_of``)."""
    for pattern, form in _ZH_PERIODS:
        match = re.fullmatch(pattern, as_of.strip())
        if match:
            return form(match)
    return None


def _locale(lang: str) -> str:
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}") from None


def _wants_compact(value: float, style: str) -> bool:
    if style == "full":
        return False
    if style == "compact":
        return abs(value) >= 10_000
    # auto: only round millions read better in words ("9 million", not "1.62 million")
    return abs(value) >= 1_000_000 and value % 1_000_000 == 0


def _decimal(value: float, precision: int | None, locale: str) -> str:
    if precision is not None:
        pattern = "#,##0" + ("." + "0" * precision if precision else "")
        return format_decimal(value, format=pattern, locale=locale)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_decimal(value, locale=locale)


def _compact(value: float, locale: str) -> str:
    return format_compact_decimal(value, format_type="long", locale=locale, fraction_digits=2)


def _join(items: list[str], lang: str) -> str:
    """A list as a reader writes it: 大岭镇、范家屯镇; "A and B", "A, B and C" ("A, B, and C and D" when
    an item holds an "and" of its own, so the last two items do not run together)."""
    if lang == "zh-CN":
        return "、".join(items)
    if len(items) < 3:
        return " and ".join(items)
    last = ", and " if " and " in items[-1] else " and "
    return ", ".join(items[:-1]) + last + items[-1]
