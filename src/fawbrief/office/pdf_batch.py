"""``build --pdf``: every deck's PDF, through persistent renderers when there are some.

The pool (``renderer.py``) is started by the build before it composes, so LibreOffice
starts while the decks are made; two renderers convert on two cores. Each PDF is checked
for one page per shown slide, as on the fresh route, which is the fallback: when the
pool is missing or fails, one fresh LibreOffice run converts them all and names any problem.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from fawbrief.core.errors import RendererError
from fawbrief.office.pdf import pdf_pages, shown_slides, to_pdf_bytes
from fawbrief.office.renderer import Renderer, RendererPool


def pdf_items(decks: Sequence[tuple[bytes, Path, int]], pool: RendererPool | None = None
              ) -> list[tuple[bytes, Path, int]]:
    """``build --pdf``: for each ``(pptx bytes, target, slides)`` the ``(pdf bytes, target.pdf, pages)``;
    through ``pool`` (persistent renderers, already starting) when given, else, or when that fails, in one
    fresh LibreOffice run."""
    pdfs = None
    if pool is not None:
        try:
            pdfs = pool.map(lambda renderer, item: _persistent_pdf(renderer, item[1], item[0]), decks)
        except RendererError:
            pdfs = None  # the fresh route decides, and names the problem
    if pdfs is None:
        pdfs = to_pdf_bytes([(target, data) for data, target, _ in decks])
    return [(pdf, target.with_suffix(".pdf"), slides) for pdf, (_, target, slides) in zip(pdfs, decks, strict=True)]


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
