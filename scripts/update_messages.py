"""Bring the message catalogs in line with the templates: ``python scripts/update_messages.py``.

Extracts every msgid (templates' ``_()``/``{% trans %}``, the words the code adds, deck
and audience titles) and rewrites ``data/i18n/<lang>/messages.po`` for each language:
translations are kept, new msgids are added untranslated (a build in that language then
names them), msgids nobody uses any more are dropped, and each entry lists where it is
used. ``--check`` only tells whether a catalog is out of date (exit 1).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from fawbrief.compose.finish import MESSAGES
from fawbrief.compose.languages import catalog_msgids
from fawbrief.core.languages import TRANSLATIONS
from fawbrief.pipeline.build import DEFAULT_DATA, load_project

HEADER = "fawbrief slide wording"
COMMENT = """\
# {lang} wording of the fawbrief templates and of the words the code adds to slides.
# A msgid is the English text. Translations are plain text (R&D, not R&amp;D); keep every
# %(name)s placeholder and write %% for a percent sign; no digits (figures come from facts).
# After editing templates: python scripts/update_messages.py (keeps translations, adds new
# msgids untranslated, drops unused ones)."""


def updated(lang: str, data_dir: Path) -> tuple[Path, bytes]:
    project = load_project(data_dir)
    dynamic = [*MESSAGES, *(d.title for d in project.catalog.decks.values()),
               *(a.title for a in project.catalog.audiences.values())]
    wanted = catalog_msgids(project.env, dynamic)
    path = data_dir / "i18n" / lang / "messages.po"
    old = read_po(path.open("rb")) if path.exists() else Catalog(locale=lang.replace("-", "_"))
    new = Catalog(locale=lang.replace("-", "_"), project=HEADER, version="1", fuzzy=False,
                  copyright_holder="fawbrief", msgid_bugs_address="", last_translator="fawbrief",
                  language_team=lang, creation_date=old.creation_date, revision_date=old.creation_date,
                  header_comment=COMMENT.format(lang=lang))
    for msgid, places in wanted.items():
        previous = old.get(msgid)
        new.add(msgid, previous.string if previous else "", locations=places,
                flags=("python-format",) if "%" in msgid else (),
                auto_comments=() if places else ("used by the code or a deck/audience title",))
    buffer = io.BytesIO()
    write_po(buffer, new, width=116, sort_output=False, omit_header=False, include_lineno=True)
    return path, buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a catalog is out of date")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    stale = 0
    for lang in TRANSLATIONS:
        path, data = updated(lang, args.data)
        if path.exists() and path.read_bytes() == data:
            continue
        stale += 1
        if args.check:
            print(f"{path}: out of date (run python scripts/update_messages.py)", file=sys.stderr)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"updated {path}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
