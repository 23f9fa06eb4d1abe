"""``fawbrief new DIR``: a copy of the built-in project that builds, verifies and tests at once."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fawbrief.core.errors import InputError, OutputError
from fawbrief.resources import builtin_root, scaffold_file

#: What a new project copies from the built-in one (paths relative to its root).
COPIED = ("fawbrief.toml", "data", "templates", "sources/README.md", "tests/golden")
#: Files a new project gets that the built-in one keeps elsewhere: scaffold name → path in the project.
SCAFFOLD = {"test_decks.py": "tests/test_decks.py", "gitignore": ".gitignore"}


def new_project(target: Path) -> list[Path]:
    """Copy the built-in project into ``target`` (absent or empty), all at once or not at all."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError("folder exists and is not empty", path=target,
                         hint="name a new folder: fawbrief new DIR")
    source = builtin_root()
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot create the project: {exc.strerror or exc}", path=target) from None
    try:
        for rel in COPIED:
            _copy(source / rel, staging / rel)
        for name, rel in SCAFFOLD.items():
            _copy(scaffold_file(name), staging / rel)
        (staging / "output").mkdir(exist_ok=True)
        (staging / "output" / ".gitkeep").touch()
        if target.exists():
            target.rmdir()  # empty, checked above
        staging.replace(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot create the project: {exc.strerror or exc}", path=target) from None
    return sorted(path for path in target.rglob("*") if path.is_file())


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        shutil.copyfile(source, target)
