"""The font charts draw Chinese with, shipped by a package the install itself pulls in.

matplotlib draws Latin text with Liberation Sans (or Arial) and falls back glyph by
glyph along ``style.FONT_FAMILIES + style.CJK_FALLBACK``. For Chinese the first
fallback is Noto Sans SC (SIL Open Font License 1.1), which the
``pylopdf-fonts-zh-cn`` wheel ships as a single OpenType file: a fresh
``pip install`` draws Chinese labels without any system font, every machine draws
the same glyphs (so the same bytes), and no "Glyph … missing" warning fires. A
single-face file, unlike a ``.ttc`` collection, registers the same way on every
matplotlib this project supports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CJK_FAMILY = "Noto Sans SC"


def cjk_font_path() -> Path | None:
    """The bundled Noto Sans SC, or None when the package is not installed."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


def register_cjk(font_manager: Any) -> bool:
    """Make the bundled font known to matplotlib's ``font_manager`` (once per process)."""
    if any(entry.name == CJK_FAMILY for entry in font_manager.fontManager.ttflist):
        return True
    path = cjk_font_path()
    if path is None:
        return False
    font_manager.fontManager.addfont(str(path))
    return True
