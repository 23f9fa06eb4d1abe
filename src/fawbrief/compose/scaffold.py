"""``fawbrief templates init NAME``: a new audience folder that builds at once.

The folder holds the audience profile and, per deck, an override template that
extends the deck (the project's own ``decks/<deck>/base.j2``, else the built-in one)
and overrides nothing yet; comments show how to
choose slides, reorder them and reword one part of one slide (the block names of
``templates/base.j2``: a slide is the block named by its key, its parts are
``<key>_title``, ``<key>_body``, ``<key>_notes``).
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import TemplateNotFound, nodes

from fawbrief.compose.environment import BriefEnvironment
from fawbrief.core.errors import InputError, OutputError
from fawbrief.project.catalog import NAME, Catalog

PROFILE = """\
# The audience profile. Templates read `detail` (brief | standard | full) and `focus`.
id: {name}
title: {title} briefing
description: Edit me — one line on who is in the room and what they need
detail: standard
focus: []
"""

DECK_TEMPLATE = """\
{{#- Audience "{name}" for the {deck} deck.
    This file extends the deck and overrides only what it changes; every
    other slide falls through to decks/{deck}/base.j2.
    Build it:  fawbrief build {deck} -a {name} -t {folder}

    1. Choose slides and their order: uncomment `slide_order` below and edit the list.
       The deck's slides (blocks) are: {slides}
    2. Reword part of a slide: a slide is the block named by its key, and each part of it
       is a block of its own: <key>_title, <key>_body (bullets, KPIs, charts, tables) and
       <key>_notes (the title slide: title_slide_title, title_slide_subtitle). Override
       only the part you change, as in the example below; the deck's decks/{deck}/base.j2
       has the text to start from. {{{{ super() }}}} inside a part keeps the deck's text, so
       {{% block <key>_notes %}}{{{{ super() }}}}<p>{{{{ _("…") }}}}</p>{{% endblock %}} adds a paragraph.
       Every figure must come from fact("id") — `fawbrief facts` lists the ids; a digit
       typed by hand is an error.
    3. Add a slide: write a new block here and put its name into `slide_order`.
    4. Words go inside _("…") so other languages can translate them: --lang zh-CN then
       asks for each one in {folder}/i18n/zh-CN/messages.po (the audience title too). -#}}
{{% extends "decks/{deck}/base.j2" %}}
{{#- {{% set slide_order = [{order}] %}} -#}}
{example}"""

EXAMPLE = """
{{#- Example: a new title for the {slide} slide; its body and notes stay the deck's.
{{% block {slide}_title %}}
{{{{ _("A title for this room") }}}}
{{% endblock %}}
-#}}
"""


def deck_slides(env: BriefEnvironment, deck: str) -> list[str]:
    """The slides of a deck in presentation order: its ``default_order`` (the project's base.j2 of the deck,
    else the built-in one: the template an audience file extends)."""
    tree = _parse(env, f"decks/{deck}/base.j2")
    for assign in tree.find_all(nodes.Assign):
        if isinstance(assign.target, nodes.Name) and assign.target.name == "default_order":
            return [str(name) for name in assign.node.as_const()]
    return []


def example_slide(env: BriefEnvironment, deck: str, slides: list[str]) -> str | None:
    """The slide the scaffold's example retitles: the last one with a ``_title`` part
    between the title slide and the sources (an audience's closing words), if any."""
    names = _block_names(env, f"decks/{deck}/base.j2")
    titled = [slide for slide in slides[1:] if f"{slide}_title" in names and slide != "sources"]
    return titled[-1] if titled else None


def init_audience(name: str, out_dir: Path, catalog: Catalog, env: BriefEnvironment) -> list[Path]:
    """Write ``out_dir/name/`` with a profile and one template per deck; return the files."""
    if not re.fullmatch(NAME, name):
        raise InputError(f"audience name {name!r} must be lowercase letters, digits and hyphens")
    folder = out_dir / name
    if folder.exists():
        raise InputError("folder already exists; choose another name or -o", path=folder)
    files = {folder / "audiences" / f"{name}.yaml": PROFILE.format(name=name, title=name.replace("-", " ").title())}
    for deck in catalog.decks:
        slides = deck_slides(env, deck)
        example = example_slide(env, deck, slides)
        files[folder / "decks" / deck / f"{name}.j2"] = DECK_TEMPLATE.format(
            name=name, deck=deck, folder=folder, slides=", ".join(slides),
            order=", ".join(f'"{s}"' for s in slides), example=EXAMPLE.format(slide=example) if example else "")
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write scaffold: {exc.strerror}", path=folder) from None
    return list(files)


def _parse(env: BriefEnvironment, name: str) -> nodes.Template:
    try:
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except TemplateNotFound:
        raise InputError(f"no template {name}", hint="a deck in decks.yaml needs its templates/decks/<id>/base.j2") \
            from None
    return env.parse(source, name, filename)


def _block_names(env: BriefEnvironment, name: str) -> set[str]:
    """Every block a template and the templates it extends define."""
    found: set[str] = set()
    while name:
        tree = _parse(env, name)
        found |= {block.name for block in tree.find_all(nodes.Block)}
        parent = next(tree.find_all(nodes.Extends), None)
        name = parent.template.value if parent and isinstance(parent.template, nodes.Const) else ""
    return found
