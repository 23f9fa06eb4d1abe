"""Commands that check and show built decks: ``lint`` and ``preview``."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from fawbrief.cli.guard import echo_lines, run_guarded
from fawbrief.cli.main import State
from fawbrief.cli.options import data_option, project_of
from fawbrief.cli.progress import Reporter, say, verbosity_options


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@data_option("Fact base that numbers in fawbrief decks must trace to (default: data/).")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON object: the decks checked and each finding (deck, slide, shape, message, rule).")
@verbosity_options
@click.pass_obj
def lint(state: State, files: tuple[Path, ...], data_dir: Path | None, as_json: bool) -> None:
    """Check FILE.pptx...: text that overflows its box (real font metrics), text below 12 pt, shapes off the
    slide, pictures without alt text or below 150 dpi, empty placeholders, (in fawbrief decks) numbers
    that trace to no fact and the word rules, and the grid rules: slide-too-empty, card-sizes, title-orphan,
    number-unit-break (each line ends with the rule's id). One finding per line; exit 1 on findings."""

    def action() -> None:
        from fawbrief.core.errors import CheckFailed
        from fawbrief.facts.base import load_factbase
        from fawbrief.read.lint import lint_files

        config = project_of(state)
        data = data_dir or config.data
        findings = lint_files(list(files), lambda: load_factbase(data), data, config.freshness_years,
                              progress=Reporter())
        if as_json:
            click.echo(json.dumps({"decks": [str(file) for file in files],
                                   "findings": [dataclasses.asdict(finding) for finding in findings]},
                                  indent=2, ensure_ascii=False))
        else:
            for finding in findings:
                click.echo(str(finding))
        if findings:
            decks = len({finding.deck for finding in findings})
            raise CheckFailed(f"{len(findings)} finding(s) in {decks} of {len(files)} deck(s)")
        say(f"{len(files)} deck(s) clean")

    run_guarded(state.debug, action)


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE.pptx...",
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("preview"),
              show_default=True, help="Folder for the images (relative to the current folder).")
@verbosity_options
@click.pass_obj
def preview(state: State, files: tuple[Path, ...], out_dir: Path) -> None:
    """Render FILE.pptx... with LibreOffice: OUT/<deck>-NN.png per slide and OUT/<deck>-contact-sheet.png.
    LibreOffice is started once for all the decks and kept running while they are drawn; pictures of slides
    that did not change since the last preview into OUT are kept."""
    stems = [file.stem for file in files]
    twice = sorted({stem for stem in stems if stems.count(stem) > 1})
    if twice:
        raise click.UsageError(f"two decks named {twice[0]!r}: their pictures would overwrite each other")

    def action() -> list[Path]:
        from fawbrief.office.preview import preview_many

        return preview_many(list(files), out_dir)

    run_guarded(state.debug, action, show=echo_lines)


@click.command()
@data_option("Fact base whose citations to check (default: the project's).")
@click.option("--sources", "sources_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder holding the source documents (default: the project's sources/).")
@verbosity_options
@click.pass_obj
def check(state: State, data_dir: Path | None, sources_dir: Path | None) -> None:
    """Check every citation against its source document: the excerpt stands in its paragraph, the figure in
    the excerpt, the value matches the figure. Exit 2 on a problem, or when a document is missing or changed."""

    def action() -> None:
        from fawbrief.facts.base import load_factbase
        from fawbrief.project.sources import check_sources

        config = project_of(state)
        factbase = load_factbase(data_dir or config.data)
        report = check_sources(sources_dir or config.sources, factbase)
        report.raise_problems(strict=True)
        cited = sum(1 for fact in factbase if fact.source is not None)
        say(f"{report.checked} of {cited} citations checked against {len(factbase.documents)} documents: all stand")

    run_guarded(state.debug, action)


@click.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.pass_obj
def new(state: State, folder: Path) -> None:
    """Create a briefing project in FOLDER: a copy of the built-in FAW project (facts, templates, catalogs,
    goldens, a test file) that builds, verifies and tests at once. Put the source documents in its sources/."""

    def action() -> None:
        from fawbrief.project.new import new_project

        files = new_project(folder)
        say(f"created {folder} ({len(files)} files); next: copy the source documents into "
            f"{folder / 'sources'} (see its README.md), then cd {folder} && fawbrief build --all")

    run_guarded(state.debug, action)
