"""Every fact is checked against the source documents it cites.

The documents live in the project's ``sources/`` (never committed: ``sources/README.md`` says where to get
them; CI puts them there). This suite is independent of the tool's own checks (``fawbrief check``): its own
figure parser, its own reading of the files. ``paragraph`` in a citation is the n-th non-empty line of the
document's file.

* a cited fact's excerpt occurs verbatim in its paragraph, and its ``figure`` occurs in the excerpt
  and parses to the fact's value (``"9 million"`` → 9000000, ``"seven"`` → 7);
* a text fact's value (each item of a list) occurs verbatim in its excerpt;
* a derived fact is recomputed here, independently of ``fawbrief.facts.formula``;
* coverage: every number in every paragraph (digits and number words) is the figure of a fact
  citing that paragraph — the proof that every figure the documents give is in the fact base.
"""

from __future__ import annotations

import ast
import operator
import os
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from fawbrief.facts.base import Fact, load_factbase

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "sources"
FACTBASE = load_factbase(REPO / "data")
FACTS = list(FACTBASE)
CITED = [fact for fact in FACTS if fact.source is not None]
DERIVED = [fact for fact in FACTS if fact.derived]
DOCUMENTS = sorted(FACTBASE.documents)

# --- A small figure parser, independent of the package ---------------------------------------

WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000,
}
SCALES = {"million": 10**6, "billion": 10**9}
_DIGITS = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?: (million|billion))?")


def parse_figure(text: str) -> Decimal:
    """``"1,622,279"`` → 1622279, ``"252.11 billion"`` → 252110000000, ``"Six"`` → 6."""
    match = _DIGITS.fullmatch(text)
    if match:
        whole, fraction, scale = match.groups()
        number = Decimal(whole.replace(",", "") + (fraction or ""))
        return number * SCALES[scale] if scale else number
    if text.lower() in WORDS:
        return Decimal(WORDS[text.lower()])
    raise ValueError(f"cannot parse figure {text!r}")


def test_parse_figure() -> None:
    assert parse_figure("1,622,279") == 1622279
    assert parse_figure("252.11 billion") == 252110000000
    assert parse_figure("100 billion") == 100 * 10**9
    assert parse_figure("9 million") == 9_000_000
    assert parse_figure("1.5") == Decimal("1.5")
    assert parse_figure("Six") == parse_figure("six") == 6
    assert parse_figure("thirteen") == 13
    for bad in ("1,62", "12,3456", "1.5.2", "six hundred", "", "many"):
        with pytest.raises(ValueError):
            parse_figure(bad)


# --- Source documents ------------------------------------------------------------------------


@cache
def _lines(document_id: str) -> tuple[str, ...]:
    """The document's non-empty lines, as read here (not by the package)."""
    path = SEEDS / FACTBASE.documents[document_id].file
    if not path.is_file():
        why = f"source document {document_id!r} not in {SEEDS} (see sources/README.md; .ci/run puts it there)"
        if os.environ.get("CI"):
            pytest.fail(why, pytrace=False)
        pytest.skip(why)
    text = path.read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip())


def _places(document_id: str) -> dict[str | int, str]:
    """Every citable place: front-matter parts by name (``sources.yaml``: ``front``), body paragraphs by number."""
    lines = _lines(document_id)
    front = FACTBASE.documents[document_id].front
    places: dict[str | int, str] = {name: lines[n - 1] for name, n in front.items()}
    body = [line for n, line in enumerate(lines, start=1) if n not in front.values()]
    places.update(enumerate(body, start=1))
    return places


def _paragraph(fact: Fact) -> str:
    assert fact.source is not None
    places = _places(fact.source.document)
    where = fact.source.part if fact.source.part is not None else fact.source.paragraph
    assert where in places, f"no {where!r} in {fact.source.document} (places: {list(places)})"
    return places[where]


# --- Cited facts -----------------------------------------------------------------------------

QUALIFIER_WORDS = {"exceeding": "exceeding", "over": "over", "more_than": "more than", "nearly": "nearly",
                   "about": "about", "up_to": "up to"}
_HEDGE_BEFORE = re.compile(r"\b(exceeding|over|more than|nearly|about|up to)\s+(?:RMB\s+)?$")


def _occurrences(figure: str, text: str) -> list[int]:
    """Start offsets of ``figure`` in ``text`` as a whole number ("30" not inside "300" or "1,030")."""
    if figure[0].isdigit():
        pattern = rf"(?<![\d,.]){re.escape(figure)}(?![\d]|[,.]\d)"
    else:
        pattern = rf"\b{re.escape(figure)}\b"
    return [m.start() for m in re.finditer(pattern, text)]


def _qualifier_before(text: str, at: int) -> str | None:
    match = _HEDGE_BEFORE.search(text[:at])
    if not match:
        return None
    return next(key for key, word in QUALIFIER_WORDS.items() if word == match.group(1))


@pytest.mark.parametrize("fact", CITED, ids=[fact.id for fact in CITED])
def test_cited_fact_matches_its_source(fact: Fact) -> None:
    source = fact.source
    assert source is not None
    paragraph = _paragraph(fact)
    assert source.excerpt in paragraph, (
        f"excerpt not verbatim in {source.document} paragraph {source.paragraph}:\n"
        f"  excerpt:   {source.excerpt!r}\n  paragraph: {paragraph[:300]!r}")
    value = fact.value
    if fact.is_number:
        assert source.figure is not None, "a numeric fact needs `figure` (the number as written)"
        assert len(source.excerpt) <= 200, "keep excerpts of numeric facts short"
        assert fact.unit, "a numeric fact needs a unit"
        starts = _occurrences(source.figure, source.excerpt)
        assert starts, f"figure {source.figure!r} not in excerpt {source.excerpt!r}"
        parsed = parse_figure(source.figure)
        assert Decimal(str(value)) == parsed, f"value {value!r} != figure {source.figure!r} ({parsed})"
        if parsed == parsed.to_integral_value() and fact.unit != "% yoy":
            assert isinstance(value, int), "a whole-number figure is stored as an int"
        # The source's hedge ("over", "nearly", ...) must be kept, and none invented.
        hedges = {_qualifier_before(source.excerpt, at) for at in starts}
        assert fact.qualifier in hedges, (
            f"qualifier {fact.qualifier!r} does not match the excerpt (it reads {sorted(map(str, hedges))})")
        if fact.unit == "year":
            assert isinstance(value, int) and 1900 <= value <= 2100
        if fact.unit == "% yoy":
            direction = "up" if value > 0 else "down"
            assert f"{direction} {source.figure} percent" in source.excerpt
        if fact.unit in ("RMB", "yuan"):
            assert fact.unit in source.excerpt
    else:
        assert source.figure is None, "a text fact has no `figure`"
        assert fact.unit is None, "a text fact has no unit"
        items = value if isinstance(value, list) else [value]
        assert items and all(isinstance(item, str) and item for item in items)
        for item in items:
            assert item in source.excerpt, f"{item!r} not verbatim in excerpt {source.excerpt!r}"


# --- Derived facts ---------------------------------------------------------------------------

_ID = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")
_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.Pow: operator.pow}


def _evaluate(formula: str) -> tuple[float, list[str]]:
    """Substitute fact values into the formula and evaluate + - * / ** only."""
    names = list(dict.fromkeys(_ID.findall(formula)))
    for name in names:
        assert name in FACTBASE.facts, f"formula uses unknown fact {name!r}"
        assert FACTBASE.facts[name].is_number, f"formula uses non-numeric fact {name!r}"
    text = _ID.sub(lambda m: repr(float(FACTBASE.facts[m.group()].value)), formula)  # type: ignore[arg-type]

    def walk(node: ast.expr) -> float:
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return _BINOPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return float(node.value)
        raise AssertionError(f"formula may only use + - * / ** ( ), numbers and fact ids: {formula!r}")

    return walk(ast.parse(text, mode="eval").body), names


@pytest.mark.parametrize("fact", DERIVED, ids=[fact.id for fact in DERIVED])
def test_derived_fact_recomputes(fact: Fact) -> None:
    assert fact.formula and fact.source is None
    expected, names = _evaluate(fact.formula)
    if fact.precision is not None:
        expected = round(expected, fact.precision)
    assert fact.is_number
    assert fact.value == pytest.approx(expected, rel=1e-12, abs=1e-9)
    assert list(fact.derived_from) == names, "derived_from must list exactly the ids in the formula"
    assert "derived" in fact.tags and "(derived)" in fact.label
    inputs = [FACTBASE.facts[name] for name in names]
    if any(dep.status == "target" for dep in inputs):
        assert fact.status == "target", "a figure computed from a target is a target"


# Hand-checked results for the figures a deck leans on.
EXPECTED_DERIVED = {
    "faw_group.h1_2020.hongqi_production_share": 4.3,  # 69,759 / 1,622,279
    "faw_group.h1_2020.hongqi_sales_share": 4.3,  # 70,045 / 1,630,923
    "faw_group.h1_2020.jiefang_production_share": 14.3,  # 232,164 / 1,622,279
    "faw_group.h1_2020.jiefang_sales_share": 17.1,  # 278,235 / 1,630,923 (shares shown to 1 decimal)
    "faw_group.h1_2020.hongqi_jiefang_production_share": 18.6,  # (69,759 + 232,164) / 1,622,279
    "faw_group.h1_2020.other_brands_production": 1_320_356,  # 1,622,279 - 69,759 - 232,164
    "faw_group.h1_2020.other_brands_sales": 1_282_643,  # 1,630,923 - 70,045 - 278,235
    "jiefang.sprint2030.overseas_multiple_of_exports": 3.0,  # 180,000 / 60,000
    "jiefang.sprint2030.overseas_share_of_target": 36.0,  # 180,000 / 500,000
    "jiefang.sprint2030.domestic_sales_target": 320_000,  # 500,000 - 180,000
    "jiefang.canton_fair.negotiation_rate": 40.0,  # 400 / 1,000
    "jiefang.canton_fair.orders_per_negotiation": 50.0,  # 200 / 400
    "jiefang.south_africa.years_in_market": 31,  # 2025 - 1994
    "auto_city.projects.not_started": 1,  # 7 - 6
}


@pytest.mark.parametrize(("fact_id", "expected"), EXPECTED_DERIVED.items())
def test_key_derived_values(fact_id: str, expected: float) -> None:
    fact = FACTBASE.get(fact_id)
    assert fact.derived
    assert fact.value == pytest.approx(expected, abs=0.005)


# --- The fact base as a whole ----------------------------------------------------------------


def test_fact_base_shape() -> None:
    assert len(FACTS) > 80
    assert {fact.subject for fact in FACTS} == {"jiefang", "faw-vw", "auto-city", "faw-group"}
    for fact in FACTS:
        assert fact.id.startswith(fact.subject.replace("-", "_") + "."), fact.id
    labels = [fact.label for fact in FACTS]
    assert len(labels) == len(set(labels)), "labels should tell facts apart"
    assert {fact.source.document for fact in CITED if fact.source} == set(DOCUMENTS)


def test_opinion_pieces_are_marked() -> None:
    """Document 001 is an editorial: its claims about joint ventures are tagged as opinion."""
    views = [f for f in CITED if f.id.startswith("faw_vw.view.")]
    assert views and all("opinion" in f.tags for f in views)
    for fact in views:
        assert fact.source is not None and fact.source.document == "auto-review-2025-12"


# --- Coverage: every number in every paragraph is a fact --------------------------------------

_NUMBER_TOKEN = re.compile(
    r"(?<![A-Za-z0-9.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?: (?:million|billion))?"
    r"|\b(?:" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")s?\b",
    re.IGNORECASE,
)

# Tokens that are not figures of the subject matter.
NOT_FIGURES = {
    ("auto-review-2025-12", "counter"): {"437"},  # bare page-header number with no stated meaning
    ("auto-review-2025-12", 7): {"one"},  # pronoun: "to one of 'technology sharing ...'"
    ("jlgov-2020-07-30", "dateline"): {"2020", "07", "30"},  # dateline 2020-07-30 (recorded in sources.yaml)
}


def _covered(token: str, facts: list[Fact]) -> bool:
    for fact in facts:
        assert fact.source is not None
        if fact.is_number and fact.source.figure:
            figure = fact.source.figure
            try:
                same = parse_figure(token) == parse_figure(figure)
            except ValueError:
                same = False
            if same and token.lower() == figure.lower():
                return True
        elif not fact.is_number:
            # A name or date that contains the number ("137th Canton Fair", "1980s", "SPRINT 2030").
            items = fact.value if isinstance(fact.value, list) else [fact.value]
            pattern = rf"(?<![\w.,]){re.escape(token)}(?!\d)"
            in_value = any(re.search(pattern, str(item)) for item in items)
            if in_value and re.search(pattern, fact.source.excerpt):
                return True
    return False


@pytest.mark.parametrize("document_id", DOCUMENTS)
def test_every_figure_in_the_document_is_a_fact(document_id: str) -> None:
    uncovered = []
    for number, paragraph in _places(document_id).items():
        citing = [f for f in CITED if f.source and f.source.document == document_id
                  and number in (f.source.paragraph, f.source.part)]
        skip = NOT_FIGURES.get((document_id, number), set())
        tokens = [m.group() for m in _NUMBER_TOKEN.finditer(paragraph)]
        assert skip <= set(tokens), f"stale NOT_FIGURES entry for paragraph {number}: {skip - set(tokens)}"
        for token in tokens:
            if token not in skip and not _covered(token, citing):
                uncovered.append(f"paragraph {number}: {token!r}")
    assert not uncovered, f"{document_id}: figures with no fact citing them:\n  " + "\n  ".join(uncovered)
