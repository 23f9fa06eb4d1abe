"""``fawbrief theme check`` and ``fawbrief theme annotate`` (issue 15): a master's contract with the decks,
and its layouts labelled, on masters of the corpus (``scripts/make_masters.py``)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pptx
import pytest

from badinput import invoke, one_error
from fawbrief.core.layouts import LAYOUT_IDS
from fawbrief.read.lint import Linter

REPO = Path(__file__).resolve().parents[1]


def _make_masters_module():
    spec = importlib.util.spec_from_file_location("make_masters", REPO / "scripts" / "make_masters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = _make_masters_module()
UNTYPED_MAPPING = ("--layout", "content=Text page", "--layout", "section=Chapter")


@pytest.fixture(scope="module")
def masters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("theme-cli")
    MAKE.write_all(folder, ["chinese", "wide-13in", "untyped", "classic-4x3"])
    return folder


def test_check_prints_roles_placeholders_size_fonts_and_colours(masters: Path) -> None:
    out = invoke("theme", "check", masters / "chinese.pptx")
    assert out.code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[1] == "slide: 13.33 × 7.50 in (16:9)"
    assert lines[2].startswith("fonts: headings ") and "微软雅黑" in lines[2]
    assert lines[4].startswith("colours: dk1 #") and "accent1 #" in lines[4]
    content = lines.index("  content → '标题和内容' (type obj): found by its placeholder type")
    placeholders = lines[content + 1:content + 3]
    assert placeholders[0].startswith("    title idx 0 ") and placeholders[0].endswith("— the title")
    assert placeholders[1].startswith("    obj idx 1 ") and " in, " in placeholders[1]
    assert placeholders[1].endswith("— the body")
    assert any(line.startswith("    content goes in ") for line in lines[content:content + 8])
    roles = [line.split(" → ")[0].strip() for line in lines if " → " in line]
    assert roles == list(LAYOUT_IDS)
    assert lines[lines.index("layouts:") + 1].startswith("  '标题幻灯片' (type title): ")


def test_check_json_gives_positions_in_inches(masters: Path) -> None:
    out = invoke("theme", "check", masters / "wide-13in.pptx", "--json")
    assert out.code == 0, out.stderr
    found = json.loads(out.stdout)
    assert found["slide"] == {"width_in": 13.333, "height_in": 7.5, "shape": "16:9"}
    content = next(role for role in found["roles"] if role["role"] == "content")
    title = next(ph for ph in content["placeholders"] if ph["part"] == "title")
    assert title["type"] == "title" and title["idx"] == 0 and title["width_in"] > 0
    area = content["body_area"]
    assert area["top_in"] >= title["top_in"] + title["height_in"]  # content goes below the title (band)
    assert area["left_in"] + area["width_in"] <= 13.333


def test_check_names_a_mapping_and_refuses_an_unmappable_master(masters: Path) -> None:
    refused = invoke("theme", "check", masters / "untyped.pptx")
    assert refused.code == 2, refused.stderr
    assert "theme has no layout for" in refused.stderr and "Traceback" not in refused.stderr
    assert "--layout" in refused.stderr  # the mapping that would fix it
    mapped = invoke("theme", "check", masters / "untyped.pptx", *UNTYPED_MAPPING)
    assert mapped.code == 0, mapped.stderr
    assert "  content → 'Text page' (type none): mapped (--layout, [theme.layouts])" in mapped.stdout.splitlines()


def test_check_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    message = one_error(invoke("theme", "check", tmp_path / "nope.pptx"), 2)
    assert "nope.pptx" in message


@pytest.mark.parametrize("name", ["chinese", "wide-13in", "classic-4x3"])
def test_annotate_labels_every_placeholder_of_every_layout(masters: Path, tmp_path: Path, name: str) -> None:
    out_path = tmp_path / "annotated.pptx"
    out = invoke("theme", "annotate", masters / f"{name}.pptx", "-o", out_path)
    assert out.code == 0, out.stderr
    master = pptx.Presentation(str(masters / f"{name}.pptx"))
    deck = pptx.Presentation(str(out_path))
    assert [s.slide_layout.name for s in deck.slides] == [layout.name for layout in master.slide_layouts]
    for slide, layout in zip(deck.slides, master.slide_layouts, strict=True):
        labels = {int(ph.placeholder_format.idx): ph.text_frame.text for ph in slide.placeholders}
        for ph in layout.placeholders:
            idx = int(ph.placeholder_format.idx)
            assert labels[idx].startswith(f"idx {idx}") or f" idx {idx}" in labels[idx], (layout.name, labels)
        caption = next(shape for shape in slide.shapes if shape.name == "Layout (fawbrief)")
        assert caption.text_frame.text.startswith(f"layout '{layout.name}' (")
    assert Linter().lint_file(out_path) == []


def test_annotate_shows_a_master_the_build_refuses(masters: Path, tmp_path: Path) -> None:
    out = invoke("theme", "annotate", masters / "untyped.pptx", "-o", tmp_path / "a.pptx")
    assert out.code == 0, out.stderr
    deck = pptx.Presentation(str(tmp_path / "a.pptx"))
    captions = [next(s for s in slide.shapes if s.name == "Layout (fawbrief)").text_frame.text for slide in deck.slides]
    assert captions and all(caption.endswith("serves no role") for caption in captions)
    mapped = invoke("theme", "annotate", masters / "untyped.pptx", "-o", tmp_path / "b.pptx", *UNTYPED_MAPPING)
    assert mapped.code == 0, mapped.stderr
    deck = pptx.Presentation(str(tmp_path / "b.pptx"))
    cover = next(slide for slide in deck.slides if slide.slide_layout.name == "Cover")
    assert any(s.name == "Layout (fawbrief)" and s.text_frame.text.endswith("serves title") for s in cover.shapes)
    text_page = next(slide for slide in deck.slides if slide.slide_layout.name == "Text page")
    assert any(s.name == "Body area (fawbrief)" for s in text_page.shapes)
