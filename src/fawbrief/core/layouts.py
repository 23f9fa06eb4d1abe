"""The slide layouts a deck asks for, by role: the one list the markup, the theme and the writer share.

A template names a layout by its role (``<slide layout="two">``); the theme finds each
role's layout in the master (``write/roles``): by the layout's placeholder type
(``p:sldLayout/@type``, the same in every language of PowerPoint), then by its standard
English name, then by the placeholders it holds; a user mapping (``--layout ROLE=NAME``,
``[theme.layouts]``) overrides all three. Only ``REQUIRED`` roles must be found; the
others fall back (``FALLBACKS``) and the build says so. A layout must hold the
placeholder parts the writer fills there (``LAYOUT_ROLES``: ``title``, ``subtitle``,
``body``, ``body2``).
"""

from __future__ import annotations

#: Role → the layout's standard (English) name in PowerPoint.
LAYOUT_NAMES: dict[str, str] = {"title": "Title Slide", "content": "Title and Content", "two": "Two Content",
                                "title_only": "Title Only", "section": "Section Header"}
#: Every role, in the order above.
LAYOUT_IDS: tuple[str, ...] = tuple(LAYOUT_NAMES)
#: Role → the placeholder parts the writer needs on that layout.
LAYOUT_ROLES: dict[str, tuple[str, ...]] = {"title": ("title", "subtitle"), "content": ("title", "body"),
                                            "two": ("title", "body", "body2"), "title_only": ("title",),
                                            "section": ("title",)}
#: Role → the ``p:sldLayout/@type`` values of a layout made for it, best first (``tx`` is the
#: "Title and Text" type of older masters).
LAYOUT_TYPES: dict[str, tuple[str, ...]] = {"title": ("title",), "content": ("obj", "tx"), "two": ("twoObj",),
                                            "title_only": ("titleOnly",), "section": ("secHead",)}
#: The roles every theme must provide; the decks cannot be laid out without them.
REQUIRED: tuple[str, ...] = ("title", "content")
#: An optional role's stand-in when the theme has no layout for it: a two-column slide is laid
#: out in one content body, a title-only slide on the content layout (its body removed), and a
#: section divider on the title slide's layout.
FALLBACKS: dict[str, str] = {"two": "content", "title_only": "content", "section": "title"}
