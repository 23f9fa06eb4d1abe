"""Reading decks under faults (issue 19, items 4 and 17): ``dump --format yaml`` works on decks with charts,
and a package that names a relationship it does not hold is bad input (exit 2, one line), not a crash."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from badinput import invoke, one_error


@pytest.fixture(scope="module")
def native(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("native")
    assert invoke("build", "jiefang", "--charts", "native", "-o", out).code == 0
    return out / "jiefang-executive.pptx"


def plain_chart_deck(path: Path) -> Path:
    """A deck python-pptx writes the way its documentation shows, with one chart."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    data = CategoryChartData()
    data.categories = ["East", "West"]
    data.add_series("Sales", (19.2, 21.4))
    slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1), Inches(6), Inches(4), data)
    prs.save(str(path))
    return path


@pytest.mark.parametrize("which", ["native", "python-pptx"])
def test_yaml_dump_of_a_deck_with_charts(tmp_path: Path, native: Path, which: str) -> None:
    deck = native if which == "native" else plain_chart_deck(tmp_path / "plain.pptx")
    as_yaml = invoke("dump", deck, "--format", "yaml")
    assert as_yaml.code == 0, as_yaml.stderr
    as_json = invoke("dump", deck, "--format", "json")
    assert yaml.safe_load(as_yaml.stdout) == json.loads(as_json.stdout)
    assert any(block["kind"] == "chart" for slide in json.loads(as_json.stdout)["slides"] for block in slide["blocks"])


def rewritten(source: Path, target: Path, member: str, edit: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, edit(data) if info.filename == member else data)
    return target


@pytest.mark.parametrize(("member", "pattern", "message"), [
    ("ppt/slides/_rels/slide1.xml.rels", rb'<Relationship [^>]*slideLayout[^>]*/>', "no relationship of type"),
    ("ppt/_rels/presentation.xml.rels", rb'<Relationship Id="rId\d+"[^>]*slides/slide2\.xml"/>',
     "no relationship with key"),
])
@pytest.mark.parametrize("command", ["dump", "lint"])
def test_a_dangling_relationship_is_bad_input(tmp_path: Path, native: Path, member: str, pattern: bytes,
                                               message: str, command: str) -> None:
    def drop(data: bytes) -> bytes:
        changed = re.sub(pattern, b"", data)
        assert changed != data, "the relationship was there to drop"
        return changed

    deck = rewritten(native, tmp_path / "broken.pptx", member, drop)
    msg = one_error(invoke(command, deck), 2)
    assert msg.startswith(f"{deck}: broken package: {message}"), msg


def test_the_broken_decks_are_still_zips(tmp_path: Path, native: Path) -> None:
    deck = rewritten(native, tmp_path / "copy.pptx", "ppt/presentation.xml", lambda data: data)
    with zipfile.ZipFile(io.BytesIO(deck.read_bytes())) as archive:
        assert archive.testzip() is None
    assert invoke("dump", deck).code == 0


@pytest.mark.parametrize("command", ["dump", "lint"])
def test_a_huge_text_node_is_named_as_such(tmp_path: Path, native: Path, command: str) -> None:
    """A slide holding an 11 MB text node is refused by the opener's limits before lxml sees it, and the
    message names the part, not "not a PowerPoint file"."""
    deck = rewritten(native, tmp_path / "huge.pptx", "ppt/slides/slide1.xml",
                     lambda data: re.sub(rb"<a:t>[^<]*</a:t>", b"<a:t>" + b"x" * 11_000_000 + b"</a:t>", data, count=1))
    msg = one_error(invoke(command, deck), 2)
    assert msg.startswith(f"{deck}: part 'ppt/slides/slide1.xml' "), msg
    assert "not a PowerPoint file" not in msg
