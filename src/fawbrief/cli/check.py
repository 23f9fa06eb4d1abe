"""Commands that check and show built decks: ``lint`` and ``preview``."""

from __future__ import annotations

from pathlib import Path

import click

from fawbrief.cli.main import State, run_guarded
from fawbrief.cli.options import data_folder, data_option


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@data_option("Fact base that numbers in fawbrief decks must trace to (default: data/).")
@click.pass_obj
def lint(state: State, files: tuple[Path, ...], data_dir: Path | None) -> None:
    """Check FILE.pptx...: text that overflows its box (real font metrics), text below 12 pt, shapes off the
    slide, pictures without alt text or below 150 dpi, empty placeholders, and (in fawbrief decks) numbers
    that trace to no fact. One finding per line; exit 1 on findings."""

    def action() -> None:
        from fawbrief.core.errors import CheckFailed
        from fawbrief.facts.base import load_factbase
        from fawbrief.read.lint import lint_files

        findings = lint_files(list(files), lambda: load_factbase(data_folder(data_dir)), data_folder(data_dir))
        for finding in findings:
            click.echo(str(finding))
        if findings:
            decks = len({finding.deck for finding in findings})
            raise CheckFailed(f"{len(findings)} finding(s) in {decks} of {len(files)} deck(s)")
        click.echo(f"{len(files)} deck(s) clean", err=True)

    run_guarded(state.debug, action)


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("preview"),
              show_default=True, help="Folder for the images.")
@click.pass_obj
def preview(state: State, file: Path, out_dir: Path) -> None:
    """Render FILE.pptx with LibreOffice: OUT/<deck>-NN.png per slide and OUT/<deck>-contact-sheet.png."""

    def action() -> list[Path]:
        from fawbrief.office.preview import preview as run_preview

        return run_preview(file, out_dir)

    for path in run_guarded(state.debug, action):
        click.echo(str(path))
