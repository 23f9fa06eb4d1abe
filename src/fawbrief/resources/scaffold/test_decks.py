"""This project's decks against their goldens, and its citations against the source documents.

``pytest`` runs one test per deck variant (deck × audience × language) through fawbrief's pytest plugin:
each builds its variant in memory and compares the dump with ``tests/golden/``. When one fails, read the
summary at the top of its report (which fact, catalog entry or template changed, and which slides it moved)
and the slide diffs under it. If the change is what you meant, accept it and commit the goldens with it:

    pytest --update-goldens        # or: fawbrief verify --update
    git diff tests/golden/         # what the slides now say
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_deck_matches_its_golden(fawbrief_golden) -> None:
    fawbrief_golden.check()


def test_no_golden_is_stale(fawbrief_goldens) -> None:
    fawbrief_goldens.check_stale()


def test_every_citation_stands_in_its_source() -> None:
    if not any(path.name != "README.md" for path in (ROOT / "sources").iterdir()):
        pytest.skip("the source documents are not in sources/ (sources/README.md says where to get them)")
    result = subprocess.run([sys.executable, "-m", "fawbrief", "-C", str(ROOT), "check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
