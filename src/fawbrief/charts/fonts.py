"""The fonts charts draw with, all shipped with the install, so every machine draws the same pixels.

Latin text is set in Arimo (Arial's metrics; Liberation Sans 2 is built from it), as the
two static faces in ``fawbrief/fonts/`` that ``scripts/make_fonts.py`` makes from the
``fontpkg-arimo`` package: the faces text is measured with (``core/text_metrics``).
System fonts are not used for Latin text: Debian installs
Liberation Sans 1.x and 2.x side by side and matplotlib picks between them by
directory order, which made the same chart differ byte for byte between machines.

For Chinese the first fallback is Noto Sans SC (SIL Open Font License 1.1), which the
``pylopdf-fonts-zh-cn`` wheel ships as a single OpenType file: a fresh ``pip install``
draws Chinese labels without any system font, and no "Glyph … missing" warning fires.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fawbrief.core.text_metrics import LATIN_FACES

LATIN_FAMILY = "Arimo"
CJK_FAMILY = "Noto Sans SC"


def latin_font_paths() -> tuple[Path, ...]:
    """The shipped Arimo faces, regular then bold."""
    return LATIN_FACES


def cjk_font_path() -> Path | None:
    """The bundled Noto Sans SC, or None when the package is not installed."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


def register_fonts(font_manager: Any) -> None:
    """Make the shipped fonts known to matplotlib's ``font_manager`` (idempotent; called per chart,
    so a registered process only looks at the list once).

    Arimo is placed first among fonts of its family name, so a system font that also calls
    itself "Arimo" can never be chosen instead.
    """
    manager = font_manager.fontManager
    known = {entry.fname for entry in manager.ttflist}
    ours = {str(path) for path in latin_font_paths()}
    missing = sorted(ours - known)
    for path in missing:
        manager.addfont(path)
    if missing:
        manager.ttflist.sort(key=lambda entry: entry.fname not in ours)  # stable: only moves ours to the front
    cjk = cjk_font_path()
    if cjk is not None and str(cjk) not in known:
        manager.addfont(str(cjk))
