"""``fawbrief diff``: what one audience variant includes and omits relative to another.

Slides are matched by their ``key``; a slide in both is "same" when its whole
model is equal, else "reworded" (the titles are shown). The report is plain
text, one line per slide, in the order of the first variant with the second's
extra slides where they appear.
"""

from __future__ import annotations

from dataclasses import dataclass

from fawbrief.model.slides import DeckSpec, Slide, plain


@dataclass(frozen=True)
class SlideChange:
    """One line of a variant comparison: a mark, the slide's key and its text."""

    mark: str  # "=" same, "~" reworded, "-" only in A, "+" only in B
    key: str
    text: str


def compare(a: DeckSpec, b: DeckSpec) -> list[SlideChange]:
    """Slide-by-slide comparison of two variants of one deck."""
    by_key_a = {s.key: s for s in a.slides}
    by_key_b = {s.key: s for s in b.slides}
    changes: list[SlideChange] = []
    b_index = 0
    for slide in a.slides:
        if slide.key in by_key_b:
            b_keys = [s.key for s in b.slides]
            position = b_keys.index(slide.key)
            for extra in b.slides[b_index:position]:
                if extra.key not in by_key_a:
                    changes.append(SlideChange("+", extra.key, f"only in {b.audience}: {_title(extra)}"))
            b_index = max(b_index, position + 1)
            changes.append(_pair(slide, by_key_b[slide.key]))
        else:
            changes.append(SlideChange("-", slide.key, f"only in {a.audience}: {_title(slide)}"))
    for extra in b.slides[b_index:]:
        if extra.key not in by_key_a:
            changes.append(SlideChange("+", extra.key, f"only in {b.audience}: {_title(extra)}"))
    return changes


def _pair(left: Slide, right: Slide) -> SlideChange:
    if left == right:
        return SlideChange("=", left.key, f"same: {_title(left)}")
    if plain(left.title) == plain(right.title):
        return SlideChange("~", left.key, f"same title, different content: {_title(left)}")
    return SlideChange("~", left.key, f"reworded: {_title(left)!r} → {_title(right)!r}")


def _title(slide: Slide) -> str:
    return plain(slide.title)


def report(a: DeckSpec, b: DeckSpec) -> str:
    """The comparison of two variants as text: one line per slide, then counts and order."""
    changes = compare(a, b)
    width = max((len(c.key) for c in changes), default=4)
    lines = [f"{a.deck}: {a.audience} ({len(a.slides)} slides) vs {b.audience} ({len(b.slides)} slides)"]
    lines += [f"  {c.mark} {c.key:<{width}}  {c.text}" for c in changes]
    counts = {mark: sum(1 for c in changes if c.mark == mark) for mark in "=~-+"}
    order_a = [s.key for s in a.slides if s.key in {t.key for t in b.slides}]
    order_b = [s.key for s in b.slides if s.key in {t.key for t in a.slides}]
    lines.append(
        f"{counts['=']} same, {counts['~']} changed, {counts['-']} only in {a.audience}, "
        f"{counts['+']} only in {b.audience}" + ("; shared slides in a different order" if order_a != order_b else "")
    )
    return "\n".join(lines)
