"""A deck rule of ``fawbrief lint``: every KPI card's figure is set at one size across the deck.

A card is a shape named ``KPI <n>`` (what the writer names its cards; ``KPI <n> accent`` is its coloured
bar, not a card). Its figure is its largest text: the effective size of its biggest run, as
``core.text_style`` resolves it and scaled by a stored ``normAutofit``. A deck whose cards show 24 pt on
one slide and 44 pt on another reads as two designs; the rule names each card that is not at the size
most of the deck's cards share (on a tie, the larger: that is the size a fit chose where there was room).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from fawbrief.core.text_style import StyleChain, qn, run_props

CARD_RULE = "card-sizes"
CARD_NAME = re.compile(r"KPI \d+")
ROUND_PT = 0.5  # sizes closer than this are one size (hundredths of a point are how sizes are stored)


def is_card(name: str) -> bool:
    """Whether a shape named ``name`` is a KPI card."""
    return bool(CARD_NAME.fullmatch(name))


def figure_size(tx_body: etree._Element, chain: StyleChain) -> float | None:
    """The card's figure size (pt): its largest run's effective size; ``None`` for a card without text."""
    scale = chain.body().font_scale
    sizes = []
    for p in tx_body.iterfind(qn("a:p")):
        style = chain.paragraph(p)
        for run in p.iterfind(qn("a:r")):
            if (run.findtext(qn("a:t")) or "").strip():
                sizes.append(run_props(run.find(qn("a:rPr")), style)[0] * scale)
    return max(sizes) if sizes else None


@dataclass
class CardSizes:
    """The figure size of every card of one deck, gathered slide by slide, then judged together."""

    cards: list[tuple[int, str, float]] = field(default_factory=list)  # (slide, shape, pt)

    def add(self, slide: int, shape: str, size: float) -> None:
        self.cards.append((slide, shape, round(size / ROUND_PT) * ROUND_PT))

    def findings(self, slide: int) -> Iterator[tuple[str, str]]:
        """``(shape, message)`` for each card of ``slide`` not at the deck's card size."""
        common = self.common()
        if common is None:
            return
        others = sorted({number for number, _, size in self.cards if size == common})
        count = sum(1 for _, _, size in self.cards if size == common)
        for number, shape, size in self.cards:
            if number == slide and size != common:
                yield shape, (f"card figure at {size:g} pt; {count} of the deck's {len(self.cards)} cards are at "
                              f"{common:g} pt (slide{'s' if len(others) > 1 else ''} "
                              f"{', '.join(map(str, others))}): one number size per deck")

    def common(self) -> float | None:
        """The deck's card size: the one most cards share, the larger on a tie; ``None`` if all agree."""
        counts = Counter(size for _, _, size in self.cards)
        if len(counts) < 2:
            return None
        return max(counts, key=lambda size: (counts[size], size))
