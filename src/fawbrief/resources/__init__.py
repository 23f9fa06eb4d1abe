"""The built-in FAW briefing project, shipped inside the package.

An installed wheel carries it as package data in ``fawbrief/resources/project/`` (copied there from the
repository's top level by ``setup.py`` at build time: ``fawbrief.toml``, ``data/``, ``templates/``,
``sources/README.md``, ``tests/golden/``). An editable checkout has no copy: the repository itself is the
built-in project. ``scaffold/`` holds the files ``fawbrief new`` adds to a copy of it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fawbrief.core.errors import InputError

PROJECT_FILE = "fawbrief.toml"


def builtin_root() -> Path:
    """The folder of the built-in project: the packaged copy, else the checkout this code runs from."""
    packaged = Path(str(resources.files(__name__))) / "project"
    if (packaged / PROJECT_FILE).is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[3]  # src/fawbrief/resources → the repository
    if (checkout / PROJECT_FILE).is_file() and (checkout / "src" / "fawbrief").is_dir():
        return checkout
    raise InputError("this installation of fawbrief has no built-in project",
                     hint="reinstall it from a wheel or a checkout; `pip wheel .` packs the project")


def scaffold_file(name: str) -> Path:
    """A file ``fawbrief new`` writes into a new project (``scaffold/<name>``)."""
    return Path(str(resources.files(__name__))) / "scaffold" / name
