"""Decks pass an OOXML validator (``openxml-audit``, strict): the built-in theme's and corporate masters',
with pictures and with native charts (axis ids were negative, which the schema types as unsigned)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from fawbrief.core.build_date import DEFAULT_BUILD_TIME
from fawbrief.pipeline.build import compose_variants, load_project
from fawbrief.write.theme import Theme
from fawbrief.write.writer import WriteOptions, write

audit = pytest.importorskip("openxml_audit", reason="openxml-audit is not installed (pip install -e '.[test]')")

REPO = Path(__file__).resolve().parents[1]


def _masters(folder: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location("make_masters", REPO / "scripts" / "make_masters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_all(folder, ["classic-4x3", "dark", "chinese"])


@pytest.fixture(scope="module")
def specs():
    project = load_project(REPO / "data")
    variants = [(deck, "executive", lang) for deck in ("jiefang", "faw-vw", "auto-city") for lang in ("en", "zh-CN")]
    return compose_variants(project, variants, DEFAULT_BUILD_TIME)


@pytest.mark.parametrize("charts", ["native", "image"])
def test_decks_pass_the_validator(specs, charts: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(tmp_path / "charts"))
    validator = audit.OpenXmlValidator(strict=True)
    problems = []
    for theme_path in [None, *_masters(tmp_path / "masters")]:
        theme = Theme.open(theme_path)
        for spec in specs:
            deck = tmp_path / f"{theme.path.stem}-{spec.deck}-{spec.lang}.pptx"
            deck.write_bytes(write(spec, theme, WriteOptions(charts=charts)))
            result = validator.validate(str(deck))
            problems += [f"{deck.name}: {error}" for error in result.errors]
    assert problems == []
