"""A content-addressed cache of ``build --pdf``'s PDFs: a deck converted before is not converted again.

Decks are reproducible (the same inputs write the same bytes), so a deck whose ``.pptx`` bytes are
unchanged since an earlier ``build --pdf`` needs no LibreOffice: its PDF is read from the cache. That is
how "only decks whose inputs changed are converted" holds without tracking inputs here: an edit that
changes a deck changes its bytes, and only that deck is converted again.

The key is a SHA-256 over the deck's bytes and the LibreOffice that converts it (the executable's path,
size and modification time, so an upgrade converts everything again without starting LibreOffice to ask
its version). Fonts are not in the key: after installing or removing fonts, clear the folder. A hit is
checked like a fresh PDF (one page per shown slide), so a damaged entry is converted again. Entries are
written atomically (a temporary file in the same folder, then ``os.replace``); a folder that cannot be
read or written only costs a conversion, never a build.

Folder: ``pdf/`` in the cache folder (``$FAWBRIEF_CACHE_DIR``, else ``$XDG_CACHE_HOME/fawbrief/charts``,
else ``~/.cache/fawbrief/charts``); ``FAWBRIEF_PDF_CACHE=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

from fawbrief.charts.cache import cache_dir
from fawbrief.core.errors import RendererError
from fawbrief.office.pdf import find_soffice, pdf_pages, shown_slides


def enabled() -> bool:
    """Whether ``build --pdf`` reuses cached PDFs (``FAWBRIEF_PDF_CACHE=off`` says no)."""
    return os.environ.get("FAWBRIEF_PDF_CACHE", "").strip().lower() not in ("off", "0", "no", "false")


def folder() -> Path:
    """Where the PDFs are kept."""
    return cache_dir() / "pdf"


@cache
def _converter() -> str:
    """What identifies the LibreOffice that converts: its executable's real path, size and mtime."""
    try:
        path = Path(find_soffice()).resolve()
        info = path.stat()
    except (RendererError, OSError):
        return "none"
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


def key(data: bytes) -> str:
    """The hex SHA-256 naming the PDF of the deck whose ``.pptx`` bytes are ``data``."""
    digest = hashlib.sha256(data)
    digest.update(b"\0" + _converter().encode())
    return digest.hexdigest()


def lookup(data: bytes) -> bytes | None:
    """The cached PDF of the deck ``data``, or None (not cached, unreadable, or not one page per slide)."""
    if not enabled():
        return None
    try:
        pdf = (folder() / f"{key(data)}.pdf").read_bytes()
    except OSError:
        return None
    return pdf if pdf_pages(pdf) == shown_slides(data) else None


def store(data: bytes, pdf: bytes) -> None:
    """Keep ``pdf`` as the PDF of the deck ``data`` (atomically; a failure is ignored)."""
    if not enabled():
        return
    where = folder()
    with contextlib.suppress(OSError):
        where.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=".pdf")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(pdf)
            os.replace(tmp, where / f"{key(data)}.pdf")
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
