"""Two line rules of ``fawbrief lint``: an orphan last word in a title, and a line break inside a number
and its unit.

**Orphan title word.** A title that takes more than one line (wrapped, or broken by the writer) must not
end on a line holding a single word: "…in 7 decades" with "7 decades" alone below reads as an
afterthought. A number counts with the word beside it ("7 decades", "H1 2020", "60,000 units" are one
word here: breaking inside them is the other rule's business), so such a last line is an orphan too. In
text set without spaces (Chinese) a last line of at most ``CJK_ORPHAN_CHARS`` characters is the orphan.

**Number and unit.** No line may end inside a number and what it counts. The spans that must stay whole:

- a number glued to the letter after it (text set without spaces), after the locale's compact
  multiplier if there is one (``137届``, ``2030年``, ``50万辆``, ``1000亿元``); the multipliers are the
  locale's own (Babel's compact decimal formats: 万, 亿 in Chinese), so no word list is kept here (and
  a break between an ordinal prefix and its number, ``第/137``, is not caught: that would need one);
- a number followed by one of the locale's long multipliers ("9 million", "RMB 100 billion");
- for decks fawbrief wrote, every numeric fact the slide records, as the deck's language writes it,
  without its qualifier ("60,000 units", "RMB 100 billion", "6万辆").

Both rules measure lines with the writer's metrics (``lint_lines``); where the writer wrote the breaks
itself, those breaks are what is judged.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

from babel import Locale, UnknownLocaleError

from fawbrief.core.text_metrics import has_wide, is_wide
from fawbrief.facts.base import FactBase
from fawbrief.facts.formatting import format_fact
from fawbrief.read.lint_lines import Paragraph

ORPHAN_RULE = "title-orphan"
BREAK_RULE = "number-unit-break"
CJK_ORPHAN_CHARS = 2  # the brief's measure: a Chinese title's last line of 1–2 characters is an orphan
_DIGIT = re.compile(r"\d")


def orphan_title(paragraphs: list[Paragraph]) -> Iterator[str]:
    """The finding for a title whose last line is one word (its ``paragraphs`` as laid out)."""
    lines = [line for paragraph in paragraphs for line in paragraph.lines if line.strip()]
    if len(lines) < 2:
        return
    last = lines[-1].strip()
    if has_wide(last):
        shown = [char for char in last if not char.isspace()]
        if len(shown) <= CJK_ORPHAN_CHARS:
            yield (f'title ends on a line of {len(shown)} character{"s" if len(shown) > 1 else ""} '
                   f'("{last}"): break it into balanced lines')
        return
    if _words(last) == 1:
        yield f'title ends on a line of one word ("{last}"): break it into balanced lines'


def _words(line: str) -> int:
    """Words on a line, a number counted with the word after it (last on the line, with the one before)."""
    groups: list[list[str]] = []
    joining = False
    for token in line.split():
        if joining:
            groups[-1].append(token)
        else:
            groups.append([token])
        joining = bool(_DIGIT.search(token)) and not joining
    if len(groups) > 1 and len(groups[-1]) == 1 and _DIGIT.search(groups[-1][0]) and len(groups[-2]) == 1:
        groups[-2:] = [groups[-2] + groups[-1]]  # "in 2020": the number closes on the word before it
    return len(groups)


class Spans:
    """What a slide's lines may not break inside: number patterns for the deck's locale, plus the
    slide's own facts as shown (``facts``)."""

    def __init__(self, language: str, facts: Iterable[str] = ()) -> None:
        short, long = _multipliers(language)
        mult = "|".join(map(re.escape, sorted(short, key=len, reverse=True))) or "(?!)"
        words = "|".join(map(re.escape, sorted(long, key=len, reverse=True))) or "(?!)"
        self._glued = re.compile(rf"\d[\d,.]*(?:(?:{mult})(?=[^\W\d_]))?[^\W\d_]?")
        self._long = re.compile(rf"\d[\d,.]*\s+(?:{words})\b", re.IGNORECASE)
        self._facts = tuple(sorted({text for text in facts if text and _DIGIT.search(text)}, key=len,
                                   reverse=True))

    def broken(self, paragraph: Paragraph) -> Iterator[str]:
        """A finding for each line end of ``paragraph`` that falls inside a span."""
        spans = self._spans(paragraph.text)
        for offset, written in paragraph.ends:
            inside = next(((start, end) for start, end in spans if start < offset < end
                           and paragraph.text[start:offset].strip() and paragraph.text[offset:end].strip()), None)
            if inside is None:
                continue
            start, end = inside
            how = "a written line break" if written else "the line wraps"
            yield (f'{how} inside "{paragraph.text[start:end]}" ("{paragraph.text[start:offset].strip()}" | '
                   f'"{paragraph.text[offset:end].strip()}"): keep a number with its unit on one line')

    def _spans(self, text: str) -> list[tuple[int, int]]:
        spans = [match.span() for match in self._glued.finditer(text) if _glued_to_letters(text, *match.span())]
        spans += [match.span() for match in self._long.finditer(text)]
        for shown in self._facts:
            start = text.find(shown)
            while start >= 0:
                spans.append((start, start + len(shown)))
                start = text.find(shown, start + 1)
        return spans


def _glued_to_letters(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` ends in a letter (a unit or measure word written onto it)."""
    return end > start and unicodedata.category(text[end - 1])[0] == "L"


@functools.cache
def _multipliers(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """The locale's compact multipliers: the short ones written onto a number (万, 亿; K, M in English)
    and the long ones written as words after it (thousand, million, billion). No ``language`` (a deck
    that records none, not one of ours) means no locale to ask: no multipliers, rather than a language
    named here in code (languages are data: the linter passes a deck of ours its project's language)."""
    if not language:
        return frozenset(), frozenset()
    try:
        locale = Locale.parse(language, sep="-" if "-" in language else "_")
    except (UnknownLocaleError, ValueError, TypeError):
        return frozenset(), frozenset()
    formats = locale.compact_decimal_formats
    return _affixes(formats.get("short", {})), _affixes(formats.get("long", {}))


def _affixes(formats: object) -> frozenset[str]:
    found: set[str] = set()
    for plurals in getattr(formats, "values", dict)():
        for pattern in getattr(plurals, "values", dict)():
            text = getattr(pattern, "pattern", str(pattern))
            for part in re.split(r"[0#.,;\s'¤]+", text):
                if part and any(char.isalpha() for char in part):
                    found.add(part)
    return frozenset(found)


def fact_texts(shown: Iterable[str]) -> list[str]:
    """The unbreakable part of each fact as shown: from its first number (in text with spaces, from a
    currency code written in capitals right before it) to its end; the qualifier before it may break."""
    texts = []
    for text in shown:
        match = _DIGIT.search(text)
        if match is None:
            continue
        start = match.start()
        if not is_wide(text[start - 1] if start else " "):
            before = text[:start].rstrip().split(" ")
            if before and before[-1].isupper() and before[-1].isalpha() and start and text[start - 1] == " ":
                start -= len(before[-1]) + 1
            else:
                while start and not text[start - 1].isspace() and not is_wide(text[start - 1]):
                    start -= 1
        texts.append(text[start:].strip())
    return texts


def shown_facts(factbase: FactBase, fact_id: str) -> tuple[str, ...]:
    """A numeric fact's texts as ``factbase``'s language shows them (every style), its qualifier off."""
    try:
        fact = factbase.get(fact_id)
    except Exception:  # a record naming a fact the base no longer has: nothing to keep whole
        return ()
    if isinstance(fact.value, str):
        return ()
    return tuple(dict.fromkeys(fact_texts(format_fact(fact, factbase.language, style).text
                                          for style in ("auto", "full", "compact"))))
