"""Decks to PDF with LibreOffice headless, checked rather than trusted.

``soffice`` exits 0 even when a conversion failed, so every PDF is checked to
exist and to hold one page per (shown) slide. Each run gets a private profile
(``-env:UserInstallation``) in a fresh temp folder, removed afterwards: two
conversions at once would otherwise fight over one profile's lock, and a user's
own LibreOffice settings never leak into the output. The process group is killed
on timeout. Missing or failing LibreOffice is a ``RendererError`` (exit 4).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from fawbrief.core.errors import RendererError
from fawbrief.core.namespaces import DOC_RELS, PML, clark

BASE_TIMEOUT_S = 90.0
PER_DECK_TIMEOUT_S = 20.0
_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", re.S)
_P_NS = f"{{{PML}}}"
_R_ID = clark(DOC_RELS, "id")


def find_soffice() -> str:
    """The LibreOffice executable on PATH (``soffice``, else ``libreoffice``)."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise RendererError("LibreOffice not found: no soffice or libreoffice on PATH",
                        hint="install it, e.g. apt-get install libreoffice-impress")


def find_tool(name: str, package: str = "poppler-utils") -> str:
    """The path of command-line tool ``name``; a renderer error naming the package when absent."""
    found = shutil.which(name)
    if not found:
        raise RendererError(f"{name} not found on PATH", hint=f"install it, e.g. apt-get install {package}")
    return found


def shown_slides(data: bytes) -> int:
    """How many slides a PDF export holds: every slide in the deck's list that is not hidden."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("ppt/presentation.xml"))
        rels = etree.fromstring(archive.read("ppt/_rels/presentation.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
        count = 0
        for sld_id in root.iterfind(f"{_P_NS}sldIdLst/{_P_NS}sldId"):
            target = targets.get(sld_id.get(_R_ID), "").lstrip("/")
            name = target if target.startswith("ppt/") else f"ppt/{target}"
            slide = etree.fromstring(archive.read(name))
            count += slide.get("show") not in ("0", "false")
    return count


def pdf_pages(data: bytes) -> int | None:
    """The page count of a PDF (the root page tree's ``/Count``), or None if it cannot be read."""
    if not data.startswith(b"%PDF-"):
        return None
    counts = [int(a or b) for a, b in _PAGES.findall(data)]
    if counts:
        return max(counts)
    pdfinfo = shutil.which("pdfinfo")  # compressed object streams: ask poppler
    if pdfinfo is None:
        return None
    proc = subprocess.run([pdfinfo, "-"], input=data, capture_output=True, timeout=60, check=False)
    match = re.search(rb"^Pages:\s+(\d+)", proc.stdout, re.M)
    return int(match.group(1)) if match else None


def convert(decks: Sequence[Path], out_dir: Path, timeout: float | None = None) -> list[Path]:
    """Convert ``decks`` to ``out_dir/<stem>.pdf`` in one LibreOffice run; each PDF checked."""
    stems = [deck.stem for deck in decks]
    if len(set(stems)) != len(stems):
        raise ValueError("decks converted together need distinct names")
    soffice = find_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    limit = timeout or BASE_TIMEOUT_S + PER_DECK_TIMEOUT_S * len(decks)
    with tempfile.TemporaryDirectory(prefix="fawbrief-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--invisible",
                   "--nologo", "--nodefault", "--norestore", "--nolockcheck", "--convert-to", "pdf",
                   "--outdir", str(out_dir), *(str(deck) for deck in decks)]
        scratch = Path(profile, "tmp")  # LibreOffice's own temp files go with the profile, even when it is killed
        scratch.mkdir()
        output = _run(command, limit, scratch)
    pdfs = []
    for deck in decks:
        pdf = out_dir / f"{deck.stem}.pdf"
        if not pdf.is_file():
            raise RendererError(f"LibreOffice wrote no PDF{_why(output)}", path=deck)
        pages, slides = pdf_pages(pdf.read_bytes()), shown_slides(deck.read_bytes())
        if pages != slides:
            raise RendererError(f"LibreOffice wrote {pages if pages is not None else 'an unreadable'} "
                                f"page(s) for {slides} slide(s)", path=deck)
        pdfs.append(pdf)
    return pdfs


def to_pdf_bytes(decks: Sequence[tuple[str | Path, bytes]], timeout: float | None = None) -> list[bytes]:
    """PDFs of in-memory decks ``(target path, .pptx bytes)``, in order (for ``build --pdf``); an error
    names the target, not the temp copy that is gone by the time it is read."""
    with tempfile.TemporaryDirectory(prefix="fawbrief-pdf-") as tmp:
        folder = Path(tmp)
        paths = {}
        for target, data in decks:
            path = folder / "in" / Path(target).name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
            paths[str(path)] = target
        try:
            return [pdf.read_bytes() for pdf in convert([Path(p) for p in paths], folder / "out", timeout)]
        except RendererError as exc:
            if exc.path in paths:
                exc.path = str(paths[exc.path])
            raise


def _run(command: list[str], timeout: float, scratch: Path) -> str:
    env = {**os.environ, "SAL_USE_VCLPLUGIN": "svp", "TMPDIR": str(scratch)}  # headless: never look for a display
    try:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=True)
    except OSError as exc:
        raise RendererError(f"cannot run LibreOffice: {exc.strerror or exc}", path=command[0]) from None
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise RendererError(f"LibreOffice did not finish within {timeout:.0f} s") from None
    except BaseException:
        _kill(proc)
        raise
    text = out.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RendererError(f"LibreOffice failed with exit code {proc.returncode}{_why(text)}")
    return text


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.wait()


def _why(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "rror" in line] or lines
    return f": {errors[-1][:200]}" if errors else ""
