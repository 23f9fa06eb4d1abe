"""Linear-time part naming (fast_parts) gives the package python-pptx itself would write."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator

import pytest
from PIL import Image
from pptx import Presentation
from pptx.opc.package import OpcPackage
from pptx.opc.packuri import PackURI
from pptx.package import Package
from pptx.util import Pt

from fawbrief.compose.finish import finish_deck
from fawbrief.core.build_date import DEFAULT_BUILD_TIME
from fawbrief.model.slides import Bullet, DeckSpec, Run, Slide
from fawbrief.pipeline.build import DEFAULT_DATA, load_project, render_deck
from fawbrief.write import place as pptx_place
from fawbrief.write import source_line as pptx_source_line
from fawbrief.write import table as pptx_table
from fawbrief.write import text_runs as pptx_blocks
from fawbrief.write import writer as pptx_writer
from fawbrief.write.fast_parts import (
    PACKAGE_PATCHES,
    PartIndex,
    indexed_parts,
    notes_text_frame,
    placeholder_at,
    placeholder_elements,
)
from fawbrief.write.theme import Theme
from fawbrief.write.writer import WriteOptions, write

WHEN = DEFAULT_BUILD_TIME


@pytest.fixture(scope="module")
def project():
    return load_project(DEFAULT_DATA)


@pytest.fixture(autouse=True)
def chart_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "fast-parts-charts"))


def synthetic(slides: int) -> DeckSpec:
    fact = "jiefang.exports.annual_units"
    body = (Bullet((Run("Exports reached "), Run("60,000", fact))), Bullet((Run("A detail"),), level=1))
    return DeckSpec("jiefang", "executive", "en", "Synthetic", tuple(
        Slide("content", (Run(f"Slide {i}"),), blocks=body, notes=((Run("A talking point."),),), key=f"s{i}")
        for i in range(slides)))


def add_runs_with_python_pptx(paragraph, text, *, size=None, bold=None, color=None, fact_bold=False,
                              ea=pptx_blocks.EA_TYPEFACE, planned_italic=False) -> None:
    """What ``pptx_blocks.add_runs`` must write, through python-pptx's API."""
    italic = planned_italic and any(piece.planned for piece in text)
    for piece in text:
        if not piece.text:
            continue
        run = paragraph.add_run()
        run.text = piece.text
        if size:
            run.font.size = Pt(size)
        if bold is not None:
            run.font.bold = bold
        if piece.fact and fact_bold and any(ch.isdigit() for ch in piece.text):
            run.font.bold = True
        if italic:
            run.font.italic = True
        if color is not None:
            color.apply(run.font.color)
        pptx_blocks.east_asian(run, ea)


def fill_bullets_with_python_pptx(frame, bullets, *, size=18, manual=False, bullet_color=pptx_blocks.ACCENT,
                                  ea=pptx_blocks.EA_TYPEFACE, color=None, indents=()) -> None:
    """What ``pptx_blocks.fill_bullets`` must write, through python-pptx's API."""
    frame.word_wrap = True
    for i, bullet in enumerate(bullets):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.level = bullet.level
        add_runs_with_python_pptx(paragraph, bullet.text, size=size - 2 * bullet.level, fact_bold=True, ea=ea,
                                  color=color)
        paragraph.space_after = Pt(8)
        if manual:
            pptx_blocks.bullet_glyph(paragraph._p, bullet.level, bullet_color,
                                     indents[bullet.level] if bullet.level < len(indents) else None)


def set_text_with_python_pptx(frame, text: str, ea=pptx_blocks.EA_TYPEFACE) -> None:
    """What ``pptx_blocks.set_text`` must write, through python-pptx's API."""
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            pptx_blocks.east_asian(run)


def write_both(spec: DeckSpec, factbase, monkeypatch: pytest.MonkeyPatch, charts: str = "image") -> tuple[bytes, bytes]:
    """The deck written with fast part naming, saving, runs and source lines, and with python-pptx's own."""
    if not spec.finished:
        spec = finish_deck(spec, factbase, WHEN)
    fast = write(spec, Theme.open(None), WriteOptions(charts=charts))

    @contextlib.contextmanager
    def plain(prs: object) -> Iterator[None]:
        yield

    def saved(prs: object) -> dict[str, bytes]:
        buffer = io.BytesIO()
        prs.save(buffer)  # type: ignore[attr-defined]
        with zipfile.ZipFile(buffer) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    plan = pptx_writer.plan_source_line
    stamp = pptx_writer.stamp

    def unplanned(slide, layout, look, text, stamps):  # type: ignore[no-untyped-def]
        return (slide, layout, look, text), plan(slide, layout, look, text, {})[1]

    def built_at_the_end(shapes, later) -> None:  # type: ignore[no-untyped-def]
        """Every source line built afresh through python-pptx where it goes, none copied."""
        if not isinstance(later, tuple):
            return stamp(shapes, later)
        element = plan(*later, {})[0]  # python-pptx numbers it as it adds it, after the blocks
        shapes._spTree.insert_element_before(element, "p:extLst")
        return element

    with monkeypatch.context() as patched:
        patched.setattr(pptx_writer, "indexed_parts", plain)
        patched.setattr(pptx_writer, "package_parts", saved)
        patched.setattr(pptx_writer, "plan_source_line", unplanned)
        patched.setattr(pptx_writer, "stamp", built_at_the_end)
        for module in (pptx_blocks, pptx_writer, pptx_table, pptx_source_line):
            patched.setattr(module, "add_runs", add_runs_with_python_pptx)
        for module in (pptx_blocks, pptx_place):
            patched.setattr(module, "fill_bullets", fill_bullets_with_python_pptx)
        for module in (pptx_blocks, pptx_writer):
            patched.setattr(module, "set_text", set_text_with_python_pptx)
        slow = write(spec, Theme.open(None), WriteOptions(charts=charts))
    return fast, slow


def names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


@pytest.mark.parametrize(("deck", "charts"), [("jiefang", "image"), ("auto-city", "image"), ("jiefang", "native")])
def test_real_decks_are_byte_identical_to_plain_python_pptx(project, deck: str, charts: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    spec = render_deck(project, deck, "executive", "en", WHEN)
    fast, slow = write_both(spec, project.factbase, monkeypatch, charts)
    assert names(fast) == names(slow)  # the same part names, in the same order
    assert fast == slow


def test_synthetic_deck_has_python_pptx_part_names_and_reopens(project, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = write_both(synthetic(25), project.factbase, monkeypatch)
    assert fast == slow
    members = names(fast)
    assert [f"ppt/slides/slide{n}.xml" in members for n in range(1, 26)] == [True] * 25
    assert [f"ppt/notesSlides/notesSlide{n}.xml" in members for n in range(1, 26)] == [True] * 25
    reopened = Presentation(io.BytesIO(fast))
    assert len(reopened.slides) == 25
    assert [slide.notes_slide.notes_text_frame.text.splitlines()[0] for slide in reopened.slides] == [
        "A talking point."] * 25
    assert len({slide.slide_id for slide in reopened.slides}) == 25
    extra = reopened.slides.add_slide(reopened.slide_layouts[0])  # python-pptx can keep editing it
    extra.notes_slide.notes_text_frame.text = "more"
    assert "ppt/notesSlides/notesSlide26.xml" in names(_saved(reopened))


def test_next_partname_follows_python_pptx() -> None:
    package = Presentation().part.package
    index = PartIndex(package)
    for tmpl in ("/ppt/slides/slide%d.xml", "/ppt/theme/theme%d.xml", "/ppt/charts/chart%d.xml"):
        assert index.next_partname(tmpl) == OpcPackage.next_partname(package, tmpl)


def test_next_partname_reuses_a_gap_like_python_pptx() -> None:
    index = PartIndex(Presentation().part.package)
    for name in ("/ppt/x/item1.xml", "/ppt/x/item3.xml"):  # item2 deleted
        index._claim(PackURI(name))
    assert index.next_partname("/ppt/x/item%d.xml") == "/ppt/x/item2.xml"  # the highest free n ≤ count + 1
    assert index.next_partname("/ppt/x/item%d.xml") == "/ppt/x/item4.xml"


def test_next_image_partname_fills_the_first_gap() -> None:
    index = PartIndex(Presentation().part.package)
    for name in ("/ppt/media/image1.png", "/ppt/media/image3.png"):
        index._claim(PackURI(name))
    assert index.next_image_partname("png") == "/ppt/media/image2.png"
    assert index.next_image_partname("jpeg") == "/ppt/media/image4.jpeg"


def test_identical_pictures_share_one_part(project) -> None:
    prs = Theme.open(None).presentation
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(png, "PNG")
    with indexed_parts(prs):
        layout = prs.slide_layouts[0]
        parts = [prs.slides.add_slide(layout).shapes.add_picture(io.BytesIO(png.getvalue()), 0, 0).image
                 for _ in range(3)]
    assert len({image.sha1 for image in parts}) == 1
    media = [name for name in names(_saved(prs)) if name.startswith("ppt/media/")]
    assert media == ["ppt/media/image1.png"]


def test_patches_are_removed_afterwards() -> None:
    prs = Theme.open(None).presentation
    package = prs.part.package
    with indexed_parts(prs):
        assert all(name in package.__dict__ for name in PACKAGE_PATCHES)
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        slide.notes_slide.notes_text_frame.text = "x"
    assert not any(name in package.__dict__ for name in PACKAGE_PATCHES)
    assert "add_slide" not in prs.slides.__dict__
    assert "_add_notes_slide_part" not in slide.part.__dict__
    assert isinstance(package, Package)


def test_placeholder_elements_match_python_pptx() -> None:
    prs = Theme.open(None).presentation
    for layout in prs.slide_layouts:
        slide = prs.slides.add_slide(layout)
        expected = [(ph.placeholder_format.idx, ph._element) for ph in slide.placeholders]
        assert placeholder_elements(slide) == expected


def _saved(prs) -> bytes:
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def test_placeholder_lookups_match_python_pptx() -> None:
    prs = Theme.open(None).presentation
    for layout in prs.slide_layouts:
        slide = prs.slides.add_slide(layout)
        for ph in slide.placeholders:
            idx = ph.placeholder_format.idx
            assert placeholder_at(slide, idx)._element is slide.placeholders[idx]._element
        with pytest.raises(KeyError):
            placeholder_at(slide, 999)
        assert notes_text_frame(slide)._txBody is slide.notes_slide.notes_text_frame._txBody


def _two_frames():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    return [slide.shapes.add_textbox(0, 0, 914400, 914400).text_frame for _ in range(2)]


def _xml(frame) -> bytes:
    from lxml import etree

    return etree.tostring(frame._txBody)


@pytest.mark.parametrize("manual", [True, False])
def test_fill_bullets_writes_what_python_pptx_writes(manual: bool) -> None:
    bullets = [Bullet((Run("Exports reached "), Run("60,000", "f.id"), Run(" units")),),
               Bullet((Run("一汽解放 出口 6万辆", "f.zh"),), level=1), Bullet((Run("Third"),), level=2),
               Bullet((Run(""), Run("after an empty run")),)]
    fast, reference = _two_frames()
    pptx_blocks.fill_bullets(fast, bullets, size=18, manual=manual)
    fill_bullets_with_python_pptx(reference, bullets, size=18, manual=manual)
    assert _xml(fast) == _xml(reference)


@pytest.mark.parametrize("text", ["one line", "first\n\nthird after an empty one", "soft\vbreak\nnext",
                                  "中文备注\n• 出口：6万辆", "", "trailing newline\n"])
def test_set_text_writes_what_python_pptx_writes(text: str) -> None:
    fast, reference = _two_frames()
    pptx_blocks.set_text(fast, text)
    set_text_with_python_pptx(reference, text)
    assert _xml(fast) == _xml(reference)


def test_add_runs_writes_what_python_pptx_writes() -> None:
    from fawbrief.write.scheme import Paint

    text = (Run("plain "), Run("1,000", "f.id"), Run(""), Run("名称"))
    for options in ({}, {"size": 12}, {"bold": True}, {"bold": False, "size": 20.5},
                    {"color": Paint("#525F6B"), "fact_bold": True}, {"color": Paint("#000000", "tx1", 0.25)},
                    {"ea": None}):
        fast, reference = _two_frames()
        pptx_blocks.add_runs(fast.paragraphs[0], text, **options)
        add_runs_with_python_pptx(reference.paragraphs[0], text, **options)
        assert _xml(fast) == _xml(reference), options
    fast, reference = _two_frames()  # runs go before a closing a:endParaRPr
    for frame in (fast, reference):
        frame.paragraphs[0]._p.get_or_add_endParaRPr()
    pptx_blocks.add_runs(fast.paragraphs[0], text, size=14)
    add_runs_with_python_pptx(reference.paragraphs[0], text, size=14)
    assert _xml(fast) == _xml(reference)
    assert _xml(fast).endswith(b"<a:endParaRPr/></a:p></p:txBody>")
