"""``build --pdf``: every deck's PDF, through persistent renderers when there are some.

The pool (``renderer.py``) is started by the build before it composes, so LibreOffice
starts while the decks are made; two renderers convert on two cores. Each PDF is checked
for one page per shown slide, as on the fresh route, which is the fallback: when the
pool is missing or fails, one fresh LibreOffice run converts them all and names any problem.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from fawbrief.core.errors import RendererError
from fawbrief.office import pdf_cache
from fawbrief.office.pdf import pdf_pages, shown_slides, to_pdf_bytes
from fawbrief.office.renderer import Renderer, RendererPool


def pdf_items(decks: Sequence[tuple[bytes, Path, int]], pool: RendererPool | None = None,
              note: Callable[[str], None] | None = None) -> list[tuple[bytes, Path, int]]:
    """``build --pdf``: for each ``(pptx bytes, target, slides)`` the ``(pdf bytes, target.pdf, pages)``.
    A deck converted before (the same bytes) takes its PDF from the cache (``pdf_cache``); the others are
    converted through ``pool`` (persistent renderers, already starting) when given, else, or when that
    fails, in one fresh LibreOffice run. ``note`` hears how many were reused."""
    pdfs: list[bytes | None] = [pdf_cache.lookup(data) for data, _, _ in decks]
    missing = [item for item, pdf in zip(decks, pdfs, strict=True) if pdf is None]
    if note is not None and len(missing) < len(decks):
        note(f"{len(decks) - len(missing)} of {len(decks)} PDF(s) reused: their decks are byte-identical to "
             f"decks converted before ({pdf_cache.folder()})")
    made = _convert(missing, pool) if missing else []
    for (data, _, _), pdf in zip(missing, made, strict=True):
        pdf_cache.store(data, pdf)
    fresh = iter(made)
    done = [pdf if pdf is not None else next(fresh) for pdf in pdfs]
    return [(pdf, target.with_suffix(".pdf"), slides) for pdf, (_, target, slides) in zip(done, decks, strict=True)]


def _convert(decks: Sequence[tuple[bytes, Path, int]], pool: RendererPool | None) -> list[bytes]:
    pdfs = None
    if pool is not None:
        try:
            pdfs = pool.map(lambda renderer, item: _persistent_pdf(renderer, item[1], item[0]), decks)
        except RendererError:
            pdfs = None  # the fresh route decides, and names the problem
    if pdfs is None:
        pdfs = to_pdf_bytes([(target, data) for data, target, _ in decks])
    return pdfs


def _persistent_pdf(renderer: Renderer, target: Path, data: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="fawbrief-pdf-") as tmp:
        source, out = Path(tmp, target.name), Path(tmp, f"{target.stem}.pdf")
        source.write_bytes(data)
        renderer.pdf(source, out)
        pdf = out.read_bytes() if out.is_file() else b""
    pages, slides = pdf_pages(pdf), shown_slides(data)
    if pages != slides:
        raise RendererError(f"LibreOffice wrote {pages if pages is not None else 'an unreadable'} "
                            f"page(s) for {slides} slide(s)", path=target)
    return pdf
