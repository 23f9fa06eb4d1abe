"""Every shipped variant — 3 decks × 5 audiences × English and Chinese — passes ``build --strict``, the word
rules included (broken sentences, claims, periods, targets drawn as actuals)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fawbrief.cli.main import main


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_all_fifteen_variants_build_strict(tmp_path: Path, lang: str) -> None:
    result = CliRunner().invoke(main, ["build", "--all", "-a", "all", "--strict", "--lang", lang, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.pptx"))) == 15
