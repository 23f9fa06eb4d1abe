"""Projects: fawbrief.toml found upwards, the built-in project from any folder, `fawbrief new`, a deck added as
data and templates only, citations checked by `build` and `check`, and the wheel carrying the built-in project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, SOURCES, needs_sources
from deckfind import deck_spec, first_recording
from fawbrief.cli import main
from fawbrief.project.config import find_project, load_config


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fawbrief", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new project, made once, with the source documents copied in when we have them."""
    root = tmp_path_factory.mktemp("projects") / "proj"
    result = CliRunner().invoke(main, ["new", str(root)])
    assert result.exit_code == 0, result.output
    for path in SOURCES.glob("*.txt"):
        shutil.copyfile(path, root / "sources" / path.name)
    return root


def test_without_a_project_the_built_in_decks_go_to_output_here(tmp_path: Path) -> None:
    result = _run("build", "--all", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [
        "auto-city-executive.pptx", "faw-vw-executive.pptx", "jiefang-executive.pptx"]


def test_the_project_is_found_upwards_and_named_with_C(project: Path, tmp_path: Path) -> None:
    assert find_project(project / "templates" / "decks") == project
    config = load_config(project)
    assert config.data == project / "data" and config.goldens == project / "tests" / "golden"
    result = _run("-C", str(project), "build", "jiefang", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (project / "output" / "jiefang-executive.pptx").is_file()
    assert not (tmp_path / "output").exists()  # the project's output, not the current folder's


def test_a_new_project_has_what_it_needs(project: Path) -> None:
    for rel in ("fawbrief.toml", "data/decks.yaml", "templates/shared.j2", "sources/README.md",
                "tests/golden/jiefang-executive.md", "tests/golden/fawbrief-goldens.json", "tests/test_decks.py",
                ".gitignore"):
        assert (project / rel).is_file(), rel
    assert not list((project / "sources").glob("*.txt")) or SOURCES.is_dir()  # documents only if we copied them


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    result = CliRunner().invoke(main, ["new", str(tmp_path)])
    assert result.exit_code == 2 and "folder exists and is not empty" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def _pytest(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """pytest in a project, with fawbrief's plugin: through its ``pytest11`` entry point once fawbrief is
    installed from this checkout's metadata, else named with ``-p`` (an install made before the plugin)."""
    installed = any(ep.value == "fawbrief.golden.plugin" for ep in entry_points(group="pytest11"))
    plugin = [] if installed else ["-p", "fawbrief.golden.plugin"]
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugin, *args],
                          cwd=cwd, capture_output=True, text=True, timeout=900, check=False)


@needs_sources
def test_a_new_project_verifies_and_its_tests_pass(project: Path) -> None:
    result = _run("verify", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    tests = _pytest("-p", "no:xdist", cwd=project)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "32 passed" in tests.stdout  # 30 variants, no stale golden, the citations
    listed = _pytest("-p", "no:xdist", "--collect-only", cwd=project).stdout.splitlines()
    assert "tests/test_decks.py::test_deck_matches_its_golden[jiefang/executive/zh-CN]" in listed  # one per variant


def test_the_scaffolded_tests_fail_on_a_change_and_pass_after_an_update(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(project, root)
    (root / "CHANGELOG.md").write_text("# ours\n", encoding="utf-8")
    (root / "tests" / "golden" / "CHANGELOG.md").write_text("# ours too\n", encoding="utf-8")
    sources = root / "data" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("    file: ", "    file: not-here-"),
                       encoding="utf-8")  # a figure the documents do not hold: citations become a note
    facts = root / "data" / "facts" / "jiefang.yaml"
    text = facts.read_text(encoding="utf-8")
    assert text.count("value: 60000\n") == 1
    facts.write_text(text.replace("value: 60000\n", "value: 65000\n"), encoding="utf-8")
    chosen = ["-k", "test_deck_matches_its_golden and (jiefang or faw-vw) and executive", "-n", "2"]
    failed = _pytest(*chosen, cwd=root)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    out = failed.stdout
    assert "2 failed, 2 passed" in out  # jiefang's en and zh-CN variants; faw-vw does not use the fact
    assert "FAILED tests/test_decks.py::test_deck_matches_its_golden[jiefang/executive]" in out
    number, title = first_recording(deck_spec("jiefang", data=root / "data"), "jiefang.exports.annual_units")
    assert f"fact jiefang.exports.annual_units: value 60000 → 65000\n  jiefang/executive: slides {number}" in out
    assert f"=== jiefang/executive · slide {number}: {title}\n" in out and "-- [-60,000-]\n+- {+65,000+}" in out
    assert "accept it with: pytest --update-goldens" in out
    updated = _pytest(*chosen, "--update-goldens", cwd=root)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    again = _pytest(*chosen, cwd=root)
    assert again.returncode == 0 and "4 passed" in again.stdout, again.stdout
    assert "65,000" in (root / "tests" / "golden" / "jiefang-executive.md").read_text(encoding="utf-8")
    assert _run("verify", "jiefang", "-a", "investor", cwd=root).returncode == 1  # not selected: still differs
    assert (root / "tests" / "golden" / "CHANGELOG.md").read_text(encoding="utf-8") == "# ours too\n"


def test_a_deck_added_as_data_and_templates_builds_by_name(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(project, root)
    with (root / "data" / "decks.yaml").open("a", encoding="utf-8") as decks:
        decks.write("  - id: faw-group-h1\n    title: \"FAW Group in the first half of 2020\"\n"
                    "    description: Group output and sales, H1 2020\n    subjects: [faw-group]\n")
    folder = root / "templates" / "decks" / "faw-group-h1"
    folder.mkdir()
    (folder / "base.j2").write_text(
        '{% extends "shared.j2" %}\n'
        '{% set default_order = ["title_slide", "output", "sources"] %}\n'
        '{% block title_slide_title %}{{ _("FAW Group: output and sales") }}{% endblock %}\n'
        '{% block title_slide_subtitle %}{{ _("Output and sales") }}{% endblock %}\n'
        '{% block output %}<slide layout="content" key="output">'
        '<title>{% block output_title %}{{ _("Group output and sales, first half-year") }}{% endblock %}</title>'
        '{% block output_body %}<kpi fact="faw_group.h1_2020.production" label="{{ _(\'Vehicles produced\') }}"/>'
        '<kpi fact="faw_group.h1_2020.sales" label="{{ _(\'Vehicles sold\') }}"/>{% endblock %}'
        '<notes><p>{% block output_notes %}{{ _("Group totals; the source gives no breakdown by plant.") }}'
        '{% endblock %}</p></notes></slide>{% endblock %}\n', encoding="utf-8")
    listed = _run("list", cwd=root)
    assert "faw-group-h1" in listed.stdout
    result = _run("build", "faw-group-h1", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "output" / "faw-group-h1-executive.pptx").is_file()
    # an audience scaffolded for the project covers its own deck too (it used to look for a built-in one: exit 3)
    scaffold = _run("templates", "init", "board", "-o", str(root / "audiences-extra"), cwd=root)
    assert scaffold.returncode == 0, scaffold.stderr
    made = (root / "audiences-extra" / "board" / "decks" / "faw-group-h1" / "board.j2").read_text(encoding="utf-8")
    assert '"title_slide", "output", "sources"' in made  # the slides of the project's deck, listed for slide_order
    board = _run("build", "faw-group-h1", "-a", "board", "-t", str(root / "audiences-extra" / "board"), cwd=root)
    assert board.returncode == 0, board.stderr
    assert (root / "output" / "faw-group-h1-board.pptx").is_file()


def test_a_subject_added_as_data_is_listed_and_its_facts_build(project: Path, tmp_path: Path) -> None:
    """A new subject is a facts file only: its facts are listed under it and a deck of its subject builds."""
    root = tmp_path / "p"
    shutil.copytree(project, root)
    group = (root / "data" / "facts" / "faw-group.yaml").read_text(encoding="utf-8")
    head, sep, rest = group.partition("  - id: faw_group.h1_2020.production_growth\n")
    assert sep  # the first fact (production) moves to a subject of its own
    (root / "data" / "facts" / "faw-group.yaml").write_text(
        head.split("facts:\n")[0] + "facts:\n" + sep + rest, encoding="utf-8")
    moved = "subject: faw-output\nfacts:\n" + head.split("facts:\n", 1)[1]
    (root / "data" / "facts" / "faw-output.yaml").write_text(moved, encoding="utf-8")
    listed = _run("facts", "--subject", "faw-output", cwd=root)
    assert listed.returncode == 0, listed.stderr
    assert "faw_group.h1_2020.production " in listed.stdout and "production_growth" not in listed.stdout
    result = _run("build", "auto-city", "-a", "investor", cwd=root)  # it cites the moved fact: the id counts
    assert result.returncode == 0, result.stderr


@needs_sources
def test_an_excerpt_the_document_does_not_hold_stops_the_build(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(project, root)
    shutil.rmtree(root / "output")  # other tests of the module build into the shared project
    facts = root / "data" / "facts" / "jiefang.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "surged to 60,000 units" in text
    facts.write_text(text.replace("surged to 60,000 units", "surged to 65,000 units", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(facts.read_text().splitlines(), 1) if "surged to 65,000" in row)
    result = _run("build", "--all", cwd=root)
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("fawbrief: error: data/facts/jiefang.yaml:"), result.stderr
    assert "excerpt is not in jiefang-profile paragraph 4" in result.stderr and "nearest passage" in result.stderr
    assert int(first.split(":")[3]) <= line  # the fact's own entry, at or above the excerpt's line
    assert not (root / "output" / "jiefang-executive.pptx").exists()
    assert _run("check", cwd=root).returncode == 2


def test_without_the_documents_the_tool_says_what_it_could_not_check(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(project, root)
    for path in (root / "sources").glob("*.txt"):
        path.unlink()
    result = _run("build", "jiefang", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("fawbrief: note:") == 1 and "3 of 3 source documents not found" in result.stderr
    assert _run("check", cwd=root).returncode == 2
    assert _run("build", "jiefang", "--strict", cwd=root).returncode == 2


def test_a_bad_project_file_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "fawbrief.toml").write_text('[project]\ndata = "data"\ntemplatez = ["t"]\n', encoding="utf-8")
    result = _run("list", cwd=tmp_path)
    assert result.returncode == 2
    assert f"{tmp_path / 'fawbrief.toml'}:3: project.templatez: unknown key" in result.stderr


def test_an_unknown_deck_or_subject_is_bad_input_from_the_data() -> None:
    result = CliRunner().invoke(main, ["build", "nope"])
    assert result.exit_code == 2 and "unknown deck 'nope' (decks: jiefang, faw-vw, auto-city)" in result.output
    result = CliRunner().invoke(main, ["facts", "--subject", "nope"])
    assert result.exit_code == 2 and "unknown subject 'nope'" in result.output


def test_the_wheel_carries_the_built_in_project(tmp_path: Path) -> None:
    """`pip wheel .`, installed (without its dependencies, which this environment has) into a folder that
    shadows the checkout: from an empty folder it builds the three decks and makes a project that verifies."""
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
                           capture_output=True, text=True, timeout=600, check=False)
    if built.returncode != 0 and "No matching distribution" in built.stderr:
        pytest.skip("no package index to build the wheel with")
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("fawbrief-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "fawbrief/resources/project/fawbrief.toml" in names
    assert "fawbrief/resources/project/templates/themes/default.pptx" in names
    assert "fawbrief/resources/project/tests/golden/fawbrief-goldens.json" in names
    with zipfile.ZipFile(wheel) as archive:
        (points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert "[pytest11]\nfawbrief = fawbrief.golden.plugin" in archive.read(points).decode()
    assert not [n for n in names if n.startswith("fawbrief/resources/project/sources/") and n.endswith(".txt")]
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    empty = tmp_path / "empty"
    empty.mkdir()

    def run(*args: str, cwd: Path = empty) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "fawbrief", *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=300, check=False)

    where = subprocess.run([sys.executable, "-c", "import fawbrief; print(fawbrief.__file__)"], env=env,
                           capture_output=True, text=True, check=True, cwd=empty)
    assert where.stdout.startswith(str(site)), where.stdout  # the wheel's copy, not the checkout
    result = run("build", "--all")
    assert result.returncode == 0, result.stderr
    assert len(list((empty / "output").glob("*.pptx"))) == 3
    assert "source documents not found" in result.stderr  # the wheel ships no documents, and says so
    assert run("new", "proj").returncode == 0
    for path in SOURCES.glob("*.txt"):
        shutil.copyfile(path, empty / "proj" / "sources" / path.name)
    assert run("verify", cwd=empty / "proj").returncode == 0


@needs_sources
def test_the_freshness_window_comes_from_the_project(project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # The build date is today's unless pinned (the cover shows it since issue 16): pinned to 1 January 2026, a
    # window of 0 years starts that day, whatever the day the test runs.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())))
    root = tmp_path / "p"
    shutil.copytree(project, root)
    config = root / "fawbrief.toml"
    text = config.read_text(encoding="utf-8")
    assert "freshness_years = 2" in text
    passed = _run("build", "faw-vw", "--strict", "-o", str(tmp_path / "a"), cwd=root)
    assert passed.returncode == 0, passed.stderr  # every rule, the grid rules included
    config.write_text(text.replace("freshness_years = 2", "freshness_years = 0"), encoding="utf-8")
    result = _run("build", "faw-vw", "--strict", "-o", str(tmp_path / "b"), cwd=root)
    assert result.returncode == 1 and "older than the freshness window (from 2026-01-01)" in result.stderr
