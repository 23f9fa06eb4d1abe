"""Which characters may reach a slide: one rule for facts, templates and rendered markup.

python-pptx silently writes a control character as the literal text ``_x001B_``,
XML 1.0 cannot hold most C0 controls, U+FFFE/U+FFFF or lone surrogates, and bidi
embeddings/overrides/isolates can make a slide read differently from its source.
Tab and newline are fine everywhere; carriage return is fine in raw files (CRLF
line ends), never inside a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fawbrief.core.text_metrics import BREAK_AFTER, is_wide

# The 66 noncharacters: U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+1FFFF, …).
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}"
                                            for plane in range(0, 0x110000, 0x10000))
# C0/C1 controls (tab and newline allowed), noncharacters, lone surrogates, bidi overrides.
UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{NONCHARACTERS}\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
# The same for a whole file or rendered document, where CR is a line end.
UNSAFE_RAW = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{NONCHARACTERS}\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def describe(char: str) -> str:
    """``U+001B`` for an unsafe character."""
    return f"U+{ord(char):04X}"


def first_unsafe_raw(text: str) -> tuple[str, int, int] | None:
    """The first unsafe character of a file's text and its 1-based ``(line, col)``."""
    match = UNSAFE_RAW.search(text)
    if match is None:
        return None
    pos = match.start()
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return match.group(), line, col


def unsafe_in_tree(root: object) -> Iterator[tuple[int, object, str]]:
    """``(slide number, element, char)`` for each element of parsed slide markup holding
    an unsafe character in its text, tail or attributes (character references such as
    ``&#x85;`` only show up after parsing). Slide number 0 is the deck element."""
    slides = list(root)  # type: ignore[call-overload]
    for number, element in enumerate([root, *slides]):
        nodes = [element] if number == 0 else element.iter()  # type: ignore[attr-defined]
        for node in nodes:
            values = [node.text or "", node.tail or "", *node.attrib.values()]
            for value in values:
                match = UNSAFE.search(value)
                if match:
                    yield number, node, match.group()
                    break


def join_layout_breaks(text: str, mark: str = "\v") -> str:
    """``text`` with the line breaks (``mark``) that only lay it out removed: a break after a space or a
    dash (the writer breaks English there and keeps the character) or beside a wide character (Chinese has no spaces
    between words, so a break there divides nothing). Other breaks stay, as ``mark``."""
    if mark not in text:
        return text
    out = []
    for i, char in enumerate(text):
        if char == mark:
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if before in BREAK_AFTER or (before and is_wide(before)) or (after and is_wide(after)):
                continue
        out.append(char)
    return "".join(out)
