"""The layering is executable: import-linter's contracts (pyproject.toml) hold, and each one bites.

The contracts: stages import only earlier stages (``cli`` down to ``core``), no
import cycle inside any package (imports inside functions count), only ``cli``
imports click, only ``write`` and ``read`` import python-pptx, only ``charts``
imports matplotlib, and the writer imports nothing from facts, compose or
project. ``lint-imports`` runs in a subprocess on a given copy of the package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "pyproject.toml"
CONTRACTS: dict[str, str] = {contract["id"]: contract["name"] for contract in
                             tomllib.loads(CONFIG.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]}


def lint_imports(src: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """``lint-imports`` on the ``fawbrief`` package under ``src``: its run, and each contract id → KEPT or BROKEN."""
    script = Path(sys.executable).with_name("lint-imports")
    assert script.is_file(), "import-linter is not installed: pip install -e '.[test]'"
    env = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": "1000"}  # wide: one line per contract verdict
    result = subprocess.run([str(script), "--no-cache", "--config", str(CONFIG)], capture_output=True, text=True,
                            env=env, cwd=src, check=False)
    verdicts = {}
    for line in result.stdout.splitlines():
        for contract_id, name in CONTRACTS.items():
            if line in (f"{name} KEPT", f"{name} BROKEN"):
                verdicts[contract_id] = line.rsplit(" ", 1)[1]
    return result, verdicts


def test_every_contract_holds() -> None:
    result, verdicts = lint_imports(REPO / "src")
    assert result.returncode == 0 and verdicts == dict.fromkeys(CONTRACTS, "KEPT"), result.stdout + result.stderr


@pytest.mark.parametrize(("module", "added", "broken"), [
    ("model/slides.py", "import click", {"click"}),
    ("charts/alt_text.py", "import pptx", {"pptx"}),
    ("compose/finish.py", "import matplotlib", {"matplotlib"}),
    ("write/writer.py", "from fawbrief.facts import formatting", {"writer"}),  # a lower layer, but not the writer's
    ("write/blocks.py", "def _late():\n    from fawbrief.compose import finish", {"writer", "layers"}),
    ("core/errors.py", "from fawbrief.model import slides", {"layers"}),
    ("facts/schema.py", "def _late():\n    from fawbrief.facts import base", {"acyclic"}),
    ("cli/main.py", "def _late():\n    from fawbrief.cli import check", {"acyclic"}),
])
def test_a_forbidden_import_breaks_its_contract(tmp_path: Path, module: str, added: str, broken: set[str]) -> None:
    shutil.copytree(REPO / "src" / "fawbrief", tmp_path / "fawbrief",
                    ignore=lambda folder, names: [n for n in names if not (n.endswith(".py") or
                                                                           Path(folder, n).is_dir())
                                                  or n == "__pycache__"])
    target = tmp_path / "fawbrief" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n\n{added}\n", encoding="utf-8")
    result, verdicts = lint_imports(tmp_path)
    assert result.returncode != 0
    assert verdicts == {contract_id: "BROKEN" if contract_id in broken else "KEPT" for contract_id in CONTRACTS}, \
        result.stdout
