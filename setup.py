"""Packaging hook: the wheel carries the built-in project.

The repository's top level is itself a fawbrief project (``fawbrief.toml``, ``data/``, ``templates/``,
``sources/README.md``, ``tests/golden/``); ``build_py`` copies those into the wheel as
``fawbrief/resources/project/``, where an installed fawbrief finds its built-in decks. Everything else about
the package is in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
PROJECT = ("fawbrief.toml", "data", "templates", "sources/README.md", "tests/golden")


class BuildWithProject(build_py):
    """``build_py``, then the built-in project copied into the build as package data."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "fawbrief" / "resources" / "project"
        if target.exists():
            shutil.rmtree(target)
        for rel in PROJECT:
            source, dest = ROOT / rel, target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copyfile(source, dest)


setup(cmdclass={"build_py": BuildWithProject})
