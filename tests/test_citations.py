"""The tool's own citation checks (``fawbrief.facts.citations``), on planted mistakes.

Each test plants one mistake in a copy of the fact base and asserts that exactly that mistake is reported,
at the fact's file and line, with the words that say what is wrong.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA, SOURCES, needs_sources
from fawbrief.facts.base import load_factbase
from fawbrief.facts.citations import check_citations, normalise, read_sources
from fawbrief.facts.figures import hedge_before, occurrences, parse_figure

EXPORTS = "jiefang.exports.annual_units"


def _check(data: Path, sources: Path = SOURCES) -> list[str]:
    factbase = load_factbase(data)
    found = read_sources(factbase.documents, sources)
    return [str(error) for error in check_citations(factbase, found.texts, factbase.places)]


def _edit(data: Path, old: str, new: str, file: str = "facts/jiefang.yaml") -> None:
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_figures_parse_as_written() -> None:
    assert parse_figure("1,622,279") == 1622279
    assert parse_figure("252.11 billion") == 252110000000
    assert parse_figure("Seven") == 7
    assert parse_figure("1,62") is None and parse_figure("many") is None
    assert occurrences("30", "30 agreements, 300 visitors, 1,030 units") == [0]
    text = "with annual sales exceeding 5,000 and 10,000 units"
    assert hedge_before(text, text.index("5,000")) == "exceeding"
    assert hedge_before(text, text.index("10,000")) is None
    assert normalise("China’s  “first”\n truck") == "China's \"first\" truck"


@needs_sources
def test_the_built_in_fact_base_is_clean() -> None:
    assert _check(DATA) == []


@needs_sources
def test_an_excerpt_the_document_does_not_hold(data_copy: Path) -> None:
    _edit(data_copy, "60,000 units", "65,000 units")
    problems = _check(data_copy)
    assert any(EXPORTS in p and "excerpt is not in jiefang-profile paragraph" in p for p in problems), problems
    hit = next(p for p in problems if EXPORTS in p)
    assert hit.startswith("data/facts/jiefang.yaml:"), hit  # the fact's own file and line
    assert "nearest passage (paragraph" in hit and "60,000" in hit  # the hint quotes the document


@needs_sources
def test_a_value_that_differs_from_its_figure(data_copy: Path) -> None:
    _edit(data_copy, "value: 60000", "value: 65000")
    problems = _check(data_copy)
    assert [p for p in problems if "value 65000 differs from its figure '60,000'" in p], problems


@needs_sources
def test_a_paragraph_out_of_range(data_copy: Path) -> None:
    path = data_copy / "facts/jiefang.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("paragraph: 1\n", "paragraph: 999\n", 1), encoding="utf-8")
    problems = _check(data_copy)
    assert any("paragraph 999 is out of range: jiefang-profile has 10 body paragraphs" in p for p in problems)


@needs_sources
def test_all_problems_at_once(data_copy: Path) -> None:
    _edit(data_copy, "value: 60000", "value: 65000")
    _edit(data_copy, "value: 1956", "value: 1957")
    assert len(_check(data_copy)) >= 2


def test_missing_documents_are_named(tmp_path: Path) -> None:
    factbase = load_factbase(DATA)
    found = read_sources(factbase.documents, tmp_path)
    assert set(found.missing) == set(factbase.documents) and not found.texts


@needs_sources
def test_a_changed_document_is_reported(tmp_path: Path) -> None:
    for path in SOURCES.glob("*.txt"):
        shutil.copyfile(path, tmp_path / path.name)
    factbase = load_factbase(DATA)
    victim = next(iter(factbase.documents.values()))
    (tmp_path / victim.file).write_text((tmp_path / victim.file).read_text() + "\nan added line\n")
    found = read_sources(factbase.documents, tmp_path)
    if victim.sha256 is None:
        pytest.fail("sources.yaml should record each document's sha256")
    assert set(found.changed) == {victim.id}
