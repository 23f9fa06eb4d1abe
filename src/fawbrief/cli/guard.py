"""The one place errors become exit codes (DESIGN.md §4): a single line, no traceback
unless ``--debug``."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any

import click

from fawbrief.core.errors import EXIT_INTERNAL, EXIT_OUTPUT, FawbriefError, escape_control


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
