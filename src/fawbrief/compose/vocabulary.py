"""The slide markup's vocabulary as data: every element, its attributes, what it may hold.

The parser (``markup``, ``markup_charts``) reads the markup; this table says what may be
written, so a misspelt attribute (``lable=``, ``levle="1"``) or element (``<kip>``) and an
element in the wrong place are input errors with "did you mean", at the template line
where they were written, instead of being ignored. The docs' template reference
(docs/reference/templates.md) describes each entry; a test keeps the two in step.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from fawbrief.compose.source_lines import ATTRIBUTE

#: Elements whose content is text: words, and ``<f>`` markers that ``fact()``, ``asof()``, ``cite()`` … write.
TEXT = ("f",)


@dataclass(frozen=True)
class Element:
    """One element of the vocabulary: the attributes it takes and the elements it may hold."""

    attributes: tuple[str, ...] = ()
    children: tuple[str, ...] = ()


VOCABULARY: dict[str, Element] = {
    "deck": Element(("title",), ("slide",)),
    "slide": Element(("layout", "key"), ("title", "subtitle", "bullet", "kpi", "chart", "table", "timeline",
                                         "notes")),
    "title": Element(children=TEXT),
    "subtitle": Element(children=TEXT),
    "bullet": Element(("level",), TEXT),
    "kpi": Element(("fact", "label", "style")),
    "chart": Element(("kind", "unit", "title"), ("series",)),
    "series": Element(("name", "role", "emphasis"), ("point",)),
    "point": Element(("fact", "label", "note", "style", "emphasis")),
    "table": Element(children=("tr",)),
    "tr": Element(children=("th", "td")),
    "th": Element(children=TEXT),
    "td": Element(children=TEXT),
    "timeline": Element(children=("event",)),
    "event": Element(children=("when", "what")),
    "when": Element(children=TEXT),
    "what": Element(children=TEXT),
    "notes": Element(children=("p",)),
    "p": Element(children=TEXT),
    "f": Element(("id",)),
}

Report = Callable[[str, etree._Element, str | None], None]


def check_vocabulary(root: etree._Element, report: Report) -> list[etree._Element]:
    """Every element and attribute under ``root`` against the vocabulary; each problem goes to
    ``report(message, element, hint)``. Returns the elements found wrong, so the parser can
    leave them out instead of reporting them a second time."""
    bad: list[etree._Element] = []
    for element in root.iter():
        if not isinstance(element.tag, str):  # a processing instruction or an entity (comments are removed)
            report("slide markup holds only elements and text", element, None)
            bad.append(element)
            continue
        known = VOCABULARY.get(element.tag)
        parent = element.getparent()
        if known is None:
            report(f"unknown element <{element.tag}>", element, _close(element.tag, VOCABULARY))
            bad.append(element)
            continue
        if parent is not None and parent.tag in VOCABULARY and element.tag not in VOCABULARY[parent.tag].children:
            allowed = VOCABULARY[parent.tag].children
            report(f"<{parent.tag}> may not hold <{element.tag}>", element,
                   f"it holds {', '.join(f'<{tag}>' for tag in allowed)}" if allowed else "it holds text only")
            bad.append(element)
        for name in element.attrib:
            if name != ATTRIBUTE and name not in known.attributes:
                choices = ", ".join(known.attributes) or "none"
                hint = _close(name, known.attributes) or f"<{element.tag}> takes: {choices}"
                report(f"<{element.tag}>: unknown attribute {name!r}", element, hint)
    return bad


def _close(name: str, known: object) -> str | None:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)  # type: ignore[call-overload]
    return f"did you mean {close[0]!r}?" if close else None
