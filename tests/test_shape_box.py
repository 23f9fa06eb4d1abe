"""``core/shape_box`` gives every shape the box python-pptx gives it (``left``, ``top``, ``width``,
``height``; ``None`` read as 0): on the decks the tool builds, on a slide of every layout of every
master others made, and in the cases its layout cache could get wrong (a placeholder that inherits,
then gets a box of its own; a partial transform; a placeholder inside a group; two decks whose
layouts differ at the same placeholder idx)."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pptx
import pytest
from click.testing import CliRunner
from lxml import etree
from pptx.exc import InvalidXmlError
from pptx.util import Emu

from conftest import needs_sources
from fawbrief.cli.main import main
from fawbrief.core.shape_box import shape_box
from fawbrief.read.package import open_bytes, open_file

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "masters"
MASTERS = sorted(p for p in SHARED.glob("*") if p.suffix in (".pptx", ".potx"))
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _pptx_box(shape) -> tuple[int, int, int, int]:
    return (int(shape.left or 0), int(shape.top or 0), int(shape.width or 0), int(shape.height or 0))


def _all_shapes(shapes):
    for shape in shapes:
        yield shape
        if shape.shape_type is not None and hasattr(shape, "shapes") and shape.__class__.__name__ == "GroupShape":
            yield from _all_shapes(shape.shapes)


def _mismatches(prs) -> list[str]:
    found = []
    for number, slide in enumerate(prs.slides, 1):
        for shape in _all_shapes(slide.shapes):
            if shape_box(shape) != _pptx_box(shape):
                found.append(f"slide {number} {shape.name}: {shape_box(shape)} != {_pptx_box(shape)}")
    return found


@needs_sources
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_built_decks_agree_with_python_pptx(tmp_path: Path, lang: str) -> None:
    result = CliRunner().invoke(main, ["build", "jiefang", "-a", "all", "--lang", lang, "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    decks = sorted(tmp_path.glob("*.pptx"))
    assert len(decks) == 5
    checked = 0
    for deck in decks:
        prs = open_file(deck)
        assert _mismatches(prs) == []
        checked += sum(len(slide.shapes) for slide in prs.slides)
    assert checked > 100


@pytest.mark.skipif(not MASTERS, reason="needs ../shared/masters (the masters others made)")
@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.name)
def test_a_slide_of_every_layout_of_masters_others_made(master: Path) -> None:
    """A slide per layout: its placeholders have no box of their own, so each inherits (from the layout,
    or through it from the master), which is where the cache answers."""
    prs = open_bytes(master.read_bytes(), master)
    layouts = [layout for master_ in prs.slide_masters for layout in master_.slide_layouts]
    for layout in layouts:
        prs.slides.add_slide(layout)
    placeholders = [ph for slide in prs.slides for ph in slide.placeholders]
    assert placeholders, "the master's layouts hold placeholders"
    assert _mismatches(prs) == []
    # asked again (answers from the cache now), the same
    assert _mismatches(prs) == []


def _blank_deck():
    prs = pptx.Presentation()
    return prs, prs.slide_layouts[1]  # "Title and Content": a title and a body placeholder


def test_a_placeholder_that_inherits_then_gets_its_own_box() -> None:
    prs, layout = _blank_deck()
    slide = prs.slides.add_slide(layout)
    title = slide.shapes.title
    inherited = shape_box(title)
    assert inherited == _pptx_box(layout.placeholders[0]) and inherited[2] > 0
    title.left, title.top, title.width, title.height = Emu(1), Emu(2), Emu(3), Emu(4)
    assert shape_box(title) == (1, 2, 3, 4)
    other = prs.slides.add_slide(layout).shapes.title  # a new slide on the layout still inherits
    assert shape_box(other) == inherited


def test_a_partial_transform_reads_as_python_pptx_reads_it() -> None:
    prs, layout = _blank_deck()
    slide = prs.slides.add_slide(layout)
    body = slide.placeholders[1]
    body.left = Emu(12345)  # python-pptx writes an a:xfrm holding only what it was given
    xfrm = body._element.spPr.find(f"{A}xfrm")
    assert xfrm is not None and (xfrm.find(f"{A}off") is None) != (xfrm.find(f"{A}ext") is None)
    assert shape_box(body) == _pptx_box(body)
    assert shape_box(body)[0] == 12345


def test_a_malformed_offset_is_python_pptx_s_to_judge() -> None:
    """An offset without its x: not read as a box (nor as "inherit"); python-pptx's reading stands,
    here its error, as before shape_box."""
    prs, layout = _blank_deck()
    shape = prs.slides.add_slide(layout).shapes.add_textbox(Emu(10), Emu(20), Emu(30), Emu(40))
    assert shape_box(shape) == (10, 20, 30, 40)
    shape._element.spPr.find(f"{A}xfrm/{A}off").attrib.pop("x")
    with pytest.raises(InvalidXmlError):
        _ = shape.left
    with pytest.raises(InvalidXmlError):
        shape_box(shape)


def test_a_placeholder_inside_a_group_inherits_nothing() -> None:
    """python-pptx makes a group's children plain shapes (no layout lookup); so does shape_box."""
    prs, layout = _blank_deck()
    slide = prs.slides.add_slide(layout)
    group = slide.shapes.add_group_shape()
    group.shapes.add_textbox(Emu(100), Emu(100), Emu(100), Emu(100))
    moved = copy.deepcopy(slide.placeholders[1]._element)  # a placeholder element with no xfrm of its own
    assert moved.spPr.find(f"{A}xfrm") is None
    group._element.append(moved)
    child = list(group.shapes)[-1]
    assert shape_box(child) == _pptx_box(child) == (0, 0, 0, 0)


def test_each_deck_answers_from_its_own_layouts() -> None:
    """Two decks, the same layout and placeholder idx, different boxes: no answer crosses over."""
    first, layout_1 = _blank_deck()
    second = pptx.Presentation(io.BytesIO(_saved(first)))
    layout_2 = second.slide_layouts[1]
    layout_2.placeholders[0].left = Emu(777)
    title_1 = first.slides.add_slide(layout_1).shapes.title
    title_2 = second.slides.add_slide(layout_2).shapes.title
    assert shape_box(title_1) == _pptx_box(title_1)
    assert shape_box(title_2) == _pptx_box(title_2)
    assert shape_box(title_2)[0] == 777 != shape_box(title_1)[0]


def _saved(prs) -> bytes:
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def test_every_kind_of_shape_reads_its_own_transform() -> None:
    prs, _ = _blank_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    shapes = slide.shapes
    made = [
        shapes.add_textbox(Emu(1), Emu(2), Emu(3), Emu(4)),
        shapes.add_table(2, 2, Emu(5), Emu(6), Emu(700), Emu(800)),
        shapes.add_connector(1, Emu(9), Emu(10), Emu(20), Emu(30)),
        shapes.add_group_shape(),
    ]
    made[-1].shapes.add_textbox(Emu(40), Emu(50), Emu(60), Emu(70))
    for shape in made:
        assert shape_box(shape) == _pptx_box(shape)
    assert etree.QName(made[1]._element).localname == "graphicFrame"
