"""Placement from the layout, fit with real metrics, and the theme's look (issue 15): the pieces, one by one."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pptx
import pytest
from lxml import etree

from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import OTHER_LATIN_SCALE, default_metrics, latin_scale, metrics_for
from fawbrief.write import areas
from fawbrief.write.fit import _grow
from fawbrief.write.geometry import Box, clear_of
from fawbrief.write.look import BUILTIN, read_look
from fawbrief.write.theme import Theme

REPO = Path(__file__).resolve().parents[1]
IN = 914400
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _make_masters():
    spec = importlib.util.spec_from_file_location("make_masters", REPO / "scripts" / "make_masters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def masters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("placement-masters")
    _make_masters().write_all(folder, ["classic-4x3", "wide-13in", "dark", "chinese"])
    return folder


# --- geometry --------------------------------------------------------------------------------------
def test_a_band_across_the_top_takes_a_strip_off_the_top() -> None:
    area = Box(0, 0, 10 * IN, 6 * IN)
    assert clear_of(area, [Box(0, 0, 10 * IN, IN)]) == Box(0, IN, 10 * IN, 5 * IN)


def test_a_logo_in_a_corner_takes_the_cheaper_cut() -> None:
    area = Box(0, 0, 10 * IN, 6 * IN)
    cleared = clear_of(area, [Box(9 * IN, 0, IN, IN // 2)])  # wide and short: lose half an inch at the top
    assert cleared == Box(0, IN // 2, 10 * IN, 11 * IN // 2)
    assert clear_of(area, [Box(9 * IN, 0, IN, IN // 2)], keep="rows") == Box(0, 0, 9 * IN, 6 * IN)


def test_touching_is_not_overlapping() -> None:
    assert not Box(0, 0, IN, IN).overlaps(Box(IN, 0, IN, IN))
    assert Box(0, 0, IN, IN).overlaps(Box(0, IN // 2, IN, 0))  # a line through it does


# --- body areas ------------------------------------------------------------------------------------
def test_a_short_body_is_stretched_down_to_the_footer_row() -> None:
    slide = Box(0, 0, 10 * IN, int(5.625 * IN))
    title, body = Box(IN // 2, IN // 4, 9 * IN, IN // 3), Box(IN // 2, int(1.3 * IN), 9 * IN, int(0.3 * IN))
    footer = Box(int(9.3 * IN), int(5.2 * IN), IN // 5, IN // 5)
    area = areas.body_area(slide, body, title, [footer], [])
    assert area.top == body.top and area.bottom == footer.top - areas.FOOTER_GAP


def test_the_body_area_keeps_clear_of_a_footer_bar() -> None:
    slide = Box(0, 0, 10 * IN, int(7.5 * IN))
    body = Box(IN // 2, int(1.5 * IN), 9 * IN, int(5.8 * IN))
    bar = Box(0, 7 * IN, 10 * IN, IN // 2)
    area = areas.body_area(slide, body, None, [], [bar])
    assert area.bottom == bar.top - areas.ART_GAP and area.top == body.top


def test_artwork_is_the_shapes_the_slide_shows_less_backgrounds() -> None:
    make = _make_masters()
    prs = pptx.Presentation()
    tree = prs.slide_master.shapes._spTree
    make._rect(tree, 90, "Background", (0, 0, prs.slide_width, prs.slide_height), "bg2", first=True)
    make._rect(tree, 91, "Bar", (0, 7 * IN, prs.slide_width, IN // 2), "tx2")
    layout = prs.slide_layouts[1]
    slide = Box(0, 0, int(prs.slide_width), int(prs.slide_height))
    assert areas.artwork(layout, slide) == [Box(0, 7 * IN, int(prs.slide_width), IN // 2)]
    layout._element.set("showMasterSp", "0")
    assert areas.artwork(layout, slide) == []


def test_a_title_grows_away_from_its_anchor_within_its_room() -> None:
    box, room = Box(0, 2 * IN, IN, IN), Box(0, IN, IN, 3 * IN)
    assert _grow(box, 2 * IN, "b", room) == Box(0, IN, IN, 2 * IN)  # bottom-anchored: upwards
    assert _grow(box, 2 * IN, "t", room) == Box(0, 2 * IN, IN, 2 * IN)
    assert _grow(box, 9 * IN, "t", room) == room  # never beyond its room


def test_a_band_behind_a_title_is_its_room_and_a_logo_beside_it_narrows_it() -> None:
    title = Box(IN, IN // 8, 8 * IN, IN // 3)
    band = Box(0, IN // 20, 10 * IN, IN // 2)
    room = areas.growth_room(title, Box(0, 0, 10 * IN, 3 * IN), [band])
    assert (room.top, room.bottom) == (band.top, band.bottom)
    logo = Box(8 * IN, IN // 8, IN // 2, IN // 3)
    assert areas.beside_artwork(title, [logo]).right == logo.left - areas.ART_GAP
    assert areas.beside_artwork(title, [band]) == title


def test_titles_beside_a_logo_are_narrowed(masters: Path) -> None:
    layout = Theme.open(masters / "wide-13in.pptx").layout("content")
    logo = next(box for box in layout.obstacles if box.width == box.height)
    assert layout.box("title").right <= logo.left and "title" in layout.moved


# --- metrics ----------------------------------------------------------------------------------------
def test_faces_without_arial_metrics_measure_wider() -> None:
    assert latin_scale(["Arial", "Liberation Sans"]) == (1.0, 1.0)
    assert latin_scale(["Calibri Light", "Calibri"]) == OTHER_LATIN_SCALE
    assert metrics_for(["Arial", ""]) is default_metrics()
    text = "Exports reached 60,000 units"
    assert metrics_for(["Verdana"]).width(text, 18) == pytest.approx(default_metrics().width(text, 18) * 1.17)
    assert metrics_for(["Verdana"]).width("一汽解放", 18) == default_metrics().width("一汽解放", 18)


# --- the look -----------------------------------------------------------------------------------------
def test_the_built_in_theme_keeps_its_literal_colours() -> None:
    look = Theme.open(None).look
    assert look is BUILTIN and look.literal and look.ea == T.EA_FONT
    assert look.paint("figure").element().tag == f"{A}srgbClr"


def test_a_corporate_theme_gets_scheme_colours_that_read(masters: Path) -> None:
    for name in ("classic-4x3", "dark"):
        look = Theme.open(masters / f"{name}.pptx").look
        assert not look.literal
        assert {look.paint(role).scheme is not None for role in ("text", "figure", "card", "accent")} == {True}
        for role, ground in (("text", "paper"), ("text", "card"), ("figure", "card"), ("muted", "paper"),
                             ("on_header", "header")):
            assert T.contrast(look.rgb(role), look.rgb(ground)) >= 4.5, (name, role, ground)
    dark = Theme.open(masters / "dark.pptx").look
    assert T.luminance(dark.rgb("text")) > 0.5 and T.luminance(dark.rgb("paper")) < 0.1  # light ink on dark
    element = dark.paint("muted").element()
    assert element.get("val") == "tx1" and element.find(f"{A}lumMod") is not None


def test_runs_take_the_theme_fonts_unless_it_names_no_east_asian_face(masters: Path) -> None:
    assert Theme.open(masters / "chinese.pptx").look.ea is None  # 微软雅黑 in the theme: no a:ea of ours
    assert Theme.open(masters / "classic-4x3.pptx").look.ea == T.EA_FONT  # none named: ours


def test_written_shapes_use_the_scheme_on_a_corporate_master(masters: Path) -> None:
    from fawbrief.core.build_date import DEFAULT_BUILD_TIME
    from fawbrief.pipeline.build import compose_variants, load_project
    from fawbrief.write.writer import WriteOptions, write

    spec = compose_variants(load_project(REPO / "data"), [("jiefang", "executive", "zh-CN")], DEFAULT_BUILD_TIME)[0]
    deck = pptx.Presentation(io.BytesIO(write(spec, Theme.open(masters / "chinese.pptx"), WriteOptions())))
    xml = b"".join(etree.tostring(slide._element) for slide in deck.slides)
    assert b"schemeClr" in xml
    assert T.hex_digits(T.NAVY).encode() not in xml and T.hex_digits(T.MIST).encode() not in xml
    assert b"<a:ea " not in xml  # the theme's East Asian face applies


def test_read_look_on_python_pptx_default() -> None:
    look = read_look(pptx.Presentation())
    assert look.fonts["minor latin"] == "Calibri" and look.metrics.scale == OTHER_LATIN_SCALE
