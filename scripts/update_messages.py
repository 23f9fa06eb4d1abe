"""The built-in project's catalogs in line with its templates: ``python scripts/update_messages.py [--check]``.

Kept for habit: it is ``fawbrief messages`` (see the README, "Adding a language") run on this repository.
"""

from __future__ import annotations

import sys

from fawbrief.cli import main

if __name__ == "__main__":
    sys.exit(main(["messages", *sys.argv[1:]], standalone_mode=True))
