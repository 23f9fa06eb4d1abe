"""OpenDocument presentations (.odp, .otp): recognised, so the refusal can say how to convert them."""

from __future__ import annotations

import shlex
import zipfile
from pathlib import Path


def odf_name(path: str | Path) -> bool:
    """Whether the file name is an OpenDocument presentation's or template's (.odp, .otp)."""
    return str(path).casefold().endswith((".odp", ".otp"))


def is_odf(archive: zipfile.ZipFile) -> bool:
    """An OpenDocument package: its first member, ``mimetype``, names an OpenDocument type."""
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return False
    if info.file_size > 100:
        return False
    return archive.read(info).startswith(b"application/vnd.oasis.opendocument")


def convert_hint(path: str | Path) -> str:
    """The LibreOffice command that turns an OpenDocument file into a .pptx the tool can read."""
    return f"convert it with LibreOffice: soffice --headless --convert-to pptx {shlex.quote(str(path))}"
