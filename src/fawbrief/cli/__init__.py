"""The command line: the only package that imports click (``fawbrief = fawbrief.cli:main``)."""

from fawbrief.cli.main import main

__all__ = ["main"]
