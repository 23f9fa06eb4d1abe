"""The theme layer: the built-in theme, its generator, and how bad themes fail."""

from __future__ import annotations

import importlib.util
import io
import posixpath
import zipfile
from pathlib import Path

import pptx
import pytest
from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn

from fawbrief.core.errors import InputError
from fawbrief.core.layouts import LAYOUT_NAMES, LAYOUT_ROLES
from fawbrief.write.theme import DEFAULT_THEME, Box, Theme

REPO = Path(__file__).resolve().parents[1]
IN = 914400
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TEMPLATE_CT = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_CT = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


def _make_theme_module():
    spec = importlib.util.spec_from_file_location("make_theme", REPO / "scripts" / "make_theme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def theme() -> Theme:
    return Theme.open(None)


def _inches(value: int) -> float:
    return round(value / IN, 3)


# --- the built-in theme ---------------------------------------------------------
def test_default_theme_is_16_9(theme: Theme) -> None:
    assert (theme.slide_width, theme.slide_height) == (12192000, 6858000)
    assert theme.presentation.slide_width == theme.slide_width
    assert DEFAULT_THEME == REPO / "templates" / "themes" / "default.pptx"


def test_default_theme_has_exactly_the_standard_layouts() -> None:
    prs = pptx.Presentation(str(DEFAULT_THEME))
    assert [layout.name for layout in prs.slide_layouts] == [
        "Title Slide", "Title and Content", "Section Header", "Two Content", "Title Only", "Blank"]
    assert len(prs.slides) == 0


@pytest.mark.parametrize("logical", list(LAYOUT_NAMES))
def test_every_logical_layout_resolves_inside_the_slide(theme: Theme, logical: str) -> None:
    layout = theme.layout(logical)
    assert layout.logical == logical
    assert layout.name == LAYOUT_NAMES[logical]
    assert set(LAYOUT_ROLES[logical]) <= set(layout.placeholders)
    for role in layout.placeholders:
        box = layout.box(role)
        assert isinstance(box, Box)
        assert box.left >= 0 and box.left + box.width <= theme.slide_width
        assert box.top >= 0 and box.top + box.height <= theme.slide_height
        assert box.width > 0 and box.height > 0
        # the idx really is that placeholder on the layout
        assert layout.layout.placeholders[layout.placeholders[role]] is not None
    content = layout.content_box
    assert content.width > 0 and content.height > 0
    assert content.left + content.width <= theme.slide_width
    assert content.top + content.height <= theme.slide_height


@pytest.mark.parametrize("logical", ["content", "two", "title_only"])
def test_content_layouts_sit_on_the_grid(theme: Theme, logical: str) -> None:
    layout = theme.layout(logical)
    title = layout.box("title")
    assert (_inches(title.left), _inches(title.top), _inches(title.height)) == (0.6, 0.45, 1.0)
    assert _inches(theme.slide_width - title.left - title.width) == 0.6
    content = layout.content_box
    assert (_inches(content.left), _inches(content.top), _inches(content.top + content.height)) == (
        0.6, 1.65, 6.6)


def test_content_body_spans_the_margins(theme: Theme) -> None:
    body = theme.layout("content").box("body")
    assert theme.layout("content").content_box == body
    assert (_inches(body.left), _inches(body.width)) == (0.6, 12.133)
    assert theme.layout("title_only").content_box == body


def test_two_content_columns(theme: Theme) -> None:
    layout = theme.layout("two")
    left, right = layout.box("body"), layout.box("body2")
    assert left.left < right.left
    assert left.width == right.width and _inches(left.width) == pytest.approx(5.9, abs=0.02)
    assert _inches(right.left - (left.left + left.width)) == 0.35
    assert _inches(theme.slide_width - right.left - right.width) == 0.6
    assert left.top == right.top and left.height == right.height


def test_title_layout_roles(theme: Theme) -> None:
    layout = theme.layout("title")
    assert layout.placeholders == {"title": 0, "subtitle": 1}
    assert layout.box("title").left == layout.box("subtitle").left
    with pytest.raises(KeyError, match="no body placeholder"):
        layout.box("body")


def test_unknown_logical_layout(theme: Theme) -> None:
    with pytest.raises(InputError, match="unknown layout id 'chart'"):
        theme.layout("chart")


def test_theme_fonts_and_colours() -> None:
    with zipfile.ZipFile(DEFAULT_THEME) as package:
        xml = etree.fromstring(package.read("ppt/theme/theme1.xml"))
    assert xml.get("name") == "fawbrief"
    scheme = xml.find(f"{A}themeElements/{A}clrScheme")
    assert scheme.get("name") == "fawbrief"
    colours = {etree.QName(slot).localname: slot[0].get("val") for slot in scheme}
    assert colours == {
        "dk1": "1F2933", "lt1": "FFFFFF", "dk2": "0B2545", "lt2": "EEF2F6", "accent1": "0B5394",
        "accent2": "C8102E", "accent3": "6C8EAD", "accent4": "F2A900", "accent5": "2E7D32",
        "accent6": "7A7A7A", "hlink": "0B5394", "folHlink": "6C8EAD"}
    for group in ("majorFont", "minorFont"):
        fonts = xml.find(f"{A}themeElements/{A}fontScheme/{A}{group}")
        assert fonts.find(f"{A}latin").get("typeface") == "Arial"
        assert fonts.find(f"{A}ea").get("typeface") == "Noto Sans CJK SC"


def test_text_contrast_is_at_least_4_5() -> None:
    module = _make_theme_module()
    for fg, bg, where in module.TEXT_ON_BACKGROUND:
        assert module.contrast(fg, bg) >= 4.5, where
    assert module.contrast("000000", "FFFFFF") == pytest.approx(21.0)


def test_package_is_consistent() -> None:
    """Every relationship target exists and every part has a content type (no repair prompt)."""
    with zipfile.ZipFile(DEFAULT_THEME) as package:
        names = set(package.namelist())
        types = etree.fromstring(package.read("[Content_Types].xml"))
        overrides = {o.get("PartName") for o in types if o.get("PartName")}
        defaults = {d.get("Extension") for d in types if d.get("Extension")}
        for name in names:
            assert f"/{name}" in overrides or name.rsplit(".", 1)[-1] in defaults, name
        assert not any("thumbnail" in name or "printerSettings" in name for name in names)
        for rels_name in (n for n in names if n.endswith(".rels")):
            base = posixpath.dirname(posixpath.dirname(rels_name))
            for rel in etree.fromstring(package.read(rels_name)):
                if rel.get("TargetMode") == "External":
                    continue
                target = posixpath.normpath(posixpath.join(base, rel.get("Target"))).lstrip("/")
                assert target in names, (rels_name, rel.get("Target"))
    prs = pptx.Presentation(str(DEFAULT_THEME))
    master_rels = prs.slide_master.part.rels
    for layout_id in prs.slide_master._element.sldLayoutIdLst:
        assert layout_id.rId in master_rels


# --- the generator ------------------------------------------------------------------
def test_make_theme_is_deterministic_and_matches_the_committed_file(tmp_path: Path) -> None:
    module = _make_theme_module()
    first, second = tmp_path / "a.pptx", tmp_path / "b.pptx"
    assert module.main(["-o", str(first)]) == 0
    assert module.main(["-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == DEFAULT_THEME.read_bytes(), "run scripts/make_theme.py and commit the result"
    assert module.main(["--check", "-o", str(first)]) == 0
    first.write_bytes(b"stale")
    assert module.main(["--check", "-o", str(first)]) == 1


# --- other themes ---------------------------------------------------------------------
def _theme_without_layout(tmp_path: Path, name: str) -> Path:
    prs = pptx.Presentation(str(DEFAULT_THEME))
    prs.slide_layouts.remove(prs.slide_layouts.get_by_name(name))
    path = tmp_path / "corp.pptx"
    prs.save(str(path))
    return path


def test_missing_layout_falls_back_to_content(tmp_path: Path) -> None:
    path = _theme_without_layout(tmp_path, "Two Content")
    theme = Theme.open(path)
    assert theme.layout("two").name == "Title and Content" and theme.layout("two").columns is None
    assert theme.choices["two"].how == "fallback"
    assert theme.notes == (
        "two: no layout of its own (no usable layout of type twoObj; none named 'Two Content' that fits; no "
        "untyped layout holds a title and two bodies); laid out on the content layout 'Title and Content'",)


def test_missing_placeholder_names_it_and_lists_what_exists(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(DEFAULT_THEME))
    layout = prs.slide_layouts.get_by_name("Title and Content")
    for placeholder in list(layout.placeholders):
        if placeholder.placeholder_format.type == PP_PLACEHOLDER.OBJECT:
            placeholder._element.getparent().remove(placeholder._element)
    path = tmp_path / "corp.pptx"
    prs.save(str(path))
    with pytest.raises(InputError) as caught:
        Theme.open(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{path}: theme has no layout for content (required)"
    assert lines[1].startswith("  content: no usable layout of type obj or tx: 'Title and Content' (type obj) "
                               "has no body placeholder; none named 'Title and Content' that fits")
    assert "    'Title and Content' (type obj): title idx 0, sldNum idx 12" in lines


def test_missing_second_column(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(DEFAULT_THEME))
    layout = prs.slide_layouts.get_by_name("Two Content")
    right = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 2)
    right._element.getparent().remove(right._element)
    path = tmp_path / "corp.pptx"
    prs.save(str(path))
    theme = Theme.open(path)
    assert theme.choices["two"].how == "fallback"
    assert "'Two Content' (type twoObj) has no second body placeholder" in theme.notes[0]


def test_layout_names_match_case_insensitively(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(DEFAULT_THEME))
    prs.slide_layouts.get_by_name("Two Content").name = "TWO CONTENT"
    path = tmp_path / "corp.pptx"
    prs.save(str(path))
    assert Theme.open(path).layout("two").name == "TWO CONTENT"


def test_potx_template_opens(tmp_path: Path) -> None:
    source = io.BytesIO(DEFAULT_THEME.read_bytes())
    path = tmp_path / "corp.potx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "[Content_Types].xml":
                assert PRESENTATION_CT in blob
                blob = blob.replace(PRESENTATION_CT, TEMPLATE_CT)
            dst.writestr(info, blob)
    with pytest.raises(ValueError):
        pptx.Presentation(str(path))  # python-pptx alone refuses templates
    theme = Theme.open(path)
    assert theme.layout("two").placeholders == {"title": 0, "body": 1, "body2": 2}
    theme.presentation.slides.add_slide(theme.layout("content").layout)
    out = io.BytesIO()
    theme.presentation.save(out)
    with zipfile.ZipFile(out) as saved:
        assert PRESENTATION_CT in saved.read("[Content_Types].xml")


def test_existing_slides_are_removed(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(DEFAULT_THEME))
    for layout in list(prs.slide_layouts)[:3]:
        slide = prs.slides.add_slide(layout)
        slide.notes_slide.notes_text_frame.text = "example"
    root = prs.part._element
    first = prs.slides._sldIdLst[0]
    root.find(qn("p:defaultTextStyle")).addprevious(parse_xml(
        f'<p:custShowLst {nsdecls("p", "r")}><p:custShow name="Short" id="0"><p:sldLst>'
        f'<p:sld r:id="{first.rId}"/></p:sldLst></p:custShow></p:custShowLst>'))
    root.append(parse_xml(
        f'<p:extLst {nsdecls("p")}><p:ext uri="{{521415D9-36F7-43E2-AB2F-B90AF26B5E84}}">'
        '<p14:sectionLst xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main">'
        '<p14:section name="Intro" id="{0B1D7B4C-7A43-4F6A-9A0E-1B2C3D4E5F60}">'
        f'<p14:sldIdLst><p14:sldId id="{first.id}"/></p14:sldIdLst></p14:section></p14:sectionLst>'
        '</p:ext></p:extLst>'))
    path = tmp_path / "corp.pptx"
    prs.save(str(path))
    theme = Theme.open(path)
    assert len(theme.presentation.slides) == 0
    xml = etree.tostring(theme.presentation.part._element)
    assert b"custShow" not in xml and b"sectionLst" not in xml
    slide = theme.presentation.slides.add_slide(theme.layout("content").layout)
    assert theme.layout("content").add_slide_number(slide)
    out = io.BytesIO()
    theme.presentation.save(out)
    with zipfile.ZipFile(out) as saved:
        slides = sorted(n for n in saved.namelist() if n.startswith("ppt/slides/") and n.endswith(".xml"))
        assert not any("notesSlide" in n for n in saved.namelist())
    assert len(slides) == 1
    reopened = pptx.Presentation(out)
    numbers = [ph for ph in reopened.slides[0].placeholders
               if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER]
    assert len(numbers) == 1 and numbers[0].text_frame.text == "1"


def test_not_a_zip_fails(tmp_path: Path) -> None:
    path = tmp_path / "corp.pptx"
    path.write_text("this is not a presentation")
    with pytest.raises(InputError) as caught:
        Theme.open(path)
    assert str(caught.value) == f"{path}: not a PowerPoint file"


def test_zip_that_is_not_a_presentation_fails(tmp_path: Path) -> None:
    path = tmp_path / "corp.pptx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="not a PowerPoint file"):
        Theme.open(path)


def test_missing_theme_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="theme file not found"):
        Theme.open(tmp_path / "nope.pptx")
