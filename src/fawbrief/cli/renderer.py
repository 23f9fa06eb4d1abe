"""``fawbrief renderer start | stop | status``: the renderer daemon (the work is in ``office.daemon``)."""

from __future__ import annotations

import json

import click

from fawbrief.cli.guard import run_guarded
from fawbrief.cli.main import State
from fawbrief.core.errors import CheckFailed


@click.group()
def renderer() -> None:
    """Keep LibreOffice running between commands: while the daemon runs, `build --pdf` and `preview`
    use its renderers and start none of their own."""


@renderer.command()
@click.option("--renderers", "size", type=click.IntRange(1, 8), default=2, show_default=True,
              help="LibreOffice processes kept running (one per core is best).")
@click.option("--idle", type=click.FloatRange(1, 86400), default=900, show_default=True,
              help="Stop after this many seconds without a request.")
@click.pass_obj
def start(state: State, size: int, idle: float) -> None:
    """Start the daemon in the background (or find the one running) and say how to reach it."""

    def action() -> dict[str, object]:
        from fawbrief.office import daemon

        return daemon.start(size, idle)

    def show(running: dict[str, object]) -> None:
        from fawbrief.office.daemon import socket_path

        word = "already running" if running.get("already") else "started"
        click.echo(f"renderer daemon {word}: pid {running['pid']}, {running['renderers']} renderer(s), "
                   f"stops after {float(running['idle_limit_s']):.0f} s idle ({socket_path()})")

    run_guarded(state.debug, action, show=show)


@renderer.command()
@click.pass_obj
def stop(state: State) -> None:
    """Stop the daemon and its LibreOffice processes (nothing to do when none runs)."""

    def action() -> int | None:
        from fawbrief.office import daemon

        return daemon.stop()

    run_guarded(state.debug, action,
                show=lambda pid: click.echo("no renderer daemon running" if pid is None else
                                            f"renderer daemon stopped (pid {pid})"))


@renderer.command()
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object: pid, renderers, served, idle_limit_s, workers (the renderers' pids).")
@click.pass_obj
def status(state: State, as_json: bool) -> None:
    """Whether the daemon runs, with its renderers and the requests it served; exit 1 when none runs."""

    def action() -> dict[str, object]:
        from fawbrief.office import daemon

        running = daemon.status()
        if running is None:
            raise CheckFailed("no renderer daemon running", hint="fawbrief renderer start")
        return running

    def show(running: dict[str, object]) -> None:
        if as_json:
            click.echo(json.dumps({k: running[k] for k in ("pid", "renderers", "served", "idle_limit_s", "workers")}))
        else:
            idle = float(str(running["idle_limit_s"]))
            click.echo(f"renderer daemon: pid {running['pid']}, {running['renderers']} renderer(s), "
                       f"{running['served']} request(s) served, stops after {idle:.0f} s idle")

    run_guarded(state.debug, action, show=show)
