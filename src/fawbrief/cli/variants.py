"""Commands about audience variants: ``templates init`` and ``diff``."""

from __future__ import annotations

from pathlib import Path

import click

from fawbrief.cli.guard import echo_lines, run_guarded
from fawbrief.cli.main import State, build_time
from fawbrief.cli.options import complete_decks, data_option, project_of, templates_option


@click.group()
def templates() -> None:
    """Work with template folders."""


@templates.command("init")
@click.argument("name")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Folder in which to create NAME/.")
@data_option()
@click.pass_obj
def init(state: State, name: str, out_dir: Path, data_dir: Path | None) -> None:
    """Scaffold a new audience folder NAME that builds at once."""

    def action() -> list[Path]:
        from fawbrief.compose.environment import make_environment
        from fawbrief.compose.scaffold import init_audience
        from fawbrief.project.catalog import load_catalog

        config = project_of(state)
        return init_audience(name, out_dir, load_catalog(data_dir or config.data), make_environment(config.templates))

    run_guarded(state.debug, action, show=echo_lines)
    click.echo(f"next: fawbrief build --all -a {name} -t {out_dir / name}", err=True)


@click.command()
@click.argument("deck", metavar="DECK", shell_complete=complete_decks)
@click.option("-a", "--audience", "audiences", multiple=True, required=True,
              help="Give twice: the variant to compare and the one to compare it with.")
@templates_option()
@data_option()
@click.pass_obj
def diff(state: State, deck: str, audiences: tuple[str, ...], template_dirs: tuple[Path, ...],
         data_dir: Path | None) -> None:
    """Show, slide by slide, what one audience variant includes and omits relative to another."""
    if len(audiences) != 2:
        raise click.UsageError("give exactly two audiences: -a A -a B")

    def action() -> str:
        from fawbrief.model.diff import report
        from fawbrief.pipeline.build import compose_variants, load_project

        config = project_of(state)
        project = load_project(data_dir or config.data, (*template_dirs, *config.templates))
        source = project.factbase.languages.source.code  # audiences are compared in the source language
        first, second = compose_variants(project, [(deck, audience, source) for audience in audiences], build_time())
        return report(first, second)

    run_guarded(state.debug, action, show=lambda text: click.echo(text))
