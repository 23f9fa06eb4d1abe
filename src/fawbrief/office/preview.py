"""``fawbrief preview``: a PNG per slide and a contact sheet, to look at a deck without PowerPoint.

With the persistent renderer (``renderer.py``) LibreOffice draws each slide straight
to a PNG, two decks at a time on two cores, and only slides that changed since the
pictures in the folder were drawn (``slide_pictures.py``). Otherwise (the fresh route)
the deck goes to PDF through one LibreOffice run (``pdf.convert``) and poppler's
``pdftoppm`` rasterises each page. Pillow lays the pages out as a grid with thin gaps.
Files are ``<stem>-NN.png`` and ``<stem>-contact-sheet.png``; pages left over
from a longer earlier version of the deck are removed, so the folder always
shows the deck as it is.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from fawbrief.core.errors import InputError, RendererError
from fawbrief.core.package_vet import RENDER, read_package
from fawbrief.office.digests import slide_digests
from fawbrief.office.pdf import convert, find_tool
from fawbrief.office.pool import start_pool
from fawbrief.office.renderer import Renderer, RendererPool, persistent_available
from fawbrief.office.slide_pictures import draw_changed, stale_slides
from fawbrief.read.package import presentation

SLIDE_WIDTH_PX = 1280  # a 13.33 in slide at 96 dpi; the height follows the slide's shape
THUMB_WIDTH = 480
GAP = 12
SHEET_BACKGROUND = (208, 213, 218)


def preview(deck: Path, out_dir: Path, timeout: float | None = None) -> list[Path]:
    """Write the slide PNGs and the contact sheet of ``deck`` into ``out_dir``; their paths, sheet last."""
    return preview_many([deck], out_dir, timeout)


def preview_many(decks: Sequence[Path], out_dir: Path, timeout: float | None = None) -> list[Path]:
    """``preview`` of every deck into one folder (each deck's pictures, then its sheet); every deck is
    vetted before any is drawn, and LibreOffice is started once for all of them."""
    stems = [deck.stem for deck in decks]
    if len(set(stems)) != len(stems):
        raise InputError("decks previewed together need distinct names", hint="preview them into separate folders")
    loaded = []
    for deck in decks:
        data = read_package(deck, RENDER)  # limits, no external links LibreOffice would follow, before reading
        presentation(data, deck)  # "not a PowerPoint file", as for dump and lint
        loaded.append((deck, data))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RendererError(f"cannot create the preview folder: {exc.strerror}", path=out_dir) from None
    if not persistent_available():
        return [path for deck, data in loaded for path in _fresh(deck, data, out_dir, timeout)]
    pending = [item for item in loaded if stale_slides(slide_digests(item[1]), item[0].stem, out_dir)]
    try:
        pool = start_pool(len(pending))  # none when every picture is current
    except RendererError:
        pool = None  # it would not start: the fresh route for what must be drawn
    with contextlib.ExitStack() as stack:
        renderers: list[Renderer | None] = [None]
        if pool is not None:
            renderers = stack.enter_context(pool).renderers
        drawn = RendererPool.map_over(renderers, lambda renderer, item: _persistent(
            renderer, item[0], item[1], out_dir, timeout), loaded)
    return [path for paths in drawn for path in paths]


def _persistent(renderer: Renderer | None, deck: Path, data: bytes, out_dir: Path, timeout: float | None) -> list[Path]:
    try:
        drawn = draw_changed(renderer, data, deck.stem, out_dir)
    except RendererError:
        return _fresh(deck, data, out_dir, timeout)  # the fresh route, once, before giving up
    count = len(slide_digests(data))
    slides = [out_dir / f"{deck.stem}-{n:02d}.png" for n in range(1, count + 1)]
    _remove_stale(out_dir, deck.stem, count)
    sheet = out_dir / f"{deck.stem}-contact-sheet.png"
    if drawn or not sheet.is_file():
        contact_sheet(slides, sheet)
    return [*slides, sheet]


def _fresh(deck: Path, data: bytes, out_dir: Path, timeout: float | None = None) -> list[Path]:
    pdftoppm = find_tool("pdftoppm")
    with tempfile.TemporaryDirectory(prefix="fawbrief-preview-") as tmp:
        folder = Path(tmp)
        source = folder / "deck" / f"{deck.stem}.pptx"  # a plain name: LibreOffice takes the stem for the PDF
        source.parent.mkdir()
        source.write_bytes(data)
        pdf = convert([source], folder, timeout)[0]
        pages = _rasterise(pdftoppm, pdf, folder / "pages")
        slides = []
        for number, page in enumerate(pages, start=1):
            target = out_dir / f"{deck.stem}-{number:02d}.png"
            if _same_device(page, out_dir):
                os.replace(page, target)
            else:
                _copy(page, target)
            slides.append(target)
    _remove_stale(out_dir, deck.stem, len(slides))
    sheet = out_dir / f"{deck.stem}-contact-sheet.png"
    contact_sheet(slides, sheet)
    return [*slides, sheet]


def _rasterise(pdftoppm: str, pdf: Path, folder: Path) -> list[Path]:
    folder.mkdir()
    proc = subprocess.run([pdftoppm, "-png", "-scale-to-x", str(SLIDE_WIDTH_PX), "-scale-to-y", "-1", str(pdf),
                           str(folder / "page")],
                          capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise RendererError(f"pdftoppm failed: {last}", path=pdf)
    pages = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if not pages:
        raise RendererError("pdftoppm wrote no images", path=pdf)
    return pages


def contact_sheet(slides: list[Path], target: Path, columns: int | None = None) -> Path:
    """All slides as a grid of thumbnails with thin gaps, written to ``target``."""
    columns = columns or min(4, max(1, math.ceil(math.sqrt(len(slides)))))
    rows = math.ceil(len(slides) / columns)
    thumbs = []
    for path in slides:
        with Image.open(path) as image:
            height = round(image.height * THUMB_WIDTH / image.width)
            thumbs.append(image.convert("RGB").resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS))
    cell_h = max(thumb.height for thumb in thumbs)
    sheet = Image.new("RGB", (GAP + columns * (THUMB_WIDTH + GAP), GAP + rows * (cell_h + GAP)), SHEET_BACKGROUND)
    for i, thumb in enumerate(thumbs):
        row, col = divmod(i, columns)
        sheet.paste(thumb, (GAP + col * (THUMB_WIDTH + GAP), GAP + row * (cell_h + GAP)))
    tmp = target.with_name(f".{target.name}.tmp")
    sheet.save(tmp, format="PNG", optimize=True)
    os.replace(tmp, target)
    return target


def _remove_stale(out_dir: Path, stem: str, count: int) -> None:
    pattern = re.compile(re.escape(stem) + r"-(\d{2,})\.png")
    for path in out_dir.iterdir():
        match = pattern.fullmatch(path.name)
        if match and int(match.group(1)) > count:
            path.unlink()


def _same_device(path: Path, folder: Path) -> bool:
    return os.stat(path).st_dev == os.stat(folder).st_dev


def _copy(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(source.read_bytes())
    os.replace(tmp, target)
