"""Golden files: the shipped goldens match the build, and a change shows up as a readable diff.

When this fails after an intended change to facts or templates, review the diff
and accept it with ``fawbrief verify --update`` (then commit ``tests/golden/``).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import unsourced
from deckfind import deck_spec, first_recording
from fawbrief.cli.main import main
from fawbrief.golden.report import render
from fawbrief.golden.slides import slide_changes, split_slides
from fawbrief.golden.store import RECORD
from fawbrief.golden.verify import DEFAULT_GOLDEN, variants, verify
from fawbrief.pipeline.build import load_project

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


def change_fact_value(data: Path, fact_id: str, old: str, new: str) -> None:
    path = data / "facts" / f"{fact_id.split('.')[0]}.yaml"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(- id: {re.escape(fact_id)}\n(?:[ \t]+.*\n)*?[ \t]+value: ){re.escape(old)}\n")
    changed, count = pattern.subn(rf"\g<1>{new}\n", text, count=1)
    assert count == 1, f"{fact_id} value {old} not found"
    path.write_text(changed, encoding="utf-8")


def test_shipped_goldens_match_the_build() -> None:
    report = verify(DEFAULT_GOLDEN, DATA)
    assert report.checked == 30 and report.ok, "goldens differ; review and run `fawbrief verify --update`:\n" + (
        render(report, DEFAULT_GOLDEN))


def test_there_is_a_golden_for_every_variant_and_nothing_else() -> None:
    expected = {variant.golden_name for variant in variants(load_project(DATA))}
    assert len(expected) >= 15
    assert {path.name for path in DEFAULT_GOLDEN.glob("*.md")} == expected
    assert set(json.loads((DEFAULT_GOLDEN / RECORD).read_text(encoding="utf-8"))["goldens"]) == expected


def test_verify_cli_passes_on_a_fresh_checkout() -> None:
    result = CliRunner().invoke(main, ["verify"])
    assert result.exit_code == 0, result.output
    assert "goldens match" in result.output


def test_changed_fact_fails_with_a_diff_naming_the_number_and_the_slide(data_copy: Path) -> None:
    change_fact_value(unsourced(data_copy), "jiefang.exports.annual_units", "60000", "65000")
    result = CliRunner().invoke(main, ["verify", "--data", str(data_copy)])
    assert result.exit_code == 1
    out = result.output
    # The diff is headed by the first slide that records the fact, numbered and titled as built now (found in
    # the DeckSpec, not assumed: the title may or may not carry the figure, and the slide may move).
    number, title = first_recording(deck_spec("jiefang", data=data_copy), "jiefang.exports.annual_units")
    assert f"\n=== jiefang/executive · slide {number}: {title}\n" in out
    assert "\n-- [-60,000-]\n+- {+65,000+}\n" in out  # the KPI card, the changed word marked
    assert "+> • Annual exports: {+65,000+} units (undated) [jiefang.expo" in out
    assert "(golden)\n+++ built now\n@@" in out
    assert not re.search(r"^=== (faw-vw|auto-city)/", out, re.M)  # only the decks that use the fact
    assert re.search(r"fawbrief: error: \d+ golden file\(s\) differ from the build .*verify --data \S+ --update", out)
    assert "\x1b[" not in out  # no colour outside a terminal


def test_update_rewrites_adds_and_removes_then_verify_passes(data_copy: Path, tmp_path: Path) -> None:
    golden = tmp_path / "golden"
    shutil.copytree(DEFAULT_GOLDEN, golden)
    (golden / "faw-vw-media.md").unlink()
    (golden / "jiefang-retired.md").write_text("# stale\n", encoding="utf-8")
    (golden / "README.md").write_text("not a golden\n", encoding="utf-8")
    change_fact_value(unsourced(data_copy), "jiefang.exports.annual_units", "60000", "65000")
    args = ["verify", "--golden", str(golden), "--data", str(data_copy)]
    result = CliRunner().invoke(main, [*args, "--update"])
    assert result.exit_code == 0, result.output
    lines = set(result.output.splitlines())
    assert f"added {golden / 'faw-vw-media.md'}" in lines
    assert f"updated {golden / 'jiefang-executive.md'}" in lines
    assert not any(line.startswith("removed") for line in lines)  # the record never named it: not ours
    assert not any("faw-vw" in line for line in lines if line.startswith("updated"))
    assert (golden / "README.md").exists() and (golden / "jiefang-retired.md").exists()
    assert CliRunner().invoke(main, args).exit_code == 0
    assert CliRunner().invoke(main, ["verify", "--golden", str(golden)]).exit_code == 1


def test_inserted_slide_is_one_added_slide_not_a_cascade() -> None:
    text = (DEFAULT_GOLDEN / "jiefang-executive.md").read_text(encoding="utf-8")
    head, slides = split_slides(text)
    assert head.startswith("# ") and len(slides) >= 10
    later = [re.sub(r"^## Slide (\d+):", lambda m: f"## Slide {int(m[1]) + 1}:", s) for s in slides[2:]]
    inserted = head + "".join([*slides[:2], "## Slide 3: New\n\nlayout: Title Only\n", *later])
    (change,) = slide_changes(text, inserted)
    assert (change.number, change.title, change.kind) == ("3", "New", "added")
    assert change.after.startswith("## Slide 3: New\n") and not change.before


@pytest.mark.parametrize("name", sorted(p.name for p in DEFAULT_GOLDEN.glob("*.md")))
def test_goldens_hold_no_volatile_fields(name: str) -> None:
    text = (DEFAULT_GOLDEN / name).read_text(encoding="utf-8")
    assert not re.search(r"\brId\d+|\b20\d\d-\d\d-\d\dT|shape ?id", text)
    assert text.count("\nlayout: ") == text.count("\n## Slide ") > 0
