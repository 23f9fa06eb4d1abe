"""A golden split into slides, and the slides two versions of it differ in.

Slides are aligned on their content without the slide number first, so an inserted slide is one added slide,
not every later slide renumbered. Each changed slide keeps both versions of its section (empty when the
slide was added or removed), its number in the build (else in the golden) and its title, and the fact ids
either version records (its ``facts:`` line).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from fawbrief.read.dump_markdown import SLIDE_MARK

DECK_TITLE = "deck title"


@dataclass(frozen=True)
class SlideChange:
    """One slide that differs: ``number`` is ``"3"`` (``"deck title"`` for the file's head)."""

    number: str
    title: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        """``changed``, ``added`` (only in the build) or ``removed`` (only in the golden)."""
        return "added" if not self.before else "removed" if not self.after else "changed"

    @property
    def facts(self) -> set[str]:
        """The fact ids either version of the slide records."""
        return facts_of(self.before) | facts_of(self.after)


def split_slides(text: str) -> tuple[str, list[str]]:
    """A Markdown dump as its head (the deck title) and one section per slide."""
    head: list[str] = []
    slides: list[list[str]] = []
    for line in text.splitlines(keepends=True):
        if line.startswith(SLIDE_MARK):
            slides.append([])
        (slides[-1] if slides else head).append(line)
    return "".join(head), ["".join(slide) for slide in slides]


def slide_changes(old: str, new: str) -> list[SlideChange]:
    """The slides (and the head) in which ``old`` and ``new`` differ, in order."""
    old_head, old_slides = split_slides(old)
    new_head, new_slides = split_slides(new)
    out = []
    if old_head != new_head:
        out.append(SlideChange(DECK_TITLE, new_head.strip().removeprefix("# "), old_head, new_head))
    matcher = difflib.SequenceMatcher(a=[_unnumbered(s) for s in old_slides], b=[_unnumbered(s) for s in new_slides],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = old_slides[i1:i2], new_slides[j1:j2]
        for k in range(max(len(olds), len(news))):
            before = olds[k] if k < len(olds) else ""
            after = news[k] if k < len(news) else ""
            number, _, title = (after or before).splitlines()[0].removeprefix(SLIDE_MARK).partition(": ")
            out.append(SlideChange(number, title, before, after))
    return out


def facts_of(section: str) -> set[str]:
    """The fact ids a slide's section records on its ``facts:`` line."""
    match = re.search(r"^facts: (.*)$", section, re.M)
    return set(match[1].split(", ")) - {"(none)"} if match else set()


def _unnumbered(section: str) -> str:
    return re.sub(rf"^{SLIDE_MARK}\d+:", SLIDE_MARK, section, count=1)
