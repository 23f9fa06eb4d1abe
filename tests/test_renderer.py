"""The persistent renderer (``office/renderer.py``): LibreOffice kept running over UNO, pictures drawn
only for slides that changed (``office/digests.py``, ``office/slide_pictures.py``), and the fresh route
as the fallback. The digest tests need no LibreOffice; the rest are render tests."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from fawbrief.cli.main import main
from fawbrief.office.digests import slide_digests
from fawbrief.office.slide_pictures import picture_tag, tagged


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deck")
    result = CliRunner().invoke(main, ["build", "jiefang", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out / "jiefang-executive.pptx"


@pytest.fixture(scope="module")
def persistent() -> None:
    from fawbrief.office.renderer import persistent_available

    if not persistent_available():
        message = "needs LibreOffice and python3-uno (apt-get install libreoffice-impress python3-uno)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def rewrite(data: bytes, changes: dict[str, bytes]) -> bytes:
    """The package ``data`` with the parts in ``changes`` replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, changes.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def slide_part(data: bytes, number: int) -> str:
    """The part name of the deck's ``number``-th slide (in the deck's order)."""
    rels = part(data, "ppt/_rels/presentation.xml.rels").decode()
    ids = re.findall(r'<p:sldId [^>]*r:id="(rId\d+)"', part(data, "ppt/presentation.xml").decode())
    target = re.search(rf'Id="{ids[number - 1]}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'Target="([^"]+)"[^>]*Id="{ids[number - 1]}"', rels)
    assert target is not None
    return "ppt/" + target.group(1).lstrip("/").removeprefix("ppt/")


def slide_total(data: bytes) -> int:
    """How many slides the deck holds."""
    return len(re.findall(r"<p:sldId ", part(data, "ppt/presentation.xml").decode()))


def figure_slide(data: bytes) -> int:
    """The first slide after the cover that shows the figure "60,000" (annual exports): the one these tests edit,
    found in the deck rather than assumed, so a rewritten deck does not break them."""
    return next(n for n in range(2, slide_total(data) + 1) if b"60,000" in part(data, slide_part(data, n)))


def test_a_slide_edit_changes_that_slides_digest_and_notes_change_none(deck: Path) -> None:
    data = deck.read_bytes()
    digests, total, third = slide_digests(data), slide_total(data), figure_slide(data)
    assert len(digests) == total and len(set(digests)) == total and slide_digests(data) == digests
    edited = rewrite(data, {slide_part(data, third): part(data, slide_part(data, third)).replace(b"60,000",
                                                                                                  b"61,000", 1)})
    changed = [n for n, (a, b) in enumerate(zip(digests, slide_digests(edited), strict=True), start=1) if a != b]
    assert changed == [third]
    notes = next(name for name in zipfile.ZipFile(deck).namelist() if name.startswith("ppt/notesSlides/notesSlide"))
    assert slide_digests(rewrite(data, {notes: part(data, notes).replace(b"<a:t>", b"<a:t>x", 1)})) == digests
    second = slide_part(data, 2)
    hidden = rewrite(data, {second: part(data, second).replace(b"<p:sld ", b'<p:sld show="0" ', 1)})
    after = slide_digests(hidden)
    assert len(after) == total - 1 and after[0] == digests[0] and after[1] != digests[2]  # numbers shift: redrawn


def test_a_picture_carries_its_slides_digest(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 20, 30)).save(buffer, format="PNG")
    png = tagged(buffer.getvalue(), "ab" * 32)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (4, 3) and image.getpixel((0, 0)) == (10, 20, 30)
        image.load()
        assert image.text["fawbrief-slide"] == "ab" * 32
    (tmp_path / "plain.png").write_bytes(buffer.getvalue())
    (tmp_path / "tagged.png").write_bytes(png)
    assert picture_tag(tmp_path / "plain.png") is None and picture_tag(tmp_path / "tagged.png") == "ab" * 32
    assert picture_tag(tmp_path / "missing.png") is None


@pytest.mark.render
def test_the_renderer_converts_draws_chosen_slides_and_stops_whole(persistent: None, deck: Path,
                                                                   tmp_path: Path) -> None:
    from fawbrief.office.pdf import pdf_pages
    from fawbrief.office.renderer import Renderer

    total = slide_total(deck.read_bytes())
    renderer = Renderer()
    try:
        assert renderer.pdf(deck, tmp_path / "deck.pdf") == total
        assert pdf_pages((tmp_path / "deck.pdf").read_bytes()) == total
        count, files = renderer.pngs(deck, tmp_path, [2, 5])
        assert count == total and [f.name for f in files] == ["slide-02.png", "slide-05.png"]
        with Image.open(files[0]) as picture:
            assert picture.size == (1280, 720)
        group = renderer.pid
        assert _group_alive(group)
    finally:
        renderer.close()
    assert not _group_alive(group), "LibreOffice outlived close()"


@pytest.mark.render
def test_the_renderer_dies_with_its_parent(persistent: None, deck: Path, tmp_path: Path) -> None:
    script = ("import os, sys; from pathlib import Path; from fawbrief.office.renderer import Renderer; "
              "r = Renderer(); r.pdf(Path(sys.argv[1]), Path(sys.argv[2])); print(r.pid, flush=True); os._exit(0)")
    proc = subprocess.run([sys.executable, "-c", script, str(deck), str(tmp_path / "x.pdf")], capture_output=True,
                          text=True, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr
    group = int(proc.stdout.split()[0])
    deadline = time.monotonic() + 30
    while _group_alive(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _group_alive(group), "LibreOffice outlived the process that started it"


@pytest.mark.render
def test_preview_again_draws_only_the_slides_that_changed(persistent: None, deck: Path, tmp_path: Path) -> None:
    out = tmp_path / "preview"
    first = CliRunner().invoke(main, ["preview", str(deck), "-o", str(out)])
    assert first.exit_code == 0, first.output
    pictures = sorted(out.glob("jiefang-executive-[0-9]*.png"))
    data = deck.read_bytes()
    assert len(pictures) == slide_total(data) and all(picture_tag(p) for p in pictures)
    stamps = {p.name: p.stat().st_mtime_ns for p in pictures}
    number = figure_slide(data)
    third = slide_part(data, number)
    edited = tmp_path / "edited" / deck.name
    edited.parent.mkdir()
    edited.write_bytes(rewrite(data, {third: part(data, third).replace(b"60,000", b"61,000", 1)}))
    again = CliRunner().invoke(main, ["preview", str(edited), "-o", str(out)])
    assert again.exit_code == 0, again.output
    redrawn = sorted(name for name, stamp in stamps.items() if (out / name).stat().st_mtime_ns != stamp)
    assert redrawn == [f"jiefang-executive-{number:02d}.png"]


@pytest.mark.render
def test_the_fresh_route_is_the_fallback(persistent: None, deck: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAWBRIEF_RENDERER", "fresh")
    result = CliRunner().invoke(main, ["preview", str(deck), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    first = tmp_path / "jiefang-executive-01.png"
    assert picture_tag(first) is None  # pdftoppm drew it, not the renderer
    with Image.open(first) as picture:
        assert picture.size == (1280, 720)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie worker keeps the group "alive" until reaped: count only processes that are not zombies
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                return True
    return False


def test_a_sparse_copy_keeps_every_slide_and_only_the_chosen_ones_content(deck: Path) -> None:
    from fawbrief.office.sparse import sparse_deck

    data = deck.read_bytes()
    number = figure_slide(data)
    kept = 6 if number != 6 else 5
    sparse = sparse_deck(data, [kept])
    assert len(slide_digests(sparse)) == slide_total(data)
    assert slide_digests(sparse)[kept - 1] == slide_digests(data)[kept - 1]  # the chosen slide, all it draws from
    assert part(sparse, slide_part(data, kept)) == part(data, slide_part(data, kept))
    emptied = part(sparse, slide_part(data, number)).decode()
    assert "<p:sp>" not in emptied and "<p:pic>" not in emptied
    assert "60,000" in part(data, slide_part(data, number)).decode()


@pytest.mark.render
def test_a_slide_drawn_from_the_sparse_copy_is_the_slide_drawn_from_the_deck(persistent: None, deck: Path,
                                                                            tmp_path: Path) -> None:
    from fawbrief.office.renderer import Renderer
    from fawbrief.office.sparse import sparse_deck

    data = deck.read_bytes()
    chosen = [figure_slide(data), slide_total(data)]  # the last: its slide number and sources list come out the same
    sparse = tmp_path / "sparse.pptx"
    sparse.write_bytes(sparse_deck(data, chosen))
    (tmp_path / "full").mkdir()
    (tmp_path / "sparse").mkdir()
    with Renderer() as renderer:
        renderer.pngs(deck, tmp_path / "full", chosen)
        renderer.pngs(sparse, tmp_path / "sparse", chosen)
    for name in (f"slide-{n:02d}.png" for n in chosen):
        _same_picture(tmp_path / "full" / name, tmp_path / "sparse" / name)


def test_the_copy_for_the_renderer_has_no_notes_pages_and_every_slide_as_it_was(deck: Path) -> None:
    """``sparse_deck(data)`` (every slide kept: what ``build --pdf`` converts) takes out the notes pages,
    the notes master and every reference to them, and leaves each slide's part as it was."""
    from pptx import Presentation

    from fawbrief.office.sparse import sparse_deck

    data = deck.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert any(name.startswith("ppt/notesSlides/") for name in names)  # the deck has notes to take out
    copy = sparse_deck(data)
    with zipfile.ZipFile(io.BytesIO(copy)) as archive:
        left = archive.namelist()
        text = {name: archive.read(name) for name in left if name.endswith((".rels", ".xml"))}
    assert not [name for name in left if "notesSlide" in name or "notesMaster" in name]
    assert not [name for name, body in text.items() if b"notesSlide" in body or b"notesMaster" in body]
    for number in range(1, slide_total(data) + 1):
        assert part(copy, slide_part(data, number)) == part(data, slide_part(data, number))
    assert slide_digests(copy) == slide_digests(data)
    shown = Presentation(io.BytesIO(copy))  # still a package PowerPoint's reader opens
    assert len(shown.slides) == slide_total(data) and not any(slide.has_notes_slide for slide in shown.slides)


@pytest.mark.render
def test_a_pdf_made_without_the_notes_pages_shows_the_same_pages(persistent: None, deck: Path,
                                                                 tmp_path: Path) -> None:
    """What ``build --pdf`` converts (``sparse_deck(data)``) gives the pages the deck itself gives, pixel
    for pixel (pdftoppm at 40 dpi)."""
    from fawbrief.office.renderer import Renderer
    from fawbrief.office.sparse import sparse_deck

    copy = tmp_path / "copy.pptx"
    copy.write_bytes(sparse_deck(deck.read_bytes()))
    with Renderer() as renderer:
        renderer.pdf(deck, tmp_path / "full.pdf")
        renderer.pdf(copy, tmp_path / "copy.pdf")
    pages = _pages(tmp_path / "full.pdf")
    assert len(pages) == slide_total(deck.read_bytes())
    _same_pages(pages, _pages(tmp_path / "copy.pdf"))


def _pages(pdf: Path) -> list[Path]:
    """The pages of ``pdf`` drawn by pdftoppm at 40 dpi beside it, in order."""
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(prefix)], check=True)
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))


def _same_picture(one: Path, other: Path) -> None:
    from PIL import ImageChops

    with Image.open(one) as a, Image.open(other) as b:
        assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None, one.name


def _same_pages(left: list[Path], right: list[Path]) -> None:
    assert len(left) == len(right)
    for one, other in zip(left, right, strict=True):
        _same_picture(one, other)


@pytest.mark.render
@pytest.mark.parametrize("charts", ["image", "native"])
def test_the_kept_renderer_gives_the_pages_a_fresh_soffice_gives(persistent: None, deck: Path, charts: str,
                                                                  tmp_path: Path) -> None:
    """The renderer opens a .pptx as a model without a frame (``uno_worker._open``): its PDF shows the pages
    a fresh ``soffice --convert-to pdf`` of the same deck shows, pixel for pixel, with charts as pictures
    and as embedded chart objects."""
    from fawbrief.office.pdf import to_pdf_bytes
    from fawbrief.office.renderer import Renderer

    if charts == "native":
        result = CliRunner().invoke(main, ["build", "jiefang", "--charts", "native", "-o", str(tmp_path / "out")])
        assert result.exit_code == 0, result.output
        deck = tmp_path / "out" / deck.name
        assert any(name.startswith("ppt/charts/chart") for name in zipfile.ZipFile(deck).namelist())
    with Renderer() as renderer:
        renderer.pdf(deck, tmp_path / "kept.pdf")
    (tmp_path / "fresh.pdf").write_bytes(to_pdf_bytes([(deck, deck.read_bytes())])[0])
    kept = _pages(tmp_path / "kept.pdf")
    assert len(kept) == slide_total(deck.read_bytes())
    _same_pages(kept, _pages(tmp_path / "fresh.pdf"))


@pytest.mark.render
def test_a_deck_not_named_pptx_opens_in_a_hidden_frame_with_the_same_pages(persistent: None, deck: Path,
                                                                            tmp_path: Path) -> None:
    """Only a .pptx takes the frameless load; any other name is opened the usual way (LibreOffice finds the
    format from the content), and shows the same pages."""
    from fawbrief.office.renderer import Renderer

    other = tmp_path / "deck.bin"
    other.write_bytes(deck.read_bytes())
    with Renderer() as renderer:
        shown = renderer.pdf(other, tmp_path / "other.pdf")
        renderer.pdf(deck, tmp_path / "pptx.pdf")
    assert shown == slide_total(deck.read_bytes())
    _same_pages(_pages(tmp_path / "other.pdf"), _pages(tmp_path / "pptx.pdf"))
