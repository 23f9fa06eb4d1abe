"""Planting words in a deck for the word-rule tests: an audience template that overrides parts of slides,
built with ``build --strict`` (so the rule runs as a build runs it), and ``lint`` on decks edited by hand."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from fawbrief.cli.main import main


def strict_build(tmp_path: Path, deck: str, blocks: str, lang: str = "en") -> tuple[int, str]:
    """``build DECK --strict`` with an executive template that extends the deck's base with ``blocks``."""
    folder = tmp_path / "tpl" / "decks" / deck
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "executive.j2").write_text(f'{{% extends "decks/{deck}/base.j2" %}}\n{blocks}\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", deck, "--strict", "--lang", lang, "-o", str(out),
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
