"""``fawbrief serve``: the live preview (the work is in ``fawbrief.serve``)."""

from __future__ import annotations

import click

from fawbrief.cli.guard import run_guarded
from fawbrief.cli.main import State, build_time
from fawbrief.cli.options import project_of


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free one; the address is printed).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@click.pass_obj
def serve(state: State, port: int, open_browser: bool) -> None:
    """Live preview on 127.0.0.1: every deck × audience × language, slides as pictures with their notes,
    lint findings and figures; saving a fact file, template, catalog or the theme updates the page.
    Ctrl-C stops it."""

    def action() -> None:
        from fawbrief.serve.app import serve as run_serve

        run_serve(project_of(state), build_time(), port, open_browser,
                  say=lambda line: click.echo(line, err=True))

    run_guarded(state.debug, action)
