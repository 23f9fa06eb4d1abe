"""Commands about deck content: ``dump`` (any deck's canonical content) and ``verify`` (goldens)."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from fawbrief.cli.guard import echo_text, run_guarded
from fawbrief.cli.main import State, note
from fawbrief.cli.options import complete_decks, complete_languages, data_option, project_of, templates_option, warn
from fawbrief.cli.progress import Reporter, say, verbosity_options


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
@click.argument("decks", nargs=-1, metavar="[DECK]...", shell_complete=complete_decks)
@click.option("-a", "--audience", "audiences", multiple=True,
              help="Only this audience (or 'all'). Repeatable. Default: every audience.")
@click.option("--lang", "langs", multiple=True, metavar="LANG", shell_complete=complete_languages,
              help="Only this language (one of the project's). Repeatable. Default: every language.")
@click.option("--golden", "golden_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Golden folder (default: the project's, goldens in fawbrief.toml: tests/golden/).")
@data_option()
@templates_option()
@click.option("--update", is_flag=True,
              help="Rewrite the selected variants' goldens, remove stale ones verify wrote, say what changed.")
@click.option("--stat", is_flag=True, help="Print the summary alone: what changed and which slides it touches.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (for scripts).")
@verbosity_options
@click.pass_obj
def verify(state: State, decks: tuple[str, ...], audiences: tuple[str, ...], langs: tuple[str, ...],
           golden_dir: Path | None, data_dir: Path | None, template_dirs: tuple[Path, ...], update: bool,
           stat: bool, as_json: bool) -> None:
    """Build the project's deck variants in memory (all, or the DECKs, audiences and languages named) and
    compare each dump with its golden; a summary of what changed, then a diff per changed slide; exit 1 on a
    difference."""

    def action() -> None:
        from fawbrief.core.build_date import GOLDEN_BUILD_TIME
        from fawbrief.core.errors import CheckFailed
        from fawbrief.golden.report import as_json as report_json
        from fawbrief.golden.report import render
        from fawbrief.golden.verify import verify as run_verify
        from fawbrief.pipeline.build import check_citations, load_project

        config = project_of(state)
        folder = _shown(golden_dir or config.goldens)
        data, templates = data_dir or config.data, (*template_dirs, *config.templates)
        project = load_project(data, templates)
        check_citations(project, config.sources, note=note)
        report = run_verify(folder, data, templates, decks=decks, audiences=audiences, langs=langs,
                            build_time=GOLDEN_BUILD_TIME, update=update, theme=config.theme, layouts=config.layouts,
                            warn=warn, project=project, progress=Reporter())
        rerun = _rerun(state, golden_dir, data_dir, template_dirs)
        if as_json:
            click.echo(report_json(report, folder), nl=False)
        else:
            click.echo(render(report, folder, stat=stat or update, paint=_paint, rerun=rerun), nl=False)
        if update:
            for verb, names in (("updated", report.updated), ("added", report.added), ("removed", report.removed)):
                for name in names:
                    click.echo(f"{verb} {folder / name}", err=as_json)
            unchanged = report.checked - len(report.updated) - len(report.added)
            say(f"{unchanged} of {report.checked} goldens unchanged")
            return
        if not report.ok:
            count = len(report.outcomes) - len(report.named("same"))
            filters = _filters(decks, audiences, langs)
            raise CheckFailed(f"{count} golden file(s) differ from the build",
                              hint=f"review the summary and the diff; if the change is intended, run {rerun}"
                                   f"{filters} --update")
        say(f"all {report.checked} goldens match")

    run_guarded(state.debug, action)


_STYLES = {"head": {"bold": True}, "hunk": {"fg": "cyan"}, "old": {"fg": "red"}, "new": {"fg": "green"},
           "del": {"fg": "red", "bold": True, "reverse": True}, "ins": {"fg": "green", "bold": True, "reverse": True}}


def _paint(role: str, text: str) -> str:
    """Colour for a terminal; ``click.echo`` drops it when the output is a file or a pipe."""
    return click.style(text, **_STYLES.get(role, {}))  # type: ignore[arg-type]


def _rerun(state: State, golden_dir: Path | None, data_dir: Path | None, template_dirs: tuple[Path, ...]) -> str:
    """The command that repeats this run's choice of project, goldens, data and templates."""
    words = ["fawbrief"]
    if state.project_dir is not None:
        words += ["-C", str(state.project_dir)]
    words.append("verify")
    flags = {param.name: param.opts[0] for param in click.get_current_context().command.params}  # as declared
    if golden_dir is not None:
        words += [flags["golden_dir"], str(golden_dir)]
    if data_dir is not None:
        words += [flags["data_dir"], str(data_dir)]
    for folder in template_dirs:
        words += [flags["template_dirs"], str(folder)]
    return shlex.join(words)


def _filters(decks: tuple[str, ...], audiences: tuple[str, ...], langs: tuple[str, ...]) -> str:
    words = [*decks, *(w for a in audiences for w in ("-a", a)), *(w for lang in langs for w in ("--lang", lang))]
    return (" " + shlex.join(words)) if words else ""


def _shown(path: Path) -> Path:
    """``path`` relative to the working folder when it lies inside it (shorter report lines)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
