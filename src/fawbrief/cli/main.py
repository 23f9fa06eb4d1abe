"""The command line: parse options, call one function per command, map errors
to exit codes (README: Exit codes). No logic lives here; heavy modules are imported
inside commands so ``fawbrief --help`` stays fast. The commands kept in their own
modules import this one and are added to ``main`` by the package (``cli/__init__``),
so no module here imports one that imports it."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from fawbrief import __version__
from fawbrief.cli.guard import Outcome, echo_lines, run_guarded
from fawbrief.cli.options import (
    Heard,
    complete_decks,
    complete_languages,
    data_option,
    layout_mapping,
    project_of,
    templates_option,
    warn,
)
from fawbrief.cli.progress import Reporter, finish_bar, verbosity, verbosity_options
from fawbrief.core import build_date
from fawbrief.core.errors import InputError

if TYPE_CHECKING:  # the pipeline is imported inside the command, so --help stays fast
    from fawbrief.pipeline.build import BuiltFile

class State:
    """What the group's options say, for every command: ``--debug`` and ``-C/--project``."""

    def __init__(self, debug: bool, project_dir: Path | None = None) -> None:
        self.debug = debug
        self.project_dir = project_dir


def note(line: str) -> None:
    """A note on stderr: something the tool could not check, said once (not with ``-q``)."""
    if verbosity() >= 0:
        finish_bar()
        click.echo(f"fawbrief: note: {line}", err=True)


def build_time() -> datetime:
    """The build date is an input: SOURCE_DATE_EPOCH if set, else today's UTC date at 00:00 (the clock is
    read here, at the edge; the core is handed the date, ``core/build_date``);
    ``InputError`` on a value that is not seconds since 1970, so call it inside ``run_guarded``."""
    return build_date.build_time(os.environ.get("SOURCE_DATE_EPOCH"), today=datetime.now(UTC).date())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fawbrief")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("-C", "--project", "project_dir", type=click.Path(path_type=Path, file_okay=False),
              help="The project folder (holding fawbrief.toml); default: the nearest one upwards from here, "
                   "else the built-in FAW project.")
@verbosity_options
@click.pass_context
def main(ctx: click.Context, debug: bool, project_dir: Path | None) -> None:
    """Build cited PowerPoint briefings on FAW Jiefang, FAW-Volkswagen and
    Changchun International Automobile City."""
    ctx.obj = State(debug, project_dir)


@main.command()
@click.argument("query", required=False)
@click.option("--subject", help="Only facts about this subject (a subject of the project's facts).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of fact objects.")
@data_option("Fact base folder (default: data/).")
@click.pass_obj
def facts(state: State, query: str | None, subject: str | None, as_json: bool, data_dir: Path | None) -> None:
    """List the fact base, optionally filtered by QUERY (id, label or value)."""
    from fawbrief.facts.view import facts_json, facts_table

    def action() -> None:
        from fawbrief.facts.base import load_factbase

        factbase = load_factbase(data_dir or project_of(state).data)
        subjects = sorted({fact.subject for fact in factbase})
        if subject is not None and subject not in subjects:
            raise InputError(f"unknown subject {subject!r}", hint=f"subjects: {', '.join(subjects)}")
        found = factbase.query(query, subject)
        shown = factbase.language  # values in the source language
        click.echo(facts_json(found, shown) if as_json else facts_table(found, shown))

    run_guarded(state.debug, action)


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@data_option()
@templates_option("Template folder whose audiences/ to include. Repeatable.")
@click.pass_obj
def list_(state: State, as_json: bool, data_dir: Path | None, template_dirs: tuple[Path, ...]) -> None:
    """Show the decks, audiences and languages."""

    def action() -> None:
        from fawbrief.facts.language import project_languages
        from fawbrief.project.catalog import load_catalog

        config = project_of(state)
        catalog = load_catalog(data_dir or config.data, (*template_dirs, *config.templates))
        profiles = project_languages(data_dir or config.data).profiles.values()
        languages = [{"code": p.code, "name": p.name, "locale": p.locale, "source": p.source} for p in profiles]
        decks = [{"id": d.id, "title": d.title, "description": d.description} for d in catalog.decks.values()]
        audiences = [{"id": a.id, "title": a.title, "description": a.description}
                     for a in catalog.audiences.values()]
        if as_json:
            click.echo(json.dumps({"decks": decks, "audiences": audiences, "languages": languages},
                                  indent=2, ensure_ascii=False))
            return
        click.echo("Decks:")
        for d in decks:
            click.echo(f"  {d['id']:<12} {d['description']}")
        click.echo("Audiences:")
        for a in audiences:
            click.echo(f"  {a['id']:<12} {a['description']}")
        click.echo("Languages:")
        for lang in languages:
            click.echo(f"  {lang['code']:<12} {lang['name']}" + (" (source)" if lang["source"] else ""))

    run_guarded(state.debug, action)


@main.command()
@click.argument("decks", nargs=-1, metavar="[DECK]...", shell_complete=complete_decks)
@click.option("--all", "all_decks", is_flag=True, help="Build every deck.")
@click.option("-a", "--audience", "audiences", multiple=True,
              help="Audience id, or 'all'. Repeatable. Default: the project's (fawbrief.toml), else its "
                   "first audience.")
@click.option("--lang", metavar="LANG", shell_complete=complete_languages,
              help="Language of the deck, one of the project's (fawbrief list): zh-CN writes "
                   "OUT/<deck>-<audience>-zh-CN.pptx. Default: the project's, else its source language.")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path),
              help="Output folder. Default: the project's (output/ beside fawbrief.toml), else ./output.")
@templates_option()
@data_option()
@click.option("--theme", type=click.Path(path_type=Path),
              help="A .pptx/.potx whose master and layouts to use. Default: the project's.")
@click.option("--layout", "layouts", multiple=True, callback=layout_mapping, metavar="ROLE=NAME",
              help="Use the theme's layout NAME for ROLE (title, content, two, title_only, section). Repeatable.")
@click.option("--charts", type=click.Choice(["image", "native"]), default="image", show_default=True,
              help="Charts as pictures or as editable PowerPoint charts.")
@click.option("--pdf", is_flag=True, help="Also write OUT/<deck>-<audience>.pdf (LibreOffice).")
@click.option("--strict", is_flag=True, help="Lint every deck first; on findings exit 1 and write nothing "
                                             "(without it, layout findings are printed as warnings).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Build variants in N processes (default: one per core, one per two variants at most); "
                   "the output is the same.")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON object: the files written (path, format, slides), warnings and notes.")
@verbosity_options
@click.pass_obj
def build(state: State, decks: tuple[str, ...], all_decks: bool, audiences: tuple[str, ...], lang: str | None,
          out_dir: Path | None, template_dirs: tuple[Path, ...], data_dir: Path | None, theme: Path | None,
          layouts: dict[str, str], charts: str, pdf: bool, strict: bool, jobs: int | None, as_json: bool) -> None:
    """Build decks: writes OUT/<deck>-<audience>[-<lang>].pptx and prints the paths (a bar on a terminal)."""
    if not decks and not all_decks:
        raise click.UsageError("name at least one deck or use --all")

    outcome = Outcome()
    heard = Heard() if as_json else None

    def action() -> list[BuiltFile]:
        from fawbrief.pipeline.build import BuildRequest, build_files

        config = project_of(state)
        chosen = audiences or config.audiences  # none: the project's first audience
        request = BuildRequest(
            decks=() if all_decks else decks,
            audiences=("all",) if "all" in chosen else tuple(chosen),
            lang=lang or config.language, out_dir=out_dir or config.output,
            template_dirs=(*template_dirs, *config.templates),
            data_dir=data_dir or config.data, theme=theme or config.theme, charts=charts,
            build_time=build_time(), pdf=pdf, strict=strict, jobs=jobs, on_published=outcome.record,
            sources=config.sources, on_note=heard.note if heard else note, freshness_years=config.freshness_years,
            layouts={**config.layouts, **layouts}, warn=heard.warn if heard else warn, progress=Reporter(),
        )
        return build_files(request)

    def show(files: list[BuiltFile]) -> None:
        if heard is None:
            echo_lines([built.path for built in files])
            return
        click.echo(json.dumps({"files": [{"path": str(built.path), "format": built.path.suffix.lstrip("."),
                                          "slides": built.slides} for built in files],
                               "warnings": heard.warnings, "notes": heard.notes}, indent=2, ensure_ascii=False))

    run_guarded(state.debug, action, outcome, show=show)
