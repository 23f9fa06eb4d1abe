"""Shared fixtures: the repository's data, the source documents beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SEEDS = REPO.parent / "shared" / "seeds"


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
