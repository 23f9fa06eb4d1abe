"""This project's decks against its goldens, and its citations against its source documents.

Run ``pytest`` in the project folder. After a change you meant (a fact, a template), read what
``fawbrief verify`` reports, then ``fawbrief verify --update`` and commit the goldens with the change.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def fawbrief(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fawbrief", "-C", str(ROOT), *args],
                          capture_output=True, text=True, check=False)


def test_every_variant_matches_its_golden() -> None:
    result = fawbrief("verify")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_citation_stands_in_its_source() -> None:
    if not any(path.name != "README.md" for path in (ROOT / "sources").iterdir()):
        pytest.skip("the source documents are not in sources/ (sources/README.md says where to get them)")
    result = fawbrief("check")
    assert result.returncode == 0, result.stdout + result.stderr
