"""README: When things go wrong, themes: a theme is vetted before python-pptx opens it. Not a zip,
an empty zip, macros, ActiveX, zip bombs and external links are refused with exit
2 and one line naming the theme file; missing layouts and placeholders name what
is missing and what exists (``test_theme_roles`` has the rest); a ``.potx`` works. Nothing is written on failure."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pptx
import pytest
from pptx.enum.shapes import PP_PLACEHOLDER

from badinput import declare_size, invoke, one_error, run
from fawbrief.write import theme as theme_mod
from fawbrief.write.theme import DEFAULT_THEME

PRESENTATION_CT = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
TEMPLATE_CT = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
MACRO_CT = b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"


def repack(target: Path, *, add: dict[str, bytes] | None = None,
           change: dict[str, Callable[[bytes], bytes]] | None = None, source: Path = DEFAULT_THEME) -> Path:
    """A copy of the default theme with members added or rewritten."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if change and info.filename in change:
                blob = change[info.filename](blob)
            dst.writestr(info, blob)
        for name, blob in (add or {}).items():
            dst.writestr(name, blob)
    return target


def add_type(override: str) -> Callable[[bytes], bytes]:
    return lambda types: types.replace(b"</Types>", override.encode() + b"</Types>")


def add_rel(rel: str) -> Callable[[bytes], bytes]:
    return lambda rels: rels.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def build_with(tmp_path: Path, theme: Path, *, subprocess: bool = False) -> object:
    args = ("build", "faw-vw", "--theme", theme, "-o", tmp_path / "out")
    return run(*args) if subprocess else invoke(*args)


def refused(tmp_path: Path, theme: Path, message: str, *, subprocess: bool = False) -> str:
    msg = one_error(build_with(tmp_path, theme, subprocess=subprocess), 2)
    assert msg.startswith(f"{theme}: "), msg
    assert message in msg, msg
    assert not (tmp_path / "out").exists(), "a refused theme must not touch the output folder"
    return msg


@pytest.fixture()
def no_pptx(monkeypatch: pytest.MonkeyPatch) -> None:
    """python-pptx must never see a theme that vetting refuses."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("python-pptx opened a theme that should have been refused first")

    monkeypatch.setattr(theme_mod.pptx, "Presentation", forbidden)


# --- not a presentation ---------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"this is not a presentation", b"%PDF-1.7\n", b"PK\x03\x04broken"])
def test_not_a_zip(tmp_path: Path, content: bytes, no_pptx: None) -> None:
    path = tmp_path / "corp.pptx"
    path.write_bytes(content)
    assert refused(tmp_path, path, "not a PowerPoint file") == f"{path}: not a PowerPoint file"


def test_not_a_zip_through_the_real_cli(tmp_path: Path) -> None:
    path = tmp_path / "corp.pptx"
    path.write_text("hello", encoding="utf-8")
    refused(tmp_path, path, "not a PowerPoint file", subprocess=True)


def test_empty_zip(tmp_path: Path, no_pptx: None) -> None:
    path = tmp_path / "corp.pptx"
    zipfile.ZipFile(path, "w").close()
    assert refused(tmp_path, path, "") == f"{path}: not a PowerPoint file (the zip package is empty)"


def test_zip_without_content_types(tmp_path: Path, no_pptx: None) -> None:
    path = tmp_path / "corp.pptx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("hello.txt", "hi")
    refused(tmp_path, path, "not a PowerPoint file (no [Content_Types].xml)")


def test_zip_that_is_another_office_file(tmp_path: Path) -> None:
    path = tmp_path / "corp.pptx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                                                'content-types"/>')
        package.writestr("word/document.xml", "<w/>")
    refused(tmp_path, path, "not a PowerPoint file")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    refused(tmp_path, tmp_path / "nope.pptx", "theme file not found")
    folder = tmp_path / "folder.pptx"
    folder.mkdir()
    refused(tmp_path, folder, "cannot read theme: Is a directory")


# --- macros, ActiveX, OLE ---------------------------------------------------------------------------
def test_pptm_with_macros_is_refused(tmp_path: Path, no_pptx: None) -> None:
    path = repack(tmp_path / "corp.pptm", add={"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"},
                  change={"[Content_Types].xml": lambda t: t.replace(PRESENTATION_CT, MACRO_CT)})
    msg = refused(tmp_path, path, "theme contains macros (ppt/vbaProject.bin)")
    assert msg.endswith("(save it as a plain .pptx or .potx without them)")


def test_macro_content_type_alone_is_refused(tmp_path: Path, no_pptx: None) -> None:
    macro = {"[Content_Types].xml": lambda t: t.replace(PRESENTATION_CT, MACRO_CT)}
    path = repack(tmp_path / "corp.potm", change=macro)
    refused(tmp_path, path, "theme contains macros (content type application/vnd.ms-powerpoint.presentation.macroEna")


def test_vba_project_hidden_under_another_name_is_refused_by_content_type(tmp_path: Path, no_pptx: None) -> None:
    path = repack(tmp_path / "corp.pptx", add={"ppt/extra.dat": b"x"}, change={"[Content_Types].xml": add_type(
        '<Override PartName="/ppt/extra.dat" ContentType="application/vnd.ms-office.vbaProject"/>')})
    refused(tmp_path, path, "theme contains macros (content type application/vnd.ms-office.vbaProject)")


def test_activex_is_refused(tmp_path: Path, no_pptx: None) -> None:
    path = repack(tmp_path / "corp.pptx", add={"ppt/activeX/activeX1.xml": b"<ax/>"})
    refused(tmp_path, path, "theme contains ActiveX controls (ppt/activeX/activeX1.xml)")
    path = repack(tmp_path / "corp2.pptx", add={"ppt/controls/c1.xml": b"<ax/>"}, change={
        "[Content_Types].xml": add_type('<Override PartName="/ppt/controls/c1.xml" '
                                        'ContentType="application/vnd.ms-office.activeX+xml"/>')})
    refused(tmp_path, path, "theme contains ActiveX controls (content type application/vnd.ms-office.activeX+xml)")


def test_ole_object_is_refused(tmp_path: Path, no_pptx: None) -> None:
    path = repack(tmp_path / "corp.pptx", add={"ppt/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}, change={
        "[Content_Types].xml": add_type('<Default Extension="bin" '
                                        'ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>')})
    refused(tmp_path, path, "theme contains embedded OLE objects")


# --- zip bombs -------------------------------------------------------------------------------------
def test_high_ratio_member_is_refused_unread(tmp_path: Path, no_pptx: None) -> None:
    path = repack(tmp_path / "corp.pptx", add={"ppt/media/image1.png": bytes(20 * 1024 * 1024)})
    start = time.monotonic()
    refused(tmp_path, path, "theme part 'ppt/media/image1.png' compresses more than 100:1 (a zip bomb?)")
    assert time.monotonic() - start < 10


def test_huge_declared_size_is_refused(tmp_path: Path, no_pptx: None) -> None:
    path = repack(tmp_path / "corp.pptx")
    declare_size(path, "ppt/presentation.xml", 0xF000_0000)
    refused(tmp_path, path, "theme package unpacks to 3840 MiB, more than 512 MiB (a zip bomb?)")


def test_too_many_members_is_refused(tmp_path: Path, no_pptx: None) -> None:
    path = repack(tmp_path / "corp.pptx", add={f"ppt/junk/{i}.xml": b"" for i in range(10_001)})
    refused(tmp_path, path, "theme package has 10025 parts, more than 10000")


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "corp.pptx"
    with path.open("wb") as handle:
        handle.truncate(201 * 1024 * 1024)  # sparse: no disk used
    refused(tmp_path, path, "theme file is larger than 200 MiB")


def test_unsafe_member_path_is_refused(tmp_path: Path, no_pptx: None) -> None:
    path = repack(tmp_path / "corp.pptx", add={"../../evil.xml": b"<x/>"})
    refused(tmp_path, path, "theme part '../../evil.xml' has an unsafe path")


def test_damaged_relationships_part(tmp_path: Path, no_pptx: None) -> None:
    path = repack(tmp_path / "corp.pptx", change={MASTER_RELS: lambda rels: rels[:-20]})
    refused(tmp_path, path, f"theme part '{MASTER_RELS}' is damaged")


def test_entities_in_parts_are_not_expanded(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    path = repack(tmp_path / "corp.pptx", change={MASTER_RELS: lambda rels: bomb.encode() + rels.split(b"?>", 1)[1]})
    start = time.monotonic()
    out = build_with(tmp_path, path)
    assert out.code in (0, 2) and time.monotonic() - start < 60


# --- external relationships ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("part", "target", "mode"),
    [
        (MASTER_RELS, "file:///etc/passwd", "External"),
        (MASTER_RELS, "https://example.com/logo.png", "External"),
        ("ppt/slideLayouts/_rels/slideLayout1.xml.rels", "\\\\server\\share\\logo.emf", "External"),
        ("ppt/_rels/presentation.xml.rels", "file:///home/user/.ssh/id_rsa", "external"),
    ],
)
def test_external_relationships_are_refused(tmp_path: Path, no_pptx: None, part: str, target: str,
                                            mode: str) -> None:
    rel = (f'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           f'image" Target="{target}" TargetMode="{mode}"/>')
    path = repack(tmp_path / "corp.pptx", change={part: add_rel(rel)})
    msg = refused(tmp_path, path, f"theme links to an external target {target!r} (in {part})")
    assert msg.endswith("(external links are refused; remove the link from the theme)")


def test_external_target_with_control_characters_is_echoed_escaped(tmp_path: Path) -> None:
    rel = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'hyperlink" Target="file:///x&#x9b;2J&#x202e;" TargetMode="External"/>')
    path = repack(tmp_path / "corp.pptx", change={MASTER_RELS: add_rel(rel)})
    msg = refused(tmp_path, path, "external target", subprocess=True)
    assert "\\x9b2J\\u202e" in msg


def _theme_with_example_slide(tmp_path: Path, link: str) -> Path:
    """The default theme with an example slide holding a hyperlink (as otelo's Google Slides export has)."""
    prs = pptx.Presentation(str(DEFAULT_THEME))
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Example"
    run = slide.shapes.title.text_frame.paragraphs[0].runs[0]
    run.hyperlink.address = link
    slide.notes_slide.notes_text_frame.text = "notes"
    path = tmp_path / "corp.pptx"
    prs.save(str(path))
    return path


def test_external_links_on_example_slides_go_with_the_slides(tmp_path: Path) -> None:
    path = _theme_with_example_slide(tmp_path, "https://example.com/")
    with zipfile.ZipFile(path) as package:
        assert b'TargetMode="External"' in package.read("ppt/slides/_rels/slide1.xml.rels")
    out = build_with(tmp_path, path)
    assert out.code == 0, out.stderr
    with zipfile.ZipFile(tmp_path / "out" / "faw-vw-executive.pptx") as deck:
        rels = b"".join(deck.read(name) for name in deck.namelist() if name.endswith(".rels"))
        assert b"External" not in rels and b"example.com" not in rels


def test_external_link_on_a_slide_shared_with_a_layout_is_still_refused(tmp_path: Path) -> None:
    """A part the layouts reach stays in the deck, so its links are judged even if a slide reaches it too."""
    path = _theme_with_example_slide(tmp_path, "https://example.com/")
    rel = ('<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'slide" Target="../slides/slide1.xml"/>')
    layout_rels = "ppt/slideLayouts/_rels/slideLayout2.xml.rels"
    shared = repack(tmp_path / "shared.pptx", change={layout_rels: add_rel(rel)}, source=path)
    refused(tmp_path, shared, "theme links to an external target 'https://example.com/' "
                              "(in ppt/slides/_rels/slide1.xml.rels)")


@pytest.mark.parametrize("name", ["corp.otp", "corp.odp", "corp.pptx"])
def test_opendocument_presentations_name_the_conversion(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.presentation-template")
        package.writestr("content.xml", "<office:document-content/>")
    msg = refused(tmp_path, path, "an OpenDocument presentation, not a PowerPoint file")
    assert msg.endswith(f"(convert it with LibreOffice: soffice --headless --convert-to pptx {path})")


def test_a_damaged_otp_still_gets_the_hint(tmp_path: Path) -> None:
    path = tmp_path / "corp.otp"
    path.write_bytes(b"not a zip")
    assert refused(tmp_path, path, "not a PowerPoint file").endswith(
        f"(convert it with LibreOffice: soffice --headless --convert-to pptx {path})")


def test_internal_relationships_are_fine(tmp_path: Path) -> None:
    out = build_with(tmp_path, repack(tmp_path / "corp.pptx"))
    assert out.code == 0, out.stderr


# --- layouts and placeholders ---------------------------------------------------------------------
def _save(prs: pptx.presentation.Presentation, path: Path) -> Path:
    prs.save(str(path))
    return path


def test_missing_optional_layout_falls_back_and_says_so(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(DEFAULT_THEME))
    prs.slide_layouts.remove(prs.slide_layouts.get_by_name("Section Header"))
    path = _save(prs, tmp_path / "corp.pptx")
    out = invoke("build", "faw-vw", "--theme", path, "-o", tmp_path / "out")
    assert out.code == 0, out.stderr
    assert out.stderr.splitlines() == [
        f"fawbrief: warning: {path}: section: no layout of its own (no usable layout of type secHead; none named "
        "'Section Header' that fits; no untyped layout holds a title); laid out on the title layout 'Title Slide'"]


def test_missing_required_layout_is_refused_with_the_whole_report(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(DEFAULT_THEME))
    prs.slide_layouts.remove(prs.slide_layouts.get_by_name("Title and Content"))
    path = _save(prs, tmp_path / "corp.pptx")
    out = run("build", "faw-vw", "--theme", path, "-o", tmp_path / "out")
    assert out.code == 2 and not (tmp_path / "out").exists()
    lines = out.stderr.splitlines()
    assert lines[:2] == ["fawbrief: errors:", f"{path}: theme has no layout for content (required)"]
    assert "    'Two Content' (type twoObj): title idx 0, obj idx 1, obj idx 2, sldNum idx 12" in lines
    assert "    content: --layout 'content=Two Content'" in lines


def test_missing_placeholder_names_what_is_missing_and_what_exists(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(DEFAULT_THEME))
    layout = prs.slide_layouts.get_by_name("Title Slide")
    for placeholder in list(layout.placeholders):
        if placeholder.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE:
            placeholder._element.getparent().remove(placeholder._element)
    path = _save(prs, tmp_path / "corp.pptx")
    out = invoke("build", "faw-vw", "--theme", path, "-o", tmp_path / "out")
    assert out.code == 2, out.stderr
    assert ("  title: no usable layout of type title: 'Title Slide' (type title) has no subtitle or body "
            "placeholder; none named 'Title Slide' that fits; no untyped layout holds a title and a subtitle"
            ) in out.stderr.splitlines()
    assert "    'Title Slide' (type title): ctrTitle idx 0" in out.stderr.splitlines()


# --- what works --------------------------------------------------------------------------------------
def test_potx_is_accepted(tmp_path: Path) -> None:
    path = repack(tmp_path / "corp.potx", change={"[Content_Types].xml": lambda t: t.replace(PRESENTATION_CT,
                                                                                             TEMPLATE_CT)})
    out = build_with(tmp_path, path, subprocess=True)
    assert out.code == 0, out.stderr
    deck = tmp_path / "out" / "faw-vw-executive.pptx"
    with zipfile.ZipFile(deck) as saved:
        assert PRESENTATION_CT in saved.read("[Content_Types].xml")
    assert len(pptx.Presentation(str(deck)).slides) > 5


def test_chart_workbooks_in_a_theme_are_fine(tmp_path: Path) -> None:
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
    path = repack(tmp_path / "corp.pptx", add={"ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx": xlsx.getvalue()})
    assert build_with(tmp_path, path).code == 0


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    path = repack(tmp_path / "corp.pptx", add={"ppt/activeX/activeX1.xml": b"<ax/>"})
    out = run("--debug", "build", "faw-vw", "--theme", path, "-o", tmp_path / "out")
    assert out.code == 2 and "Traceback" in out.stderr and "ActiveX" in out.stderr.splitlines()[-1]
