"""Commands about deck content: ``dump`` (any deck's canonical content) and ``verify`` (goldens)."""

from __future__ import annotations

from pathlib import Path

import click

from fawbrief.cli.guard import echo_text, run_guarded
from fawbrief.cli.main import State, build_time, note
from fawbrief.cli.options import data_option, project_of, templates_option


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["md", "json", "yaml"]), default="md", show_default=True,
              help="md for people (the golden files), json or yaml for programs.")
@click.pass_obj
def dump(state: State, file: Path, fmt: str) -> None:
    """Print the canonical content of FILE.pptx: per slide the layout, text in reading order, tables,
    charts, pictures, notes and the fact ids used."""

    def action() -> str:
        from fawbrief.read.dump import dump_file

        return dump_file(file, fmt)

    run_guarded(state.debug, action, show=echo_text)


@click.command()
@click.option("--golden", "golden_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Golden folder (default: the project's, tests/golden/).")
@data_option()
@templates_option()
@click.option("--update", is_flag=True, help="Rewrite the goldens from the current build and say what changed.")
@click.pass_obj
def verify(state: State, golden_dir: Path | None, data_dir: Path | None, template_dirs: tuple[Path, ...],
           update: bool) -> None:
    """Build every deck variant in memory and compare its dump with the golden files; exit 1 on a difference."""

    def action() -> None:
        from fawbrief.core.errors import CheckFailed
        from fawbrief.golden.verify import verify as run_verify
        from fawbrief.pipeline.build import check_citations, load_project

        config = project_of(state)
        folder = golden_dir or _shown(config.goldens)
        data, templates = data_dir or config.data, (*template_dirs, *config.templates)
        check_citations(load_project(data, templates), config.sources, note=note)
        report = run_verify(folder, data, templates, build_time=build_time(), update=update)
        if update:
            for verb, names in (("updated", report.changed), ("added", report.added), ("removed", report.removed)):
                for name in names:
                    click.echo(f"{verb} {folder / name}")
            unchanged = report.checked - len(report.changed) - len(report.added)
            click.echo(f"{unchanged} of {report.checked} goldens unchanged", err=True)
            return
        for text in report.diffs:
            click.echo(text)
        if not report.ok:
            count = len(report.changed) + len(report.added) + len(report.removed)
            raise CheckFailed(f"{count} golden file(s) differ from the build",
                              hint="review the diff; if the change is intended, run fawbrief verify --update")
        click.echo(f"all {report.checked} goldens match", err=True)

    run_guarded(state.debug, action)


def _shown(path: Path) -> Path:
    """``path`` relative to the working folder when it lies inside it (shorter diff headers)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
