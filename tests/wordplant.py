"""Planting words in a deck for the word-rule tests: an audience template that overrides parts of slides,
built with ``build --strict`` (so the rule runs as a build runs it), and ``lint`` on decks edited by hand."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from fawbrief.cli.main import main
from fawbrief.core.build_date import GOLDEN_BUILD_TIME
from fawbrief.pipeline.build import load_project, render_deck

DATA = Path(__file__).resolve().parents[1] / "data"


def slide_keys(deck: str, audience: str = "executive", lang: str = "en", templates: tuple[Path, ...] = ()) -> list[str]:
    """The keys of a variant's slides in order (``<slide key="…">``), read from its DeckSpec."""
    spec = render_deck(load_project(DATA, templates), deck, audience, lang, GOLDEN_BUILD_TIME)
    return [slide.key for slide in spec.slides]


def planted_slide(tmp_path: Path, deck: str, key: str, audience: str = "executive", lang: str = "en") -> int:
    """The number (1-based) of the slide ``key`` in the variant ``strict_build`` planted in ``tmp_path``: what a
    test expects a finding on, found in the deck rather than assumed."""
    return slide_keys(deck, audience, lang, (tmp_path / "tpl",)).index(key) + 1


def strict_build(tmp_path: Path, deck: str, blocks: str, lang: str = "en",
                 audience: str = "executive") -> tuple[int, str]:
    """``build DECK -a AUDIENCE --strict`` with an audience template that extends the deck's base with ``blocks``.
    For an audience other than the executive (whose slides are the base's default order), the planted template
    keeps the shipped variant's slides, in its order (``slide_order``, read from its DeckSpec)."""
    folder = tmp_path / "tpl" / "decks" / deck
    folder.mkdir(parents=True, exist_ok=True)
    order = ""
    if audience != "executive":
        order = "{% set slide_order = [" + ", ".join(f'"{k}"' for k in slide_keys(deck, audience, lang)) + "] %}\n"
    (folder / f"{audience}.j2").write_text(f'{{% extends "decks/{deck}/base.j2" %}}\n{order}{blocks}\n',
                                          encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", deck, "-a", audience, "--strict", "--lang", lang, "-o", str(out),
                                       "-t", str(tmp_path / "tpl")])
    assert not list(out.glob("*.pptx")) or result.exit_code == 0, "a strict build with findings wrote decks"
    return result.exit_code, result.output


def build(tmp_path: Path, deck: str, lang: str = "en", audience: str = "executive") -> Path:
    """One shipped deck variant, built into ``tmp_path``."""
    result = CliRunner().invoke(main, ["build", deck, "-a", audience, "--lang", lang, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    suffix = "" if lang == "en" else f"-{lang}"
    return tmp_path / f"{deck}-{audience}{suffix}.pptx"


def lint(*paths: Path) -> tuple[int, list[str]]:
    """Exit code and finding lines of ``lint``, every rule judged."""
    result = CliRunner().invoke(main, ["lint", *map(str, paths)])
    return result.exit_code, result.stdout.splitlines()
