"""The command line: the only package that imports click (``fawbrief = fawbrief.cli:main``).

``main`` (main.py) is the group with the commands defined there; the commands
kept in their own modules, which import ``main``'s shared helpers, are added here,
so importing any module of this package gives the whole command line.
"""

from fawbrief.cli.check import check, lint, new, preview
from fawbrief.cli.golden import dump, verify
from fawbrief.cli.main import main
from fawbrief.cli.messages import messages
from fawbrief.cli.renderer import renderer
from fawbrief.cli.serve import serve
from fawbrief.cli.theme import theme
from fawbrief.cli.variants import diff, templates

for _command in (new, check, templates, diff, dump, verify, lint, preview, theme, messages, serve, renderer):
    main.add_command(_command)

__all__ = ["main"]
