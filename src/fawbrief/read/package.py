"""Opening a deck to read it: vetted first (``core/package_vet``: limits, templates read as decks), then python-pptx.

``dump``, ``lint`` and ``preview`` open every ``.pptx`` through here; the theme takes
the same vetting in ``write/theme`` (the writer does not import the reader).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pptx

from fawbrief.core.errors import InputError
from fawbrief.core.package_vet import READ, Policy, check_package, read_package


def open_file(path: Path, policy: Policy = READ) -> Any:
    """The presentation at ``path``; ``InputError`` naming the file when it is missing, too large or no deck."""
    return presentation(read_package(Path(path), policy), path)


def open_bytes(data: bytes, name: str | Path, policy: Policy = READ) -> Any:
    """The presentation in ``data`` (a deck in memory, labelled ``name`` in errors)."""
    return presentation(check_package(data, name, policy), name)


def presentation(vetted: bytes, name: str | Path) -> Any:
    """python-pptx's presentation of bytes ``check_package`` returned."""
    try:
        return pptx.Presentation(io.BytesIO(vetted))
    except Exception:  # zipfile, KeyError, lxml and python-pptx errors alike
        raise InputError("not a PowerPoint file", path=name) from None


@contextlib.contextmanager
def broken_package(path: str | Path) -> Iterator[None]:
    """A part that names a relationship the package does not hold (python-pptx raises ``KeyError``
    while reading on) is bad input, not a bug."""
    try:
        yield
    except KeyError as exc:
        text = str(exc.args[0]) if exc.args else ""
        if not text.startswith("no relationship"):
            raise
        raise InputError(f"broken package: {text}", path=path) from None
