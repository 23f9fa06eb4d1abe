"""The slide layouts a deck asks for, by logical id: the one list the markup, the theme and the writer share.

A template names a layout by id (``<slide layout="two">``); the theme resolves each id to
a layout of the master by its standard English PowerPoint name, which must hold the
placeholder roles the writer fills there (``title``, ``subtitle``, ``body``, ``body2``).
"""

from __future__ import annotations

#: Logical id → the layout's standard (English) name in PowerPoint.
LAYOUT_NAMES: dict[str, str] = {"title": "Title Slide", "content": "Title and Content", "two": "Two Content",
                                "title_only": "Title Only", "section": "Section Header"}
#: Every logical id, in the order above.
LAYOUT_IDS: tuple[str, ...] = tuple(LAYOUT_NAMES)
#: Logical id → the placeholder roles the writer needs on that layout.
LAYOUT_ROLES: dict[str, tuple[str, ...]] = {"title": ("title", "subtitle"), "content": ("title", "body"),
                                            "two": ("title", "body", "body2"), "title_only": ("title",),
                                            "section": ("title",)}
