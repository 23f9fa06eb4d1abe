"""Where Chinese text may break between lines: between words, never inside a word or a number and its unit.

PowerPoint and LibreOffice break East Asian text between any two characters ("下/线", "品/牌", "50万/辆",
"第137/届"), and ignore U+2060 (word joiner) between them, so the writer decides the breaks itself
(``write/line_breaks``) from the break opportunities given here. Words come from jieba's dictionary
(``jieba`` 0.42, with its HMM for names the dictionary lacks); then a number, with a leading 第 and the
units and measure words that follow it (50万辆, 第137届, 2030年, 162.23万, 2025年10月30日), is one word; no
line starts with closing punctuation (，。、）” …) or ends with opening punctuation (（“《 …); a hyphen
between two Chinese words (一汽-大众) is no break. Latin text keeps its own opportunities (after spaces
and dashes).

jieba's dictionary is loaded once per process, on first use, without its log lines on stderr and without
its cache file in the temporary folder (``_tokenizer``): about 0.6 s, paid only by decks that need it.
"""

from __future__ import annotations

import functools
import re
import warnings
from typing import Any

from fawbrief.core.text_metrics import BREAK_AFTER, is_wide

#: Punctuation no line starts with (CLREQ's line-start prohibition), nor a percent sign or a unit symbol.
CLOSING = frozenset("，。、；：！？）」』”’》〉】〕…—·%％,.;:!?)]}")
#: Punctuation no line ends with.
OPENING = frozenset("（「『“‘《〈【〔([{")
#: Units and measure words that stay with the number before them (50万辆, 137届, 2030年, 471平方公里).
UNITS = frozenset({
    "万", "亿", "千", "百", "十", "万亿", "千万", "百万", "年", "月", "日", "号", "届", "辆", "台", "个", "家", "项",
    "款", "倍", "元", "人", "名", "次", "座", "条", "种", "代", "期", "位", "轮", "批", "场", "份", "笔", "篇", "所",
    "吨", "米", "公里", "平方公里", "平方米", "岁", "周年", "年代", "世纪", "季度", "小时", "天", "分钟", "余", "多",
    "个月", "成", "强", "余家", "多家", "万辆", "万台", "亿元", "万元", "千米", "英里", "周", "层", "辆车", "余辆",
    "万人", "万名", "亿人", "万平方米", "多个", "余个", "多项", "余项", "年度",
    "上半年", "下半年", "前三季度",  # after 年: one period (2019年上半年), never "2019年 / 上半年"
})
NUMBER = re.compile(r"第?[+\-−±]?\d[\d,.]*%?")


@functools.cache
def _tokenizer() -> Any:
    """jieba's tokenizer with its dictionary loaded, once per process: quietly (``Tokenizer.initialize``
    logs to stderr and writes a cache file in the temporary folder; this builds the same prefix
    dictionary from the same file and does neither)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba may import pkg_resources, which warns on new setuptools
        import jieba
    tokenizer = jieba.Tokenizer()
    with tokenizer.get_dict_file() as dictionary:
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(dictionary)
    tokenizer.initialized = True
    return tokenizer


def words(text: str) -> list[str]:
    """``text`` as jieba's words (their concatenation is ``text``)."""
    return list(_tokenizer().cut(text, HMM=True))


@functools.lru_cache(maxsize=4096)
def break_points(text: str) -> frozenset[int]:
    """The positions ``i`` (0 < i < len(text)) where a line may break before ``text[i]``, for text with
    Chinese in it; for text without, the Latin opportunities (after spaces and dashes)."""
    if not any(is_wide(char) for char in text):
        return frozenset(i for i in range(1, len(text)) if text[i - 1] in BREAK_AFTER)
    tokens = words(text)
    starts, position = [], 0
    for token in tokens:
        starts.append(position)
        position += len(token)
    allowed = set(starts[1:])
    allowed -= _inside_numbers(text, tokens, starts)
    allowed -= _inside_latin(text)
    return frozenset(i for i in allowed if _may_break(text, i))


def _inside_numbers(text: str, tokens: list[str], starts: list[int]) -> set[int]:
    """Positions inside a number with its 第 and the units after it, and between such numbers written
    together (2025年10月30日)."""
    inside: set[int] = set()
    ends = {start + len(token): n for n, (start, token) in enumerate(zip(starts, tokens, strict=True))}
    last_end = -1
    for match in NUMBER.finditer(text):
        start, end = match.span()
        n = ends.get(end)
        while n is not None and n + 1 < len(tokens) and tokens[n + 1] in UNITS:  # units up to the next word
            n += 1
            end += len(tokens[n])
        if start == last_end:  # a number right after the last one's unit: one date, one figure
            inside.add(start)
        inside.update(range(start + 1, end))
        last_end = end
    return inside


def _inside_latin(text: str) -> set[int]:
    """Positions inside a Latin word or number (SPRINT, H1, 3.5): no break without a space or a dash."""
    return {i for i in range(1, len(text))
            if not is_wide(text[i - 1]) and not is_wide(text[i]) and text[i - 1] not in BREAK_AFTER
            and not text[i].isspace()}


def _may_break(text: str, i: int) -> bool:
    """Whether the line-start and line-end rules allow a break before ``text[i]``."""
    before, after = text[i - 1], text[i]
    hyphen = before in "-‐‑" or after in "-‐‑"  # 一汽-大众: a compound's hyphen joins
    return not (after in CLOSING or before in OPENING or after.isspace() or hyphen)
