"""The command line: parse options, call one function per command, map errors
to exit codes (DESIGN.md §4). No logic lives here; heavy modules are imported
inside commands so ``fawbrief --help`` stays fast. The commands kept in their own
modules import this one and are added to ``main`` by the package (``cli/__init__``),
so no module here imports one that imports it."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from fawbrief import __version__
from fawbrief.cli.options import data_folder, data_option, layout_mapping, templates_option, warn
from fawbrief.core import build_date
from fawbrief.core.errors import EXIT_INTERNAL, EXIT_OUTPUT, FawbriefError, escape_control
from fawbrief.core.languages import LANGUAGES, SOURCE_LANG

DECK_IDS = ("jiefang", "faw-vw", "auto-city")


class State:
    def __init__(self, debug: bool) -> None:
        self.debug = debug


def run_guarded(debug: bool, action: Callable[[], Any]) -> Any:
    """The one place errors become exit codes: a single line, no traceback."""
    try:
        return action()
    except FawbriefError as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"fawbrief: error: {exc}" if "\n" not in str(exc) else f"fawbrief: errors:\n{exc}",
                   err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        if debug:
            traceback.print_exc()
        click.echo("fawbrief: interrupted; nothing was changed", err=True)
        sys.exit(130)
    except OSError as exc:  # the environment, not a bug: a full disk, a closed pipe, a vanished folder
        if debug:
            traceback.print_exc()
        where = f"{escape_control(str(exc.filename))}: " if exc.filename else ""
        click.echo(f"fawbrief: error: {where}{escape_control(exc.strerror or str(exc))}", err=True)
        sys.exit(EXIT_OUTPUT)
    except Exception as exc:
        if debug:
            traceback.print_exc()
        text = escape_control(f"{type(exc).__name__}: {exc}")
        click.echo(f"fawbrief: internal error: {text} (rerun with --debug)", err=True)
        sys.exit(EXIT_INTERNAL)


def build_time() -> datetime:
    """The build date is an input: SOURCE_DATE_EPOCH if set, else a fixed date (``core/build_date``);
    ``InputError`` on a value that is not seconds since 1970, so call it inside ``run_guarded``."""
    return build_date.build_time(os.environ.get("SOURCE_DATE_EPOCH"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fawbrief")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build cited PowerPoint briefings on FAW Jiefang, FAW-Volkswagen and
    Changchun International Automobile City."""
    ctx.obj = State(debug)


@main.command()
@click.argument("query", required=False)
@click.option("--subject", type=click.Choice(["jiefang", "faw-vw", "auto-city", "faw-group"]),
              help="Only facts about this subject.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of fact objects.")
@data_option("Fact base folder (default: data/).")
@click.pass_obj
def facts(state: State, query: str | None, subject: str | None, as_json: bool, data_dir: Path | None) -> None:
    """List the fact base, optionally filtered by QUERY (id, label or value)."""
    from fawbrief.facts.view import facts_json, facts_table

    def action() -> None:
        from fawbrief.facts.base import load_factbase

        factbase = load_factbase(data_folder(data_dir))
        found = factbase.query(query, subject)
        click.echo(facts_json(found) if as_json else facts_table(found))

    run_guarded(state.debug, action)


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@data_option()
@templates_option("Template folder whose audiences/ to include. Repeatable.")
@click.pass_obj
def list_(state: State, as_json: bool, data_dir: Path | None, template_dirs: tuple[Path, ...]) -> None:
    """Show the decks, audiences and languages."""

    def action() -> None:
        from fawbrief.project.catalog import load_catalog

        catalog = load_catalog(data_folder(data_dir), template_dirs)
        decks = [{"id": d.id, "title": d.title, "description": d.description} for d in catalog.decks.values()]
        audiences = [{"id": a.id, "title": a.title, "description": a.description}
                     for a in catalog.audiences.values()]
        if as_json:
            click.echo(json.dumps({"decks": decks, "audiences": audiences, "languages": list(LANGUAGES)},
                                  indent=2, ensure_ascii=False))
            return
        click.echo("Decks:")
        for d in decks:
            click.echo(f"  {d['id']:<12} {d['description']}")
        click.echo("Audiences:")
        for a in audiences:
            click.echo(f"  {a['id']:<12} {a['description']}")
        click.echo(f"Languages: {', '.join(LANGUAGES)}")

    run_guarded(state.debug, action)


@main.command()
@click.argument("decks", nargs=-1, type=click.Choice(DECK_IDS), metavar="[DECK]...")
@click.option("--all", "all_decks", is_flag=True, help="Build every deck.")
@click.option("-a", "--audience", "audiences", multiple=True, default=("executive",), show_default=True,
              help="Audience id, or 'all'. Repeatable.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=SOURCE_LANG, show_default=True,
              help="Language of the deck: zh-CN writes OUT/<deck>-<audience>-zh-CN.pptx.")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Output folder.")
@templates_option()
@data_option()
@click.option("--theme", type=click.Path(path_type=Path), help="A .pptx/.potx whose master and layouts to use.")
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
@click.pass_obj
def build(state: State, decks: tuple[str, ...], all_decks: bool, audiences: tuple[str, ...], lang: str,
          out_dir: Path, template_dirs: tuple[Path, ...], data_dir: Path | None, theme: Path | None,
          layouts: dict[str, str], charts: str, pdf: bool, strict: bool, jobs: int | None) -> None:
    """Build decks: writes OUT/<deck>-<audience>[-<lang>].pptx and prints the paths."""
    if not decks and not all_decks:
        raise click.UsageError("name at least one deck or use --all")

    def action() -> list[Path]:
        from fawbrief.pipeline.build import BuildRequest
        from fawbrief.pipeline.build import build as run_build

        request = BuildRequest(
            decks=() if all_decks else decks,
            audiences=("all",) if "all" in audiences else audiences,
            lang=lang, out_dir=out_dir, template_dirs=template_dirs, data_dir=data_folder(data_dir),
            theme=theme, charts=charts, build_time=build_time(), pdf=pdf, strict=strict, jobs=jobs,
            layouts=layouts, warn=warn,
        )
        return run_build(request)

    for path in run_guarded(state.debug, action):
        click.echo(str(path))
