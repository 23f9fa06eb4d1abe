"""Regenerate ``src/fawbrief/fonts/Arimo-{Regular,Bold}.ttf``, the Latin font charts are drawn with.

    python scripts/make_fonts.py            # rewrite the committed fonts
    python scripts/make_fonts.py --check    # exit 1 if the committed files are stale

Charts must give the same pixels on every machine, so they cannot pick up whatever
"Liberation Sans" the system has (Debian installs 1.x and 2.x side by side, and
matplotlib chooses between them by directory order). The ``fontpkg-arimo`` package
ships Arimo, the design Liberation Sans 2 is built from, but only as a variable font,
and matplotlib draws a variable font at its default weight only: bold labels would
come out regular. Pinning the ``wght`` axis at 400 and 700 with fontTools gives two
static faces. It takes ~4 s, which is why the result is committed (about 640 KB)
rather than made at run time. Arimo is under the SIL Open Font License 1.1 with no
reserved font name; its licence ships beside the files.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys

import fontpkg_arimo
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from fawbrief.core.text_metrics import FONT_DIR as OUT

WEIGHTS = {"Regular": 400, "Bold": 700}


def build(name: str) -> bytes:
    """The static face ``name`` of Arimo, as TrueType bytes."""
    # Saving stamps head.modified with "now" unless told not to: keep the source's, so the bytes repeat.
    source = TTFont(fontpkg_arimo.ROOT / "files" / "Arimo[wght].ttf", recalcTimestamp=False)
    face = instancer.instantiateVariableFont(source, {"wght": WEIGHTS[name]}, updateFontNames=True)
    buffer = io.BytesIO()
    face.save(buffer, reorderTables=True)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed fonts are stale")
    args = parser.parse_args(argv)
    stale = []
    for name in WEIGHTS:
        target = OUT / f"Arimo-{name}.ttf"
        data = build(name)
        if args.check:
            if not target.is_file() or target.read_bytes() != data:
                stale.append(target)
            continue
        OUT.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(target)
    if not args.check:
        shutil.copyfile(fontpkg_arimo.ROOT / "LICENSE", OUT / "OFL.txt")
    for target in stale:
        print(f"stale: {target}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
