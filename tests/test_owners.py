"""One owner per concept (issue 12): each is spelled in one module and imported everywhere else.

A second spelling is how two owners start (two ``contrast()`` functions with different
constants, the PML namespace in four modules): these checks fail the moment one comes back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "fawbrief"
CODE = [path for folder in (SRC, REPO / "scripts", REPO / "benchmarks") for path in sorted(folder.rglob("*.py"))]


def _code(path: Path) -> str:
    """A module's text without comments and docstrings' prose lines that merely mention a value."""
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("#"))


@pytest.mark.parametrize(("pattern", "owner"), [
    (r"schemas\.openxmlformats\.org", "core/namespaces.py"),  # OOXML namespace URIs
    # unit constants; a length that happens to be one inch (``Emu(914400)``) is a dimension, not a unit
    (r"(?<![\w.])(?<!Emu\()(914400|914_400|12700|12_700|45720|45_720|91440|91_440|360000|360_000)(?![\w.])",
     "core/units.py"),
    (r"east_asian_width", "core/text_metrics.py"),
    (r"\bdatetime\(2026", "core/build_date.py"),
    (r"FILE_NAME = \"language\.yaml\"", "facts/language.py"),  # a language's profile is read in one place
    (r"[\"']#[0-9A-Fa-f]{6}[\"']|RGBColor\(0x", "core/tokens.py"),
    (r"\bdef (contrast|luminance)\(", "core/tokens.py"),
    (r"\"Title and Content\"|\"Section Header\"", "core/layouts.py"),
    (r"template\.main\+xml", "core/package_vet.py"),  # the .potx content-type rewrite
    (r"^MAX_(FILE|UNPACKED)_BYTES\s*=", "core/package_vet.py"),
    (r"ZipInfo\(", "write/reproducible.py"),  # the zip normaliser
])
def test_one_owner(pattern: str, owner: str) -> None:
    regex = re.compile(pattern, re.MULTILINE)
    found = sorted({str(path.relative_to(REPO)) for path in CODE if regex.search(_code(path))})
    expected = [str((SRC / owner).relative_to(REPO))]
    exempt = {"scripts/make_theme.py"} if "Title and Content" in pattern else set()  # the theme's own layout list
    assert [name for name in found if name not in exempt] == expected


def test_cli_options_are_declared_once() -> None:
    """``--data`` was declared 7 times and ``-t/--templates`` 4 times; help texts stay per command."""
    from fawbrief.cli.main import main

    declared = [path.name for path in sorted((SRC / "cli").glob("*.py"))
                if re.search(r"[\"']--(data|templates)[\"']", path.read_text(encoding="utf-8"))]
    assert declared == ["options.py"]
    commands = dict(main.commands)
    commands["init"] = main.commands["templates"].commands["init"]  # type: ignore[attr-defined]
    users = {name: {opt.name for opt in command.params} & {"data_dir", "template_dirs"}
             for name, command in commands.items()}
    # check, facts, list, build, lint, verify, diff, init, messages
    assert sum("data_dir" in found for found in users.values()) == 9
    assert sum("template_dirs" in found for found in users.values()) == 5


def test_chart_kinds_come_from_the_model() -> None:
    from typing import get_args

    from fawbrief.compose.markup_charts import CHART_KINDS
    from fawbrief.model.slides import ChartKind

    assert get_args(ChartKind) == CHART_KINDS


def test_layout_ids_and_roles_agree() -> None:
    from fawbrief.core.layouts import LAYOUT_IDS, LAYOUT_NAMES, LAYOUT_ROLES

    assert LAYOUT_IDS == tuple(LAYOUT_NAMES) == tuple(LAYOUT_ROLES)
