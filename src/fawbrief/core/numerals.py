"""What counts as a figure in slide text, whatever the script it is written in.

A figure must come from a fact, so the "number not from a fact" check and the lint
need one answer to "is there a number here?". ASCII digits are not the only way to
write one: other decimal digits (fullwidth ９, Arabic-Indic ٩), superscripts and
subscripts (⁹⁰,⁰⁰⁰), Roman numerals (Ⅸ), circled numbers (①) and Chinese numerals
(九万, 二〇二五, 三千) are figures too.

Two exceptions keep ordinary words writable. A superscript or subscript right after a
letter is an exponent or an index (km², CO₂). And Chinese, where numeral characters
are also parts of words, counts a run of numeral characters as a figure only when it
is two or more of them (九万, 十二, 二〇二五), so single ones stay words: 一汽 (FAW),
七月 (July), 星期二 (Tuesday), 零部件 (parts), 百年 (century-old), 两项 (both) — the way
"five" or "July" pass in English. Month names (十一月, 十二月) are words too, and a run
that starts with 万 or 亿 is no number (万一, "in case").
"""

from __future__ import annotations

import re
import unicodedata

CHINESE_NUMERALS = "〇零一二两三四五六七八九十百千万亿"
_CHINESE_RUN = re.compile(f"[{CHINESE_NUMERALS}]{{2,}}")
_MONTHS = {"十一", "十二"}
_DECIMAL = re.compile(r"\d")
_SCRIPTS = ("SUPERSCRIPT", "SUBSCRIPT")


def has_figure(text: str) -> bool:
    """Whether ``text`` holds a number in any script (see the module docstring)."""
    return bool(_DECIMAL.search(text)) or bool(figures(text))


def figures(text: str) -> list[str]:
    """The numbers in ``text`` written other than in decimal digits (``\\d``), in order."""
    found: list[tuple[int, str]] = []
    run: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if _other_numeral(text, index):
            if not run:
                start = index
            run.append(char)
        elif run and char in ",." and index + 1 < len(text) and _other_numeral(text, index + 1):
            run.append(char)  # ⁹⁰,⁰⁰⁰
        elif run:
            found.append((start, "".join(run)))
            run = []
    if run:
        found.append((start, "".join(run)))
    found.extend((match.start(), match.group()) for match in _CHINESE_RUN.finditer(text)
                 if _chinese_figure(text, match))
    return [token for _, token in sorted(found)]


def _other_numeral(text: str, index: int) -> bool:
    char = text[index]
    if char in CHINESE_NUMERALS or _DECIMAL.match(char) or unicodedata.numeric(char, None) is None:
        return False
    if unicodedata.category(char) not in ("No", "Nl"):
        return False  # CJK ideographs with a numeric value (廿, 卅, 兆 …) are words like any other
    if any(word in unicodedata.name(char, "") for word in _SCRIPTS):
        return not (index > 0 and text[index - 1].isalpha())  # km², CO₂: exponents and indices
    return True


def _chinese_figure(text: str, match: re.Match[str]) -> bool:
    run = match.group()
    if run[0] in "万亿":
        return False
    return not (run in _MONTHS and text[match.end():match.end() + 1] == "月")
