"""``fawbrief theme``: a corporate master's contract with the decks, and its layouts labelled.

``theme check FILE`` prints which layout serves each role and why, each one's placeholders (type,
idx, position, size) and body area, the slide size, and the theme's fonts and colours; a master the
build would refuse gets the build's report (exit 2). ``theme annotate FILE -o OUT.pptx`` writes one
slide per layout with every placeholder labelled. Both take ``--layout ROLE=NAME`` as ``build`` does.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from fawbrief.cli.main import State, run_guarded
from fawbrief.cli.options import layout_mapping

LAYOUT_HELP = "Use the theme's layout NAME for ROLE, as build does. Repeatable."


@click.group()
def theme() -> None:
    """Check a corporate master (.pptx/.potx) before building on it."""


@theme.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--layout", "layouts", multiple=True, callback=layout_mapping, metavar="ROLE=NAME", help=LAYOUT_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the contract as JSON.")
@click.pass_obj
def check(state: State, file: Path, layouts: dict[str, str], as_json: bool) -> None:
    """Show FILE's contract: role → layout and why, placeholders with type, idx, position and size, where
    content goes, the slide size, the theme's fonts and colours. Exit 2 (with every problem) when the
    decks cannot be built on it."""

    def action() -> None:
        from fawbrief.write.contract import contract, contract_lines

        found = contract(file, layouts)
        click.echo(json.dumps(found, indent=2, ensure_ascii=False) if as_json else "\n".join(contract_lines(found)))

    run_guarded(state.debug, action)


@theme.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The annotated deck to write (.pptx).")
@click.option("--layout", "layouts", multiple=True, callback=layout_mapping, metavar="ROLE=NAME", help=LAYOUT_HELP)
@click.pass_obj
def annotate(state: State, file: Path, out: Path, layouts: dict[str, str]) -> None:
    """Write OUT.pptx: one slide per layout of FILE, each placeholder labelled with its type and idx, the
    roles the layout serves and the area content would take."""

    def action() -> Path:
        from fawbrief.pipeline.publish import locked, publish_all
        from fawbrief.write.annotate import annotate as run_annotate

        data, slides = run_annotate(file, layouts)
        folder = out.parent if str(out.parent) else Path(".")
        folder.mkdir(parents=True, exist_ok=True)
        with locked(folder):
            publish_all([(data, out, slides)])
        return out

    click.echo(str(run_guarded(state.debug, action)))
