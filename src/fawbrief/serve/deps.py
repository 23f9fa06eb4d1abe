"""Which deck variants a changed file can change.

A deck's own templates (``templates/decks/<deck>/``, in any template folder) change only that
deck; a language's catalog or wording (``i18n/<lang>/``) only that language; everything else
the build reads (facts, sources, decks and audiences, the shared templates, the theme, the
claim words) may change every variant. Files the build never reads (editor backups, caches)
change nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fawbrief.project.config import ProjectConfig

Key = tuple[str, str, str]
SUFFIXES = {".yaml", ".yml", ".j2", ".po", ".mo", ".pptx", ".potx", ".txt", ".toml"}


def affected(paths: Sequence[Path], config: ProjectConfig, variants: Sequence[Key]) -> list[Key]:
    """The variants among ``variants`` that a change of ``paths`` may change, in their order."""
    chosen: set[Key] = set()
    for path in paths:
        chosen.update(_one(Path(path), config, variants))
    return [key for key in variants if key in chosen]


def _one(path: Path, config: ProjectConfig, variants: Sequence[Key]) -> list[Key]:
    if path.suffix not in SUFFIXES or path.name.startswith((".", "#")):
        return []
    for folder in config.templates:
        parts = _inside(path, folder)
        if parts is not None and len(parts) >= 3 and parts[0] == "decks":
            return [key for key in variants if key[0] == parts[1]]
    parts = _inside(path, config.data / "i18n")
    if parts is not None and len(parts) >= 2:
        return [key for key in variants if key[2] == parts[0]]
    return list(variants)


def _inside(path: Path, folder: Path) -> tuple[str, ...] | None:
    try:
        return path.resolve().relative_to(folder.resolve()).parts
    except ValueError:
        return None
