"""``fawbrief lint``: what would embarrass a deck in the room, found before it ships.

Checks, per shape: text that does not fit its box at the size it is set
(``core/text_fit``, real font metrics, for the theme's Latin faces), a word or figure too
wide for any line, text below 12 pt (but not a slide number, date or footer the master
styles: lint judges what the deck put on the slide), shapes outside the slide, pictures and charts without alt text,
pictures below 150 dpi at their placed size, empty placeholders, and, for decks
fawbrief wrote (core keywords ``fawbrief``), numbers in slide text that trace to no
fact (``lint_numbers``). The grid rules judge what a good slide looks like: a content slide
whose body area is mostly unused (``lint_space``), KPI card figures at more than one size in a
deck (``lint_cards``), a title ending on a one-word line and a line break inside a number and its
unit (``lint_breaks``, lines measured by ``lint_lines``). Works on any ``.pptx``; ``build --strict``
runs it on the decks in memory before publishing. Findings name the deck, the slide and the shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.shapes.base import BaseShape
from pptx.slide import Slide

from fawbrief.core.errors import CheckFailed, escape_control
from fawbrief.core.progress import Progress, counted
from fawbrief.core.slide_facts import read_facts
from fawbrief.core.text_fit import TextFit, measure, measure_table
from fawbrief.core.text_metrics import FontMetrics, default_metrics, metrics_for
from fawbrief.core.text_style import StyleChain, cell_chain, shape_chain
from fawbrief.core.units import EMU_PER_PT
from fawbrief.facts.base import FactBase
from fawbrief.read.claim_words import ClaimWords, load_claim_words
from fawbrief.read.lint_breaks import BREAK_RULE, ORPHAN_RULE, Spans, orphan_title, shown_facts
from fawbrief.read.lint_cards import CARD_RULE, CardSizes, figure_size, is_card
from fawbrief.read.lint_lines import laid_out
from fawbrief.read.lint_numbers import NumberIndex, orphans
from fawbrief.read.lint_periods import DEFAULT_FRESHNESS_YEARS
from fawbrief.read.lint_shapes import Box, alt_text, outside, picture, table_cells, walk
from fawbrief.read.lint_space import SPACE_RULE, space_findings
from fawbrief.read.lint_words import DeckWords, deck_words
from fawbrief.read.package import broken_package, open_bytes, open_file
from fawbrief.resources import builtin_root

MIN_SIZE_PT = 12.0
MASTER_STYLED = ("sldNum", "dt", "ftr")  # placeholders whose text and style the master gives
OUR_KEYWORDS = "fawbrief"


@dataclass(frozen=True)
class Finding:
    """One problem: where it is (deck, slide number, shape name), what it is, and the id of the rule that
    found it when the rule has one (the grid rules: ``slide-too-empty``, ``card-sizes``, ``title-orphan``,
    ``number-unit-break``), shown at the end of the line in brackets."""

    deck: str
    slide: int
    shape: str
    message: str
    rule: str = ""

    def __str__(self) -> str:
        tag = f" [{self.rule}]" if self.rule else ""
        return escape_control(f'{self.deck}: slide {self.slide}: "{self.shape}": {self.message}{tag}')


class _Ruled(str):
    """A finding's message that knows the id of its rule."""

    rule = ""


def _ruled(rule: str, messages: Iterable[str]) -> Iterator[str]:
    for message in messages:
        tagged = _Ruled(message)
        tagged.rule = rule
        yield tagged


class Linter:
    """Lints decks; the font metrics and the fact index are loaded once and reused."""

    def __init__(self, factbase: FactBase | Callable[[], FactBase] | None = None,
                 data_dir: Path | None = None, freshness_years: int = DEFAULT_FRESHNESS_YEARS,
                 grid: bool = True) -> None:
        self._factbase = factbase
        self._grid = grid  # False: not issue 16's grid rules (what build's own layout check leaves out)
        self._data_dir = data_dir  # its i18n/<lang>/claims.yaml, else the built-in project's
        self._freshness_years = freshness_years
        self._numbers: dict[str, NumberIndex] = {}  # per deck language
        self._shown: dict[tuple[str, str], tuple[str, ...]] = {}  # (language, fact) → its texts as shown
        self._metrics: FontMetrics | None = None

    @property
    def metrics(self) -> FontMetrics:
        if self._metrics is None:
            self._metrics = default_metrics()
        return self._metrics

    def factbase(self) -> FactBase | None:
        """The fact base, loaded on the first deck of ours (``None`` without one)."""
        if callable(self._factbase):
            self._factbase = self._factbase()  # loaded once
        return self._factbase

    def words(self, prs: Any) -> DeckWords | None:
        """The word rules' context for the deck ``prs`` (``None`` without a fact base)."""
        factbase = self.factbase()
        if factbase is None:
            return None
        lang = _deck_language(prs, factbase)
        claims = _claim_words(self._data_dir, lang, factbase.languages.get(lang).spaced)
        return deck_words(prs, factbase, lang, claims, self._freshness_years)

    def numbers(self, prs: Any) -> NumberIndex | None:
        """The fact index in the deck's language (``core_properties.language``: a Chinese deck shows
        162.23万, not 1,622,279), loaded on the first deck of ours (``None`` without a fact base)."""
        factbase = self.factbase()
        if factbase is None:
            return None
        lang = _deck_language(prs, factbase)
        if lang not in self._numbers:
            self._numbers[lang] = NumberIndex(factbase.localized(lang))
        return self._numbers[lang]

    def spans(self, prs: Any, slide: Slide) -> Spans:
        """What lines on ``slide`` may not break inside: number patterns of the deck's locale and, in a
        deck of ours, the numeric facts the slide records as the deck's language shows them."""
        code = prs.core_properties.language or ""
        factbase = self.factbase() if (prs.core_properties.keywords or "").strip() == OUR_KEYWORDS else None
        if factbase is None:
            return Spans(code)
        lang = _deck_language(prs, factbase)  # a deck of ours: its language as the project's data names it
        recorded = read_facts(slide._element)
        if not recorded:
            return Spans(lang)
        texts: list[str] = []
        for fact_id in recorded:
            key = (lang, fact_id)
            if key not in self._shown:
                self._shown[key] = shown_facts(factbase.localized(lang), fact_id)
            texts.extend(self._shown[key])
        return Spans(lang, texts)

    def lint_file(self, path: Path) -> list[Finding]:
        """Every finding in the deck at ``path`` (vetted before it is read: ``read/package``)."""
        prs = open_file(Path(path))
        with broken_package(path):
            return self._lint(prs, str(path))

    def lint_bytes(self, data: bytes, name: str) -> list[Finding]:
        """Every finding in the deck ``data``, in slide order; ``name`` labels them."""
        prs = open_bytes(data, name)
        with broken_package(name):
            return self._lint(prs, name)

    def _lint(self, prs: Any, name: str) -> list[Finding]:
        ours = (prs.core_properties.keywords or "").strip() == OUR_KEYWORDS
        numbers = self.numbers(prs) if ours else None
        if numbers is not None:
            created = prs.core_properties.created
            numbers = numbers.built(created.date() if created is not None else None)
        words = self.words(prs) if ours else None
        root = prs.part._element
        size = (float(prs.slide_width or 0), float(prs.slide_height or 0))
        per_slide: list[list[Finding]] = []
        metrics = metrics_for(theme_faces(prs))
        cards = CardSizes()
        for number, slide in enumerate(prs.slides, start=1):
            allowed = numbers.allowed(read_facts(slide._element)) if numbers is not None else None
            check = _SlideCheck(metrics, slide, root, size, allowed, self.spans(prs, slide) if self._grid else None,
                                cards, number)
            found = [Finding(name, number, shape, str(message), getattr(message, "rule", ""))
                     for shape, message in check.run()]
            if self._grid:
                found.extend(Finding(name, number, shape, message, SPACE_RULE)
                             for shape, message in space_findings(slide, metrics, root, size))
            if words is not None:
                found.extend(Finding(name, number, shape, message) for shape, message in words.slide(slide))
            per_slide.append(found)
        return [finding for number, found in enumerate(per_slide, start=1)
                for finding in (*found, *(Finding(name, number, shape, message, CARD_RULE)
                                          for shape, message in cards.findings(number)))]


def theme_faces(prs: Any) -> list[str]:
    """The Latin typefaces of the deck's theme (major and minor), which its text is measured for."""
    try:
        theme = etree.fromstring(prs.slide_master.part.part_related_by(RT.THEME).blob)
    except (KeyError, IndexError, etree.XMLSyntaxError):
        return []
    return [face.get("typeface") or "" for face in
            theme.iterfind(f".//{qn('a:fontScheme')}/*/{qn('a:latin')}")]


class _SlideCheck:
    def __init__(self, metrics: FontMetrics, slide: Slide, presentation: etree._Element,
                 size: tuple[float, float], allowed: set[str] | None, spans: Spans | None, cards: CardSizes,
                 number: int) -> None:
        self.metrics = metrics
        self.layout = slide.slide_layout._element
        self.master = slide.slide_layout.slide_master._element
        self.presentation = presentation
        self.slide = slide
        self.size = size
        self.allowed = allowed
        self.spans = spans
        self.cards = cards
        self.number = number

    def run(self) -> Iterator[tuple[str, str]]:
        for shape, box in walk(self.slide.shapes, None):
            name = shape.name or f"shape {shape.shape_id}"
            for message in self._shape(shape, box):
                yield name, message

    def _shape(self, shape: BaseShape, box: Box) -> Iterator[str]:
        yield from outside(box, shape.rotation if hasattr(shape, "rotation") else 0.0, self.size)
        element = shape._element
        tag = etree.QName(element).localname
        if tag == "sp":
            yield from self._text_shape(element, box, shape.name or "")
        elif tag == "pic":
            yield from picture(shape, box)
        elif tag == "graphicFrame":
            yield from self._frame(shape, box)

    def _text_shape(self, sp: etree._Element, box: Box, name: str) -> Iterator[str]:
        tx_body = sp.find(qn("p:txBody"))
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        has_text = tx_body is not None and any((t.text or "").strip() for t in tx_body.iter(qn("a:t")))
        if ph is not None and not has_text:
            yield "empty placeholder (PowerPoint shows its prompt text; remove it)"
        if not has_text:
            return
        chain = shape_chain(sp, self.layout, self.master, self.presentation)
        fit = measure(tx_body, chain, int(box.width), int(box.height), self.metrics)
        yield from _fit_messages(fit, sizes=_deck_sized(ph, tx_body))
        if self.allowed is not None and (ph is None or ph.get("type") != "sldNum"):
            yield from _orphan_messages(_visible_text(tx_body), self.allowed)
        if (ph is not None and ph.get("type") in MASTER_STYLED) or self.spans is None:  # None: no grid rules
            return
        paragraphs = laid_out(tx_body, chain, int(box.width), self.metrics)
        if ph is not None and ph.get("type") in ("title", "ctrTitle"):
            yield from _ruled(ORPHAN_RULE, orphan_title(paragraphs))
        for paragraph in paragraphs:
            yield from _ruled(BREAK_RULE, self.spans.broken(paragraph))
        if is_card(name) and (figure := figure_size(tx_body, chain)) is not None:
            self.cards.add(self.number, name, figure)

    def _frame(self, shape: Any, box: Box) -> Iterator[str]:
        if shape.has_chart:
            if not alt_text(shape._element):
                yield "chart has no alt text (state its data in the shape's description)"
            return
        if not shape.has_table:
            return
        tbl = shape._element.find(f".//{qn('a:tbl')}")

        def chain_for(tc: etree._Element) -> StyleChain:
            return cell_chain(tc, self.master, self.presentation)

        needed, cells = measure_table(tbl, chain_for, self.metrics)
        if needed > box.height / EMU_PER_PT + 1.0:
            yield (f"table does not fit its frame: its rows grow to {_inches(needed)} in, "
                   f"the frame is {_inches(box.height / EMU_PER_PT)} in")
        for row, col, fit in cells:
            where = f"row {row + 1}, column {col + 1}: "
            yield from (where + message for message in _fit_messages(fit, rows_grow=True))
            if self.allowed is not None:
                yield from (where + message for message in _orphan_messages(fit.text, self.allowed))
        for row, col, tc, width in table_cells(tbl) if self.spans is not None else ():
            for paragraph in laid_out(tc.find(qn("a:txBody")), chain_for(tc), width, self.metrics):
                yield from _ruled(BREAK_RULE, (f"row {row + 1}, column {col + 1}: {message}"
                                               for message in self.spans.broken(paragraph)))


def _deck_sized(ph: etree._Element | None, tx_body: etree._Element) -> bool:
    """Whether the text's size is the deck's to answer for: anything but a slide number, date or footer
    placeholder left at the master's own style (pandoc's reference sets its slide numbers at 9 pt)."""
    if ph is None or ph.get("type") not in MASTER_STYLED:
        return True
    return any(rpr.get("sz") for rpr in tx_body.iter(qn("a:rPr"))) or tx_body.find(
        f"{qn('a:lstStyle')}/*") is not None


def _fit_messages(fit: TextFit, rows_grow: bool = False, sizes: bool = True) -> Iterator[str]:
    if fit.too_tall and not rows_grow:
        yield (f"text does not fit its box: needs {_inches(fit.needed)} in, has {_inches(fit.available)} in "
               f"at {_sizes(fit.sizes)} ({_excerpt(fit.text)})")
    if fit.too_wide:
        yield (f"text does not fit the width of its box: {_inches(fit.widest)} in wide, "
               f"room for {_inches(fit.room)} in ({_excerpt(fit.text)})")
    if fit.split_words:
        words = ", ".join(f"'{_excerpt(word, 40)}'" for word in fit.split_words[:3])
        more = f" and {len(fit.split_words) - 3} more" if len(fit.split_words) > 3 else ""
        yield f"{words}{more} wider than the box: breaks mid-word"
    small = [size for size in fit.sizes if size < MIN_SIZE_PT - 0.01]
    if small and sizes:
        yield f"text at {min(small):g} pt is below {MIN_SIZE_PT:g} pt ({_excerpt(fit.text)})"


def _orphan_messages(text: str, allowed: set[str]) -> Iterator[str]:
    found = orphans(text, allowed)
    if found:
        yield f"number{'s' if len(found) > 1 else ''} {', '.join(found)} trace{'' if len(found) > 1 else 's'} " \
              f"to no fact on this slide ({_excerpt(text)})"


def _visible_text(tx_body: etree._Element) -> str:
    """Text as shown, less slide-number and date fields."""
    lines = []
    for p in tx_body.iter(qn("a:p")):
        parts = [t.text or "" for t in p.iter(qn("a:t")) if etree.QName(t.getparent()).localname != "fld"]
        lines.append("".join(parts))
    return "\n".join(lines)


def _inches(points: float) -> str:
    return f"{points / 72:.2f}"


def _sizes(sizes: tuple[float, ...]) -> str:
    distinct = sorted(set(sizes), reverse=True)
    return "/".join(f"{size:g}" for size in distinct[:3]) + " pt"


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _claim_words(data_dir: Path | None, lang: str, spaced: bool) -> ClaimWords | None:
    """The project's claim words for ``lang``, else the built-in project's."""
    found = load_claim_words(data_dir, lang, spaced) if data_dir is not None else None
    return found or load_claim_words(builtin_root() / "data", lang, spaced)


def _deck_language(prs: Any, factbase: FactBase) -> str:
    """The deck's language (its core properties) if the project has it, else the source language."""
    code = prs.core_properties.language or ""
    return code if code in factbase.languages.codes else factbase.languages.source.code


def lint_files(paths: list[Path], factbase: FactBase | Callable[[], FactBase] | None,
               data_dir: Path | None = None, freshness_years: int = DEFAULT_FRESHNESS_YEARS,
               progress: Progress | None = None) -> list[Finding]:
    """Lint each file; the fact base is loaded only if one of them is a fawbrief deck."""
    linter = Linter(factbase, data_dir, freshness_years)
    return [finding for path in counted(progress, "linting", paths) for finding in linter.lint_file(path)]


def layout_findings(decks: list[tuple[str, bytes]]) -> list[Finding]:
    """What ``build`` warns about in the decks it writes: the layout rules only (text that does not fit,
    text below 12 pt, shapes off the slide, pictures, empty placeholders), no fact base needed. Not the grid
    rules: they judge a deck's design rather than find a broken slide, and are ``lint``'s and ``--strict``'s."""
    linter = Linter(None, grid=False)  # the grid rules not even measured: about half the time of this check
    return [finding for name, data in decks for finding in linter.lint_bytes(data, name) if not finding.rule]


def check_decks(decks: list[tuple[str, bytes]], factbase: FactBase, data_dir: Path | None = None,
                freshness_years: int = DEFAULT_FRESHNESS_YEARS, progress: Progress | None = None) -> None:
    """``build --strict``: lint in-memory decks ``(name, bytes)``; ``CheckFailed`` listing every finding."""
    linter = Linter(factbase, data_dir, freshness_years)
    findings = [finding for name, data in counted(progress, "linting", decks)
                for finding in linter.lint_bytes(data, name)]
    if findings:
        raise LintFailed(findings)


class LintFailed(CheckFailed):
    """Findings from ``build --strict``: a header line, then one line per finding."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        lines = [f"lint found {len(findings)} problem(s); nothing was written", *map(str, findings)]
        super().__init__("\n".join(lines))

    def __str__(self) -> str:
        return self.message
