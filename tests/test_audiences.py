"""Audiences: every variant builds and differs; user folders shadow exactly what
they hold; a scaffolded audience builds without edits; diff reports variants."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from fawbrief.cli.main import build_time, main
from fawbrief.core.errors import InputError
from fawbrief.model.slides import plain
from fawbrief.pipeline.build import load_project, render_deck

DATA = Path(__file__).resolve().parents[1] / "data"
DECKS = ("jiefang", "faw-vw", "auto-city")
AUDIENCES = ("executive", "investor", "government", "partner", "media")


@pytest.fixture(scope="module")
def project():
    return load_project(DATA)


@pytest.fixture(scope="module")
def variants(project):
    return {(d, a): render_deck(project, d, a, "en", build_time()) for d in DECKS for a in AUDIENCES}


def test_at_least_five_audiences_with_descriptions(project) -> None:
    assert set(AUDIENCES) <= set(project.catalog.audiences)
    assert all(a.description for a in project.catalog.audiences.values())


def test_whole_matrix_builds_in_one_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--all", "--audience", "all", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    expected = {f"{d}-{a}.pptx" for d in DECKS for a in AUDIENCES}
    assert expected <= {Path(line).name for line in result.output.split()}
    assert all((tmp_path / name).stat().st_size > 20_000 for name in expected)


@pytest.mark.parametrize("deck", DECKS)
def test_variants_are_really_different(variants, deck: str) -> None:
    for a, b in itertools.combinations(AUDIENCES, 2):
        first, second = variants[deck, a], variants[deck, b]
        keys_a, keys_b = [s.key for s in first.slides], [s.key for s in second.slides]
        same = [s for s in first.slides if s in second.slides]
        # beyond the shared sources slide and title, each pair differs in selection, order or wording
        assert keys_a != keys_b or len(same) < len(first.slides) - 2, (a, b)
        distinct = {plain(s.title) for s in first.slides} ^ {plain(s.title) for s in second.slides}
        assert len(distinct) >= 2, f"{deck}: {a} and {b} differ by fewer than two slide titles"


@pytest.mark.parametrize("deck", DECKS)
def test_every_variant_opens_with_a_title_and_ends_with_sources(variants, deck: str) -> None:
    for audience in AUDIENCES:
        spec = variants[deck, audience]
        assert 6 <= len(spec.slides) <= 16
        assert spec.slides[0].layout == "title"
        assert spec.slides[-1].key == "sources" and spec.slides[-1].blocks


def test_user_folder_overrides_one_slide_and_everything_else_falls_through(tmp_path: Path, project,
                                                                          variants) -> None:
    user = tmp_path / "mine" / "decks" / "jiefang"
    user.mkdir(parents=True)
    (user / "base.j2").write_text(
        '{% extends "builtin:decks/jiefang/base.j2" %}\n'
        '{% block brand %}<slide key="brand"><title>Our own brand slide</title>'
        '<bullet>Worth {{ fact("jiefang.brand.value_rmb") }}</bullet></slide>{% endblock %}\n',
        encoding="utf-8")
    custom = load_project(DATA, (tmp_path / "mine",))
    for audience in ("executive", "investor"):
        spec = render_deck(custom, "jiefang", audience, "en", build_time())
        original = variants["jiefang", audience]
        changed = [(a.key, plain(b.title)) for a, b in zip(original.slides, spec.slides, strict=True) if a != b]
        assert changed == [("brand", "Our own brand slide")]
    untouched = render_deck(custom, "faw-vw", "executive", "en", build_time())
    assert untouched == variants["faw-vw", "executive"]


def test_broken_override_reports_its_own_file_and_line(tmp_path: Path) -> None:
    user = tmp_path / "mine" / "decks" / "jiefang"
    user.mkdir(parents=True)
    (user / "investor.j2").write_text('{% extends "decks/jiefang/base.j2" %}\n\n'
                                      '{% block brand %}{{ fact("jiefang.brand.valu") }}{% endblock %}\n',
                                      encoding="utf-8")
    with pytest.raises(InputError) as info:
        render_deck(load_project(DATA, (tmp_path / "mine",)), "jiefang", "investor", "en", build_time())
    text = str(info.value)
    assert text.startswith(f"{user / 'investor.j2'}:3:"), text
    assert "did you mean 'jiefang.brand.value_rmb'" in text


def test_scaffolded_audience_builds_without_edits(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["templates", "init", "board", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "board"
    assert (folder / "audiences" / "board.yaml").is_file()
    assert {p.name for p in (folder / "decks").iterdir()} == set(DECKS)
    built = runner.invoke(main, ["build", "--all", "-a", "board", "-t", str(folder), "-o", str(tmp_path / "o")])
    assert built.exit_code == 0, built.output
    assert len(list((tmp_path / "o").glob("*-board.pptx"))) == 3
    again = runner.invoke(main, ["templates", "init", "board", "-o", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.output


def test_scaffold_slide_order_can_be_uncommented(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["templates", "init", "short", "-o", str(tmp_path)])
    path = tmp_path / "short" / "decks" / "faw-vw" / "short.j2"
    text = path.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "set slide_order" in ln)
    path.write_text(text.replace(line, '{% set slide_order = ["title_slide", "milestone", "sources"] %}'),
                    encoding="utf-8")
    spec = render_deck(load_project(DATA, (tmp_path / "short",)), "faw-vw", "short", "en", build_time())
    assert [s.key for s in spec.slides] == ["title_slide", "milestone", "sources"]


def test_scaffold_example_overrides_one_part_of_one_slide(tmp_path: Path) -> None:
    """The scaffold's commented example, uncommented, retitles one slide and leaves the rest of
    that slide (body, notes, layout) and every other slide as the deck has them."""
    CliRunner().invoke(main, ["templates", "init", "board", "-o", str(tmp_path)])
    for deck in DECKS:
        path = tmp_path / "board" / "decks" / deck / "board.j2"
        designed = render_deck(load_project(DATA, (tmp_path / "board",)), deck, "board", "en", build_time())
        text = path.read_text(encoding="utf-8")
        example = re.search(r"^{% block (\w+)_title %}\n.*?\n{% endblock %}$", text, re.M | re.S)
        assert example, text
        path.write_text(text + example.group(0) + "\n", encoding="utf-8")
        spec = render_deck(load_project(DATA, (tmp_path / "board",)), deck, "board", "en", build_time())
        changed = [(a, b) for a, b in zip(designed.slides, spec.slides, strict=True) if a != b]
        assert len(changed) == 1, deck
        before, after = changed[0]
        assert after.key == example.group(1) and plain(after.title) == "A title for this room"
        # The finished notes cite the facts the slide uses, title first: a new title that cites nothing drops
        # the title's facts from that list (unless the body uses them too) and adds no line of its own.
        assert set(after.notes_text.splitlines()) <= set(before.notes_text.splitlines())
        assert after.notes == before.notes
        assert dataclasses.replace(after, title=before.title, notes_text=before.notes_text) == before


def test_diff_reports_included_and_omitted_slides() -> None:
    result = CliRunner().invoke(main, ["diff", "jiefang", "-a", "executive", "-a", "investor"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("jiefang: executive")
    assert any(ln.strip().startswith("- heritage") for ln in lines)
    assert any(ln.strip().startswith("+ growth_gap") for ln in lines)
    assert any(ln.strip().startswith("= sources") for ln in lines)
    bad = CliRunner().invoke(main, ["diff", "jiefang", "-a", "executive"])
    assert bad.exit_code == 2


def test_typo_in_audience_profile_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "mine" / "audiences"
    folder.mkdir(parents=True)
    (folder / "x.yaml").write_text("id: x\ntitle: X\ndescriptio: y\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["list", "-t", str(tmp_path / "mine")])
    assert result.exit_code == 2
    assert result.output.strip() == (f"fawbrief: error: {folder / 'x.yaml'}:3:1: descriptio: unknown key "
                                     "(did you mean 'description'?)")
