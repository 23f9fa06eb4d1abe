"""Options several commands share, declared once, and what their values mean.

Each decorator takes the help text where a command gives the option a meaning of its
own (``lint --data`` is the fact base numbers must trace to); the flag, its name, type
and multiplicity stay the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from fawbrief.cli.progress import finish_bar

F = TypeVar("F", bound=Callable[..., Any])

DATA_HELP = "Data folder (default: data/)."
TEMPLATES_HELP = "Template folder searched before the built-in templates. Repeatable."


def data_option(help: str = DATA_HELP) -> Callable[[F], F]:
    """``--data DIR`` as ``data_dir`` (``None`` when not given: see ``data_folder``)."""
    return click.option("--data", "data_dir", type=click.Path(path_type=Path), help=help)


def templates_option(help: str = TEMPLATES_HELP) -> Callable[[F], F]:
    """``-t/--templates DIR``, repeatable, as the tuple ``template_dirs``."""
    return click.option("-t", "--templates", "template_dirs", multiple=True, type=click.Path(path_type=Path),
                        help=help)


def data_folder(value: Path | None) -> Path:
    """The folder ``--data`` names, or the built-in project's data (imported late: ``--help`` stays fast)."""
    from fawbrief.pipeline.build import DEFAULT_DATA

    return value or DEFAULT_DATA


def project_of(state: Any) -> Any:
    """The project the command works on (``-C DIR``, else ``fawbrief.toml`` upwards, else the built-in one)."""
    from fawbrief.project.config import resolve_project

    return resolve_project(Path.cwd(), state.project_dir)


def complete_decks(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion for DECK: the ids the project's ``decks.yaml`` declares."""
    try:
        from fawbrief.project.catalog import load_catalog

        config = project_of(ctx.find_object(object) or ctx.obj)
        return [deck for deck in load_catalog(config.data, config.templates).decks if deck.startswith(incomplete)]
    except Exception:  # completion must never fail the shell: no project, a bad file → no suggestions
        return []


def complete_languages(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion for --lang: the project's languages (``data/i18n/<code>/language.yaml``)."""
    try:
        from fawbrief.facts.language import project_languages

        config = project_of(ctx.find_object(object) or ctx.obj)
        codes = project_languages(config.data).codes
        return [code for code in codes if code.startswith(incomplete)]
    except Exception:  # completion must never fail the shell
        return []


def layout_mapping(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """``--layout ROLE=NAME`` values as ``{role: name}`` (a name may hold ``=``; the last mapping of a role wins)."""
    mapping: dict[str, str] = {}
    for value in values:
        role, sep, name = value.partition("=")
        if not sep or not role.strip() or not name:
            raise click.BadParameter(f"{value!r}: expected ROLE=NAME, e.g. content='Title and Content'",
                                     ctx=ctx, param=param)
        mapping[role.strip()] = name
    return mapping


def warn(line: str) -> None:
    """What a command noticed but did not stop for, one line on stderr (``-q`` too)."""
    finish_bar()
    click.echo(f"fawbrief: warning: {line}", err=True)


class Heard:
    """Warnings and notes kept for a ``--json`` answer instead of printed."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def warn(self, line: str) -> None:
        """Keep a warning."""
        self.warnings.append(line)

    def note(self, line: str) -> None:
        """Keep a note."""
        self.notes.append(line)
