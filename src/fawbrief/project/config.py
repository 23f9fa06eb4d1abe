"""A briefing project: ``fawbrief.toml`` and the folders it names.

A project is a folder holding ``fawbrief.toml``, found from the current folder upwards (as ``mkdocs.yml`` or
``_quarto.yml`` are), or named with ``-C/--project DIR``. Every path in it is relative to it. Without one,
commands use the built-in project shipped inside the package (``resources.builtin_root``), and write their
output to ``./output`` of the current folder. Command-line options override what the file says.

::

    [project]
    data = "data"                  # facts/, sources.yaml, decks.yaml, audiences/, i18n/
    templates = ["templates"]      # searched in order, before the built-in templates
    sources = "sources"            # the source documents the facts cite
    output = "output"
    goldens = "tests/golden"
    theme = "templates/themes/default.pptx"

    [defaults]
    audiences = ["executive"]
    language = "en"
    freshness_years = 2            # older figures carry their period on the slide

    [theme.layouts]                # role = layout name in the theme, overriding the automatic choice
    content = "标题和内容"            # e.g. a master made in Chinese PowerPoint
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fawbrief.core.errors import InputError

FILE_NAME = "fawbrief.toml"
_NAME = r"^[A-Za-z][A-Za-z0-9_-]{0,39}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Paths(_Strict):
    name: str = Field(default="", max_length=120)
    data: str = "data"
    templates: list[str] = Field(default_factory=lambda: ["templates"])
    sources: str = "sources"
    output: str = "output"
    goldens: str = "tests/golden"
    theme: str | None = None


class _Defaults(_Strict):
    audiences: list[str] = Field(default_factory=list, max_length=40)
    language: str | None = Field(default=None, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    freshness_years: int = Field(default=2, ge=0, le=100)


class _Theme(_Strict):
    layouts: dict[str, str] = Field(default_factory=dict)


class _File(_Strict):
    project: _Paths = Field(default_factory=_Paths)
    defaults: _Defaults = Field(default_factory=_Defaults)
    theme: _Theme = Field(default_factory=_Theme)


@dataclass(frozen=True)
class ProjectConfig:
    """Where a project's parts are (absolute paths) and its defaults. ``root`` holds ``fawbrief.toml``."""

    root: Path
    data: Path
    templates: tuple[Path, ...]
    sources: Path
    output: Path
    goldens: Path
    theme: Path | None = None
    name: str = ""
    audiences: tuple[str, ...] = ()
    language: str | None = None
    freshness_years: int = 2
    layouts: dict[str, str] = field(default_factory=dict)
    builtin: bool = False  # the project shipped in the package, used when no fawbrief.toml is found


def find_project(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that holds ``fawbrief.toml``, or None."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / FILE_NAME).is_file():
            return folder
    return None


def load_config(root: Path, *, builtin: bool = False) -> ProjectConfig:
    """Read ``root/fawbrief.toml``; an unknown key or a wrong type names the file and the key."""
    path = root / FILE_NAME
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read project file: {exc.strerror or exc}", path=path) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a valid TOML file: {exc}", path=path) from None
    try:
        parsed = _File.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in err["loc"])
        message = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise InputError(f"{where}: {message}", path=path, line=_line_of(path, err["loc"])) from None
    paths = parsed.project
    return ProjectConfig(
        root=root, data=root / paths.data, templates=tuple(root / t for t in paths.templates),
        sources=root / paths.sources, output=root / paths.output, goldens=root / paths.goldens,
        theme=root / paths.theme if paths.theme else None, name=paths.name,
        audiences=tuple(parsed.defaults.audiences), language=parsed.defaults.language,
        freshness_years=parsed.defaults.freshness_years, layouts=dict(parsed.theme.layouts), builtin=builtin)


def _line_of(path: Path, loc: tuple[object, ...]) -> int | None:
    """The line of the last key of ``loc`` in the file (TOML parsers keep no positions)."""
    key = next((str(part) for part in reversed(loc) if isinstance(part, str)), None)
    if key is None:
        return None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.split("=", 1)[0].strip().strip('"') == key:
            return number
    return None


def resolve_project(cwd: Path, explicit: Path | None = None) -> ProjectConfig:
    """The project a command works on: ``explicit`` (``-C DIR``), else the nearest ``fawbrief.toml`` from
    ``cwd`` upwards, else the built-in project, writing its output to ``cwd/output``."""
    from fawbrief.resources import builtin_root

    if explicit is not None:
        if not (explicit / FILE_NAME).is_file():
            raise InputError(f"no {FILE_NAME} in this folder", path=explicit,
                             hint="create a project with: fawbrief new DIR")
        return load_config(explicit)
    found = find_project(cwd)
    if found is not None:
        return load_config(found)
    builtin = load_config(builtin_root(), builtin=True)
    return replace(builtin, output=cwd / "output")
