"""``fawbrief messages``: the translation files of a project's languages, in line with its templates."""

from __future__ import annotations

from pathlib import Path

import click

from fawbrief.cli.guard import run_guarded
from fawbrief.cli.main import State
from fawbrief.cli.options import complete_languages, data_option, project_of, templates_option


@click.command()
@click.option("--lang", "langs", multiple=True, metavar="LANG", shell_complete=complete_languages,
              help="Only this language (repeatable). Default: every language that translates the source.")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a file is out of date.")
@templates_option()
@data_option()
@click.pass_obj
def messages(state: State, langs: tuple[str, ...], check_only: bool, template_dirs: tuple[Path, ...],
             data_dir: Path | None) -> None:
    """Bring data/i18n/<lang>/messages.po in line with the templates (translations kept, new msgids added
    untranslated, unused ones dropped), and write a facts.yaml to fill in for a language that has none."""

    def action() -> None:
        from fawbrief.core.errors import CheckFailed
        from fawbrief.pipeline.catalogs import catalog_files, write_catalog

        config = project_of(state)
        files = catalog_files(data_dir or config.data, (*template_dirs, *config.templates), langs, config.root)
        stale = [file for file in files if file.changed]
        for file in stale:
            if check_only:
                click.echo(f"{file.path}: out of date (run fawbrief messages)")
            else:
                write_catalog(file)
                click.echo(f"wrote {file.path}")
        if check_only and stale:
            raise CheckFailed(f"{len(stale)} of {len(files)} translation file(s) out of date")
        if not stale:
            click.echo(f"{len(files)} translation file(s) up to date", err=True)

    run_guarded(state.debug, action)
