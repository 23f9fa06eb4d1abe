"""Planting words in a deck for the word-rule tests: an audience template that overrides parts of slides,
built with ``build --strict`` (so the rule runs as a build runs it), and ``lint`` on decks edited by hand."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from fawbrief.cli.main import main

#: Issue 16's grid rules, which today's shipped decks fail until the content and typesetting branches land
#: (tests/test_lint.py pins that with strict xfails): the word-rule tests judge every other rule, so these
#: helpers leave the grid rules' findings out and count a run with no other finding as clean. Drop this then.
GRID_TAGS = (" [slide-too-empty]", " [card-sizes]", " [title-orphan]", " [number-unit-break]")


def without_grid(code: int, output: str) -> tuple[int, list[str]]:
    """``output``'s lines less the grid rules' findings, and ``code`` as 0 when only those were found (a
    strict build's or lint's summary line, "N finding(s)"/"lint found N problem(s)", then goes too)."""
    lines = output.splitlines()
    kept = [line for line in lines if not line.endswith(GRID_TAGS)]
    if code == 1 and len(kept) < len(lines) and not any(": slide " in line for line in kept):
        return 0, [line for line in kept if "finding(s)" not in line and "problem(s)" not in line]
    return code, kept


def strict_build(tmp_path: Path, deck: str, blocks: str, lang: str = "en") -> tuple[int, str]:
    """``build DECK --strict`` with an executive template that extends the deck's base with ``blocks``."""
    folder = tmp_path / "tpl" / "decks" / deck
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "executive.j2").write_text(f'{{% extends "decks/{deck}/base.j2" %}}\n{blocks}\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", deck, "--strict", "--lang", lang, "-o", str(out),
                                       "-t", str(tmp_path / "tpl")])
    assert not list(out.glob("*.pptx")) or result.exit_code == 0, "a strict build with findings wrote decks"
    code, lines = without_grid(result.exit_code, result.output)
    if code == 0 and result.exit_code == 1:  # only the grid rules stopped it: write the decks as strict would
        args = ["build", deck, "--lang", lang, "-o", str(out), "-t", str(tmp_path / "tpl")]
        assert CliRunner().invoke(main, args).exit_code == 0
    return code, "\n".join(lines)


def build(tmp_path: Path, deck: str, lang: str = "en", audience: str = "executive") -> Path:
    """One shipped deck variant, built into ``tmp_path``."""
    result = CliRunner().invoke(main, ["build", deck, "-a", audience, "--lang", lang, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    suffix = "" if lang == "en" else f"-{lang}"
    return tmp_path / f"{deck}-{audience}{suffix}.pptx"


def lint(*paths: Path) -> tuple[int, list[str]]:
    """Exit code and finding lines of ``lint``, the grid rules' left out (``without_grid``)."""
    result = CliRunner().invoke(main, ["lint", *map(str, paths)])
    return without_grid(result.exit_code, result.stdout)
