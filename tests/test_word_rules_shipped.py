"""Every shipped variant — 3 decks × 5 audiences × English and Chinese — passes ``build --strict``, the word
rules included (broken sentences, claims, periods, targets drawn as actuals)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fawbrief.cli.main import main
from fawbrief.facts.base import load_factbase
from fawbrief.read.lint import Linter

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_all_fifteen_variants_build_strict(tmp_path: Path, lang: str) -> None:
    result = CliRunner().invoke(main, ["build", "--all", "-a", "all", "--strict", "--lang", lang, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.pptx"))) == 15


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_all_fifteen_variants_pass_every_rule(tmp_path: Path, lang: str) -> None:
    """Every rule, the word, layout and grid rules, judged by the linter on the decks a plain build writes."""
    result = CliRunner().invoke(main, ["build", "--all", "-a", "all", "--lang", lang, "-q", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    decks = sorted(tmp_path.glob("*.pptx"))
    assert len(decks) == 15
    linter = Linter(load_factbase(REPO / "data"), REPO / "data")
    found = [str(f) for deck in decks for f in linter.lint_file(deck)]
    assert found == []
