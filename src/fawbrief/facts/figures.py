"""Figures as the documents write them: ``"1,622,279"``, ``"252.11 billion"``, ``"seven"``.

The citation checks parse a fact's ``figure`` (the number exactly as its excerpt writes it) and compare it
with the fact's value, and find the hedge the excerpt puts before it ("over", "nearly"). English only: the
source documents are English; a project with sources in another language adds its number words here.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000,
}
SCALES = {"million": 10**6, "billion": 10**9}
#: The qualifier a fact may carry → the words that say it in an excerpt.
HEDGES = {"exceeding": "exceeding", "over": "over", "more_than": "more than", "nearly": "nearly",
          "about": "about", "up_to": "up to"}
_DIGITS = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?: (million|billion))?")
_HEDGE_BEFORE = re.compile(r"\b(exceeding|over|more than|nearly|about|up to)\s+(?:RMB\s+)?$")


def parse_figure(text: str) -> Decimal | None:
    """``"1,622,279"`` → 1622279, ``"252.11 billion"`` → 252110000000, ``"Six"`` → 6; None if not a figure."""
    match = _DIGITS.fullmatch(text)
    if match:
        whole, fraction, scale = match.groups()
        try:
            number = Decimal(whole.replace(",", "") + (fraction or ""))
        except InvalidOperation:
            return None
        return number * SCALES[scale] if scale else number
    if text.lower() in WORDS:
        return Decimal(WORDS[text.lower()])
    return None


def occurrences(figure: str, text: str) -> list[int]:
    """Where ``figure`` stands in ``text`` as a whole number ("30" not inside "300" or "1,030")."""
    if not figure:
        return []
    if figure[0].isdigit():
        pattern = rf"(?<![\d,.]){re.escape(figure)}(?![\d]|[,.]\d)"
    else:
        pattern = rf"\b{re.escape(figure)}\b"
    return [m.start() for m in re.finditer(pattern, text, flags=re.IGNORECASE)]


def hedge_before(text: str, at: int) -> str | None:
    """The qualifier key whose words stand right before offset ``at`` ("over 100" → ``over``), else None."""
    match = _HEDGE_BEFORE.search(text[:at])
    if not match:
        return None
    return next(key for key, words in HEDGES.items() if words == match.group(1))
