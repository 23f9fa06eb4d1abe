"""``build --pdf``: every deck's PDF, through persistent renderers when there are some.

The pool (``renderer.py``) is started by the build before it composes, so LibreOffice
starts while the decks are made; two renderers convert on two cores, each deck as soon as
it is written (``Conversions.add``), while the others are still being written, from a copy
without its notes pages (``sparse.py``). Each PDF is checked for one page per shown slide, as
on the fresh route, which is the fallback: without a pool, or when the pool fails, one fresh
LibreOffice run converts every deck not taken from the PDF cache once all are written, and names
any problem.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from fawbrief.core.errors import RendererError
from fawbrief.office import pdf_cache
from fawbrief.office.pdf import pdf_pages, shown_slides, to_pdf_bytes
from fawbrief.office.renderer import Renderer, RendererPool
from fawbrief.office.sparse import sparse_deck


class Conversions:
    """The PDFs of one build's decks, started as the decks are written: ``add`` every deck when its bytes
    exist, ``finish`` once all are added. A deck converted before (the same bytes) takes its PDF from the
    cache (``pdf_cache``); the others go to ``pool`` (persistent renderers, already starting) when given.
    Without a pool, or when it fails, one fresh LibreOffice run converts all of those at the end and names
    any problem. Used as a context manager: leaving it on an error stops the conversions."""

    def __init__(self, pool: RendererPool | None) -> None:
        self._feed = None if pool is None else pool.feed(
            lambda renderer, item: _persistent_pdf(renderer, item[1], item[0]))
        self._reused: dict[int, bytes] = {}

    def add(self, index: int, data: bytes, target: Path) -> None:
        """The ``index``-th deck's bytes, to be published at ``target``: its PDF is looked up or started."""
        cached = pdf_cache.lookup(data)
        if cached is not None:
            self._reused[index] = cached
        elif self._feed is not None:
            self._feed.put(index, (data, target))

    def finish(self, decks: Sequence[tuple[bytes, Path, int]], note: Callable[[str], None] | None = None
               ) -> list[tuple[bytes, Path, int]]:
        """For each ``(pptx bytes, target, slides)`` (the i-th is what ``add(i, …)`` got) the
        ``(pdf bytes, target.pdf, pages)``; ``note`` hears how many were reused."""
        made: dict[int, bytes] = {}
        if self._feed is not None:
            try:
                made = self._feed.finish()
            except RendererError:
                made = {}  # the fresh route decides, and names the problem
        if note is not None and self._reused:
            note(f"{len(self._reused)} of {len(decks)} PDF(s) reused: their decks are byte-identical to "
                 f"decks converted before ({pdf_cache.folder()})")
        rest = [index for index in range(len(decks)) if index not in self._reused and index not in made]
        if rest:
            made.update(zip(rest, to_pdf_bytes([(decks[i][1], decks[i][0]) for i in rest]), strict=True))
        for index, pdf in made.items():
            pdf_cache.store(decks[index][0], pdf)
        pdfs = {**self._reused, **made}
        return [(pdfs[index], target.with_suffix(".pdf"), slides) for index, (_, target, slides) in enumerate(decks)]

    def __enter__(self) -> Conversions:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is not None and self._feed is not None:
            self._feed.cancel()


def _persistent_pdf(renderer: Renderer, target: Path, data: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="fawbrief-pdf-") as tmp:
        source, out = Path(tmp, target.name), Path(tmp, f"{target.stem}.pdf")
        source.write_bytes(sparse_deck(data))  # no notes pages: LibreOffice opens it sooner, the PDF is the same
        renderer.pdf(source, out)
        pdf = out.read_bytes() if out.is_file() else b""
    pages, slides = pdf_pages(pdf), shown_slides(data)
    if pages != slides:
        raise RendererError(f"LibreOffice wrote {pages if pages is not None else 'an unreadable'} "
                            f"page(s) for {slides} slide(s)", path=target)
    return pdf
