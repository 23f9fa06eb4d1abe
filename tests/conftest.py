"""Shared fixtures: the repository's data, and the source documents in ``sources/`` when they are there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
#: The source documents are not in the repository (sources/README.md says where to get them); CI puts them here.
SOURCES = REPO / "sources"
_FILES = [line.split(":", 1)[1].strip() for line in (DATA / "sources.yaml").read_text(encoding="utf-8").splitlines()
          if line.strip().startswith("file:")]
HAVE_SOURCES = bool(_FILES) and all((SOURCES / name).is_file() for name in _FILES)
_WHY = "needs the source documents in sources/ (see sources/README.md; .ci/run puts them there)"
#: Tests that read the documents: skipped with the reason on a bare clone, but never on CI, where they must run.
needs_sources = pytest.mark.skipif(not HAVE_SOURCES and not os.environ.get("CI"), reason=_WHY)
#: ``build --pdf`` reuses PDFs of byte-identical decks (office/pdf_cache): off in the tests, so a test of the
#: conversion (a failing renderer, the fallback) converts; tests/test_pdf_cache.py turns it on in its own folder.
os.environ.setdefault("FAWBRIEF_PDF_CACHE", "off")


@pytest.fixture(scope="session")
def factbase():
    from fawbrief.facts.base import load_factbase

    return load_factbase(DATA)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that plant bad input."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def unsourced(data: Path) -> Path:
    """Make ``data`` (a copy) cite documents that are not in ``sources/``, for a test that plants a fact the
    documents cannot hold (a changed value, a CJK label): the citation checks are then a note, not an error."""
    path = data / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    file: ", "    file: not-here-"), encoding="utf-8")
    return data
