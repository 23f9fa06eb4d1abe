"""``fawbrief dump``: the canonical content of a deck we built, and of one we did not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Inches

from fawbrief.cli.main import build_time, main
from fawbrief.facts.base import load_factbase
from fawbrief.facts.formatting import format_period
from fawbrief.pipeline.build import load_project, render_deck
from fawbrief.read.dump import canonical, dump_file

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("decks")
    result = CliRunner().invoke(main, ["build", "jiefang", "auto-city", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def jiefang(decks: Path) -> dict:
    return json.loads(dump_file(decks / "jiefang-executive.pptx", "json"))


def slide_with_fact(doc: dict, fact_id: str) -> dict:
    return next(slide for slide in doc["slides"] if fact_id in slide.get("facts", []))


def texts(slide: dict) -> list[str]:
    return [p["text"] for block in slide["blocks"] if block["kind"] == "text" for p in block["paragraphs"]]


def test_layout_names_and_titles(jiefang: dict) -> None:
    layouts = [slide["layout"] for slide in jiefang["slides"]]
    assert layouts[0] == "Title Slide"
    assert "Title and Content" in layouts and "Title Only" in layouts
    assert [slide["number"] for slide in jiefang["slides"]] == list(range(1, len(layouts) + 1))
    assert jiefang["title"].startswith("FAW Jiefang")
    assert all(slide["title"] for slide in jiefang["slides"])


def test_kpi_value_and_notes_citation(jiefang: dict) -> None:
    slide = slide_with_fact(jiefang, "jiefang.exports.annual_units")
    lines = texts(slide)
    assert lines[lines.index("60,000"):lines.index("60,000") + 3] == ["60,000", "units", "Annual exports"]
    assert any("[jiefang.exports.annual_units] — FAW Jiefang profile, undated (latest events 2025), paragraph 4" in line
               for line in slide["notes"])
    assert not any(re.fullmatch(r"\d+", line) for line in lines[-1:])  # no slide-number field


def test_fact_ids_are_those_the_model_used(jiefang: dict) -> None:
    project = load_project(DATA)
    spec = render_deck(project, "jiefang", "executive", "en", build_time())
    assert [slide["facts"] for slide in jiefang["slides"]] == [list(slide.facts) for slide in spec.slides]


def test_picture_chart_has_alt_text_and_hash(jiefang: dict) -> None:
    pictures = [b for s in jiefang["slides"] for b in s["blocks"] if b["kind"] == "picture"]
    assert pictures
    for picture in pictures:
        assert picture["content_type"] == "image/png"
        assert re.fullmatch(r"[0-9a-f]{64}", picture["sha256"])
    assert any("Overseas sales target 180,000" in p["alt_text"] for p in pictures)


def test_table_cells_and_markdown(decks: Path) -> None:
    doc = json.loads(dump_file(decks / "auto-city-executive.pptx", "json"))
    tables = [b["rows"] for s in doc["slides"] for b in s["blocks"] if b["kind"] == "table"]
    assert ["FAW Group", "1,622,279 (+1.5%)", "1,630,923 (+2.3%)"] in [row for t in tables for row in t]
    md = dump_file(decks / "auto-city-executive.pptx", "md")
    assert "| FAW Group | 1,622,279 (+1.5%) | 1,630,923 (+2.3%) |" in md
    assert md.startswith("# ") and "\n## Slide 2: " in md and "\nlayout: Title and Content\n" in md
    assert "\nfacts: faw_group.h1_2020.production, " in md
    assert "\npicture image/png sha256:" in md and "\n- alt: Grouped bar chart" in md
    assert "\n> Sources for this slide:\n" in md


def test_yaml_and_json_agree(decks: Path) -> None:
    path = decks / "jiefang-executive.pptx"
    assert yaml.safe_load(dump_file(path, "yaml")) == json.loads(dump_file(path, "json"))


def test_native_chart_categories_and_values(tmp_path: Path) -> None:
    """The brands' production chart, found by its categories in whichever auto-city audience shows it (the
    decks' content moves: issue 16), read back with its categories, values and alt text."""
    result = CliRunner().invoke(main, ["build", "auto-city", "-a", "all", "--charts", "native", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    found = [(path, chart) for path in sorted(tmp_path.glob("auto-city-*.pptx"))
             for s in canonical(path.read_bytes())["slides"] for chart in s["blocks"]
             if chart["kind"] == "chart" and chart["categories"] == ["Hongqi", "Jiefang"]]
    assert found, "no auto-city deck shows the brands' production chart"
    path, production = found[0]
    assert production["type"] == "COLUMN_CLUSTERED"
    assert production["series"][0] == {"name": "Production", "values": [69759, 232164]}
    assert production["alt_text"].startswith("Grouped bar chart")
    md = dump_file(path)
    # no caption: the unit went into the first value label, as on the picture (commit 56829b6)
    assert "\nchart COLUMN_CLUSTERED\n- categories: Hongqi; Jiefang\n- series “Production”: 69759; 232164\n" in md


def test_dump_does_not_depend_on_the_build_date_beyond_the_cover(tmp_path: Path) -> None:
    """Since issue 16 the cover's subtitle shows the build date on purpose ("built Nov 14, 2023"), so the
    dump of a deck built on another day differs there, in the date's words, and nowhere else."""
    dumps = []
    for epoch in ("1700000000", "1800000000"):
        out = tmp_path / epoch
        result = CliRunner(env={"SOURCE_DATE_EPOCH": epoch}).invoke(main, ["build", "faw-vw", "-o", str(out)])
        assert result.exit_code == 0, result.output
        dumps.append(dump_file(out / "faw-vw-executive.pptx", "json"))
    assert dumps[0] != dumps[1]
    languages = load_factbase(DATA).languages  # the two epochs' days, as the source language's cover writes them
    shown = tuple(format_period(day, languages.get(languages.source.code)) for day in ("2023-11-14", "2027-01-15"))
    assert dumps[0].count(shown[0]) == 1 and dumps[1].count(shown[1]) == 1
    assert dumps[0].replace(shown[0], shown[1]) == dumps[1]
    cover = json.loads(dumps[0])["slides"][0]
    assert cover["layout"] == "Title Slide" and any(shown[0] in text for text in texts(cover))


def test_foreign_deck_reading_order_groups_and_no_fact_record(tmp_path: Path) -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # Title Only
    slide.shapes.title.text = "A deck someone else made"
    slide.shapes.add_textbox(Inches(5), Inches(3), Inches(2), Inches(1)).text_frame.text = "right"
    slide.shapes.add_textbox(Inches(1), Inches(5), Inches(2), Inches(1)).text_frame.text = "bottom"
    group = slide.shapes.add_group_shape()
    group.shapes.add_textbox(Inches(3), Inches(2.5), Inches(1), Inches(1)).text_frame.text = "group second"
    group.shapes.add_textbox(Inches(1), Inches(2.5), Inches(1), Inches(1)).text_frame.text = "group first"
    slide.shapes.add_textbox(Inches(1), Inches(3), Inches(2), Inches(1)).text_frame.text = "left"
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(6), Inches(4), Inches(1)).table
    table.cell(0, 0).text, table.cell(1, 1).text = "head", "line one\vline two"
    slide.notes_slide.notes_text_frame.text = "say this"
    path = tmp_path / "theirs.pptx"
    prs.save(str(path))
    doc = json.loads(dump_file(path, "json"))
    (only,) = doc["slides"]
    assert "facts" not in only
    assert only["title"] == "A deck someone else made" and only["layout"] == "Title Only"
    assert texts(only) == ["group first", "group second", "left", "right", "bottom"]
    assert only["blocks"][-1] == {"kind": "table", "rows": [["head", ""], ["", "line one\nline two"]]}
    assert only["notes"] == ["say this"]
    md = dump_file(path)
    assert "\nfacts:" not in md and "|  | line one<br>line two |" in md


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_not_a_deck_is_one_line_exit_2(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.pptx"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["dump", str(path)])
    assert result.exit_code == 2
    assert result.output.strip() == f"fawbrief: error: {path}: not a PowerPoint file"


def test_missing_file_and_cli_formats(decks: Path, tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["dump", str(tmp_path / "nope.pptx")]).exit_code == 2
    result = CliRunner().invoke(main, ["dump", str(decks / "jiefang-executive.pptx"), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["slides"][0]["layout"] == "Title Slide"
