"""Reviewing golden changes: filters, updates of one variant, files beside the goldens, the summary that names
each changed fact, catalog entry and template, new and stale goldens, JSON, colour, CRLF and portability."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, unsourced
from deckfind import deck_spec, derived_closure, first_recording, goldens_recording, slide_with_key, slides_recording
from fawbrief.cli.main import main
from fawbrief.facts.base import load_factbase
from fawbrief.golden.store import RECORD
from fawbrief.golden.verify import DEFAULT_GOLDEN, verify
from test_golden import change_fact_value

EXEC = ["jiefang", "-a", "executive"]
EXPORTS = "jiefang.exports.annual_units"


@pytest.fixture()
def golden(tmp_path: Path) -> Path:
    """A writable copy of the shipped goldens and their record."""
    target = tmp_path / "golden"
    shutil.copytree(DEFAULT_GOLDEN, target)
    return target


def run(*args: str, color: bool = False):
    return CliRunner().invoke(main, list(args), color=color)


def changed_exports(data: Path, label: bool = False) -> Path:
    """``data`` with the annual exports at 65,000 (and relabelled with ``label``)."""
    change_fact_value(unsourced(data), "jiefang.exports.annual_units", "60000", "65000")
    if label:
        path = data / "facts" / "jiefang.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.count("label: Annual exports\n") == 1
        path.write_text(text.replace("label: Annual exports\n", "label: Yearly exports\n"), encoding="utf-8")
    return data


def test_filters_choose_the_variants_and_unknown_names_are_bad_input(golden: Path) -> None:
    result = run("verify", "jiefang", "-a", "executive", "-a", "media", "--lang", "zh-CN", "--golden", str(golden),
                 "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert [v["variant"] for v in body["variants"]] == ["jiefang/executive/zh-CN", "jiefang/media/zh-CN"]
    assert body["ok"] and body["counts"] == {"same": 2, "changed": 0, "new": 0, "stale": 0}
    for args, message in ((["nope"], "unknown deck 'nope'"), (["-a", "nobody"], "unknown audience 'nobody'")):
        bad = run("verify", *args, "--golden", str(golden))
        assert bad.exit_code == 2 and message in bad.output and "Traceback" not in bad.output


def test_update_of_one_variant_leaves_the_others_differing(data_copy: Path, golden: Path) -> None:
    changed_exports(data_copy)
    before = {path.name: path.read_bytes() for path in golden.glob("*.md")}
    result = run("verify", *EXEC, "--lang", "en", "--golden", str(golden), "--data", str(data_copy), "--update")
    assert result.exit_code == 0, result.output
    assert f"updated {golden / 'jiefang-executive.md'}" in result.output.splitlines()
    after = {path.name: path.read_bytes() for path in golden.glob("*.md")}
    assert [name for name in before if before[name] != after[name]] == ["jiefang-executive.md"]
    check = run("verify", "jiefang", "--golden", str(golden), "--data", str(data_copy), "--json")
    assert check.exit_code == 1
    status = {v["variant"]: v["status"] for v in json.loads(check.stdout)["variants"]}
    assert status["jiefang/executive"] == "same"
    assert status["jiefang/investor"] == status["jiefang/executive/zh-CN"] == "changed"


def test_files_beside_the_goldens_survive_and_only_stale_goldens_verify_wrote_go(golden: Path) -> None:
    for name in ("CHANGELOG.md", "CONTRIBUTING.md", "README.md", "notes-by-hand.md"):
        (golden / name).write_text(f"# {name}, not a golden\n", encoding="utf-8")
    record = json.loads((golden / RECORD).read_text(encoding="utf-8"))
    record["goldens"]["jiefang-retired.md"] = {**record["goldens"]["jiefang-executive.md"], "audience": "retired"}
    (golden / RECORD).write_text(json.dumps(record), encoding="utf-8")
    shutil.copyfile(golden / "jiefang-executive.md", golden / "jiefang-retired.md")
    check = run("verify", "--golden", str(golden), "--stat")
    assert check.exit_code == 1
    assert f"stale {golden / 'jiefang-retired.md'}: jiefang/retired is no longer a variant" in check.output
    result = run("verify", "--golden", str(golden), "--update")
    assert result.exit_code == 0, result.output
    assert f"removed {golden / 'jiefang-retired.md'}" in result.output.splitlines()
    assert not (golden / "jiefang-retired.md").exists()
    for name in ("CHANGELOG.md", "CONTRIBUTING.md", "README.md", "notes-by-hand.md"):
        assert (golden / name).read_text(encoding="utf-8") == f"# {name}, not a golden\n"
    assert "jiefang-retired.md" not in json.loads((golden / RECORD).read_text(encoding="utf-8"))["goldens"]
    assert run("verify", "--golden", str(golden)).exit_code == 0


def test_a_label_and_value_change_is_named_old_to_new_in_the_first_lines(data_copy: Path, golden: Path) -> None:
    changed_exports(data_copy, label=True)
    # The variants that change are those whose decks record the fact or a fact derived from it (read from the
    # goldens' facts lines), and the first slide named is the first that records it: found, not assumed.
    touched = goldens_recording(golden, derived_closure(load_factbase(REPO / "data"), [EXPORTS]))
    assert "jiefang-executive.md" in touched and "faw-vw-executive.md" not in touched
    first, _ = first_recording(deck_spec("jiefang", data=data_copy), EXPORTS)
    result = run("verify", "--golden", str(golden), "--data", str(data_copy), "--stat")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (f"verify: 30 variant(s) against {golden}: {30 - len(touched)} same, {len(touched)} changed, "
                        "0 new, 0 stale")
    assert lines[1] == ('fact jiefang.exports.annual_units: label "Annual exports" → "Yearly exports", '
                        "value 60000 → 65000")
    assert re.fullmatch(rf"  jiefang/executive: slides {first}(, \d+)*", lines[2]), lines[2]
    # the Chinese variants keep their own label: only the value changed there
    assert "fact jiefang.exports.annual_units: value 60000 → 65000" in lines
    assert "fact jiefang.sprint2030.overseas_multiple_of_exports: value 3.0 → 2.8" in lines  # derived from it
    assert "===" not in result.stdout  # --stat: the summary alone
    full = run("verify", "--golden", str(golden), "--data", str(data_copy))
    assert full.stdout.startswith(result.stdout.split("\n", 1)[0])
    assert f"\n=== jiefang/executive · slide {first}: " in full.stdout and "[-Annual-]" in full.stdout
    assert max(len(line) for line in full.stdout.splitlines()) < 260  # long citations are cut around the change


def test_a_catalog_entry_change_is_named_with_the_slides_it_touches(data_copy: Path, golden: Path) -> None:
    # The entry is the sources slide's title (the agenda slide it used to be is gone); the slide it touches is
    # the one the template writes as key="sources", found in the deck.
    po = data_copy / "i18n" / "zh-CN" / "messages.po"
    text = po.read_text(encoding="utf-8")
    assert text.count('msgid "Sources"\nmsgstr "资料来源"\n') == 1
    po.write_text(text.replace('msgid "Sources"\nmsgstr "资料来源"\n', 'msgid "Sources"\nmsgstr "参考文献"\n'),
                  encoding="utf-8")
    sources = slide_with_key(deck_spec("jiefang", lang="zh-CN"), "sources")
    report = verify(golden, data_copy, decks=["jiefang"], audiences=["executive"])
    (change,) = report.changes
    assert (change.kind, change.key, change.lang, change.fields) == ("message", "Sources", "zh-CN",
                                                                     [("text", "资料来源", "参考文献")])
    assert change.touches == {"jiefang/executive/zh-CN": [str(sources)]}
    result = run("verify", *EXEC, "--golden", str(golden), "--data", str(data_copy), "--stat")
    assert result.stdout.splitlines()[1] == 'catalog entry (zh-CN) "Sources": "资料来源" → "参考文献"'


def test_a_template_change_is_named_with_the_variants_that_render_it(golden: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    # The deck's own slides (their keys, read from the built deck) with the two after the summary swapped.
    keys = [slide.key for slide in deck_spec("jiefang").slides]
    keys[2], keys[3] = keys[3], keys[2]
    order = "{% set slide_order = [" + ", ".join(f'"{key}"' for key in keys) + "] %}\n"
    with (templates / "decks" / "jiefang" / "executive.j2").open("a", encoding="utf-8") as handle:
        handle.write(order)
    report = verify(golden, REPO / "data", (templates,), decks=["jiefang"])
    assert [o.variant.label for o in report.named("changed")] == ["jiefang/executive", "jiefang/executive/zh-CN"]
    (change,) = report.changes
    assert (change.kind, change.key) == ("template", "decks/jiefang/executive.j2")
    assert set(change.touches) == {"jiefang/executive", "jiefang/executive/zh-CN"}
    assert all(change.touches.values())


def test_new_goldens_are_new_with_a_hint_naming_the_options_it_needs(golden: Path) -> None:
    (golden / "faw-vw-media-zh-CN.md").unlink()
    result = run("verify", "faw-vw", "--golden", str(golden))
    assert result.exit_code == 1
    assert (f"new faw-vw/media/zh-CN: no golden {golden / 'faw-vw-media-zh-CN.md'} (add it: fawbrief verify "
            f"--golden {golden} faw-vw -a media --lang zh-CN --update)") in result.stdout.splitlines()
    assert ": 9 same, 0 changed, 1 new, 0 stale" in result.stdout.splitlines()[0]


def test_goldens_checked_out_with_crlf_still_match(golden: Path) -> None:
    for path in [*golden.glob("*.md"), golden / RECORD]:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert verify(golden, REPO / "data", decks=["jiefang"], audiences=["executive"]).ok


def test_the_record_is_the_same_bytes_wherever_it_is_written(tmp_path: Path) -> None:
    records = []
    for where in ("a", "deeper/b"):
        folder = tmp_path / where / "golden"
        result = run("verify", *EXEC, "--golden", str(folder), "--update")
        assert result.exit_code == 0 and f"added {folder / 'jiefang-executive.md'}" in result.output
        records.append((folder / RECORD).read_bytes())
        assert (folder / "jiefang-executive.md").read_bytes() == (DEFAULT_GOLDEN / "jiefang-executive.md").read_bytes()
    assert records[0] == records[1]
    assert str(tmp_path).encode() not in records[0] and str(REPO).encode() not in records[0]
    assert b"\r" not in records[0]


def test_colour_only_when_asked_for_a_terminal(data_copy: Path, golden: Path) -> None:
    changed_exports(data_copy)
    args = ["verify", *EXEC, "--lang", "en", "--golden", str(golden), "--data", str(data_copy)]
    plain, coloured = run(*args), run(*args, color=True)
    assert "\x1b[" not in plain.output and "\x1b[" in coloured.output
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.output) == plain.output


def test_json_names_each_change_with_old_and_new(data_copy: Path, golden: Path) -> None:
    changed_exports(data_copy)
    result = run("verify", *EXEC, "--lang", "en", "--golden", str(golden), "--data", str(data_copy), "--json")
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert not body["ok"] and body["variants"][0]["status"] == "changed"
    first = body["changes"][0]
    assert first["key"] == "jiefang.exports.annual_units"
    assert first["fields"] == [{"field": "value", "old": 60000, "new": 65000}]
    recording = slides_recording(deck_spec("jiefang", data=data_copy), EXPORTS)
    assert first["touches"][0]["variant"] == "jiefang/executive"
    assert str(recording[0]) in first["touches"][0]["slides"]
    assert set(first["touches"][0]["slides"]) <= set(map(str, recording))  # only slides that record the fact


def test_a_custom_audience_needs_only_its_own_goldens_and_survives_an_update_without_it(golden: Path,
                                                                                         tmp_path: Path) -> None:
    assert run("templates", "init", "board", "-o", str(tmp_path)).exit_code == 0
    board = ["-t", str(tmp_path / "board"), "--golden", str(golden), "--lang", "en"]  # untranslated yet
    added = run("verify", "-a", "board", *board, "--update")
    assert added.exit_code == 0, added.output
    assert sorted(line.split("/")[-1] for line in added.output.splitlines() if line.startswith("added ")) == [
        f"{deck}-board.md" for deck in ("auto-city", "faw-vw", "jiefang")]
    assert run("verify", "-a", "board", *board).exit_code == 0  # the built-in audiences' goldens not needed
    without = run("verify", "--golden", str(golden), "--update")
    assert without.exit_code == 0, without.output
    assert (golden / "jiefang-board.md").is_file() and "removed" not in without.output
    check = run("verify", "--golden", str(golden))
    assert check.exit_code == 0
    assert (f"not checked {golden / 'jiefang-board.md'}: its audience 'board' comes from a template folder this "
            "run does not have (pass it with -t DIR)") in check.output
