"""Regenerate ``docs/contact-sheets/``: one contact sheet per built-in deck and language, executive audience.

    python scripts/contact_sheets.py             # build, preview, write docs/contact-sheets/
    python scripts/contact_sheets.py -o DIR      # write somewhere else

Builds the executive variant of every deck of the project in every language it has (``fawbrief list --json``:
the decks and languages come from the data, not from this script), renders them with LibreOffice
(``fawbrief preview``: one PNG per slide and a contact sheet per deck), and writes each sheet as
``<deck>-executive-<lang>.png``, downscaled and reduced to a 256-colour palette so that a sheet stays under
``MAX_BYTES``, plus an ``index.md`` linking them (in the MkDocs nav). The decks carry the build's date as any
build does (``SOURCE_DATE_EPOCH`` when it is set): a rerun on the same day and decks writes the same files.
Needs LibreOffice and poppler (``pdftoppm``), as ``fawbrief preview`` does.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "contact-sheets"
AUDIENCE = "executive"
WIDTH = 1600  # px: four thumbnails of 390 px a row, legible on the documentation page
MAX_BYTES = 400_000


def fawbrief(*args: str) -> str:
    """Run the CLI of this checkout; its stdout."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-m", "fawbrief", "-q", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode not in (0, 1):  # 1: lint findings printed as warnings do not stop a build
        sys.exit(f"fawbrief {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def catalog() -> tuple[list[str], list[str]]:
    """The project's deck ids and language codes."""
    listed = json.loads(fawbrief("list", "--json"))
    return [deck["id"] for deck in listed["decks"]], [lang["code"] for lang in listed["languages"]]


def shrink(sheet: Path, target: Path) -> int:
    """``sheet`` at ``WIDTH`` px, in an adaptive 256-colour palette, written to ``target``; its size in bytes."""
    with Image.open(sheet) as image:
        image = image.convert("RGB")
        width = min(WIDTH, image.width)
        small = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
    for colours in (256, 128, 64):
        small.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            target, format="PNG", optimize=True)
        if target.stat().st_size <= MAX_BYTES:
            break
    return target.stat().st_size


def index(sheets: list[tuple[str, str, str]]) -> str:
    """``index.md``: every sheet under its deck, with how to make them again."""
    lines = ["# Contact sheets", "",
             f"Every slide of the {AUDIENCE} decks, in every language, as LibreOffice renders them. Regenerate "
             "them after changing the decks with `python scripts/contact_sheets.py` (it builds the decks, runs "
             "`fawbrief preview` and writes the pictures here).", ""]
    for deck in dict.fromkeys(deck for deck, _, _ in sheets):
        lines += [f"## {deck}", ""]
        for _, lang, name in (entry for entry in sheets if entry[0] == deck):
            lines += [f"### {deck} · {AUDIENCE} · {lang}", "", f"![{deck} {AUDIENCE} deck, {lang}]({name})", ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, default=OUT, help="folder for the sheets (default: %(default)s)")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    decks, languages = catalog()
    sheets = []
    with tempfile.TemporaryDirectory(prefix="contact-sheets-") as tmp:
        built, previews = Path(tmp) / "decks", Path(tmp) / "preview"
        for lang in languages:
            paths = fawbrief("build", *decks, "-a", AUDIENCE, "--lang", lang, "-o", str(built)).split()
            fawbrief("preview", *paths, "-o", str(previews))
            for deck, path in zip(decks, paths, strict=True):
                name = f"{deck}-{AUDIENCE}-{lang}.png"
                size = shrink(previews / f"{Path(path).stem}-contact-sheet.png", out / name)
                print(f"{out / name}: {size // 1000} KB")
                sheets.append((deck, lang, name))
    order = {deck: number for number, deck in enumerate(decks)}
    sheets.sort(key=lambda entry: (order[entry[0]], languages.index(entry[1])))
    (out / "index.md").write_text(index(sheets), encoding="utf-8")
    print(out / "index.md")


if __name__ == "__main__":
    main()
