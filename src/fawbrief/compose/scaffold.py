"""``fawbrief templates init NAME``: a new audience folder that builds at once.

The folder holds the audience profile and, per deck, an override template that
extends the built-in deck and overrides nothing yet; comments show how to
choose slides, reorder them and reword one block.
"""

from __future__ import annotations

import re
from pathlib import Path

from fawbrief.compose.environment import BriefEnvironment
from fawbrief.core.errors import InputError, OutputError
from fawbrief.project.catalog import NAME, Catalog

_BLOCK = re.compile(r"{%-?\s*block\s+(\w+)\s*-?%}")

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
    This file extends the built-in deck and overrides only what it changes; every
    other slide falls through to decks/{deck}/base.j2.
    Build it:  fawbrief build {deck} -a {name} -t {folder}

    1. Choose slides and their order: uncomment `slide_order` below and edit the list.
       The deck's slides (blocks) are: {blocks}
    2. Reword a slide: copy its block from the built-in decks/{deck}/base.j2 into this
       file and edit it. Every figure must come from fact("id") — `fawbrief facts`
       lists the ids; a digit typed by hand is an error.
    3. Add a slide: write a new block here and put its name into `slide_order`.
    4. Words go inside _("…") so other languages can translate them: --lang zh-CN then
       asks for each one in {folder}/i18n/zh-CN/messages.po (the audience title too). -#}}
{{% extends "decks/{deck}/base.j2" %}}
{{#- {{% set slide_order = [{order}] %}} -#}}

{{#- Example: a shorter agenda.
{{% block agenda %}}
{{{{ m.agenda([_("First topic"), _("Second topic")]) }}}}
{{% endblock %}}
-#}}
"""


def deck_blocks(env: BriefEnvironment, deck: str) -> list[str]:
    """The slide blocks a built-in deck defines, in file order."""
    source, _, _ = env.loader.get_source(env, f"builtin:decks/{deck}/base.j2")  # type: ignore[union-attr]
    return list(dict.fromkeys(_BLOCK.findall(source)))


def init_audience(name: str, out_dir: Path, catalog: Catalog, env: BriefEnvironment) -> list[Path]:
    """Write ``out_dir/name/`` with a profile and one template per deck; return the files."""
    if not re.fullmatch(NAME, name):
        raise InputError(f"audience name {name!r} must be lowercase letters, digits and hyphens")
    folder = out_dir / name
    if folder.exists():
        raise InputError("folder already exists; choose another name or -o", path=folder)
    files = {folder / "audiences" / f"{name}.yaml": PROFILE.format(name=name, title=name.replace("-", " ").title())}
    for deck in catalog.decks:
        blocks = deck_blocks(env, deck)
        files[folder / "decks" / deck / f"{name}.j2"] = DECK_TEMPLATE.format(
            name=name, deck=deck, folder=folder, blocks=", ".join(blocks),
            order=", ".join(f'"{b}"' for b in blocks))
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write scaffold: {exc.strerror}", path=folder) from None
    return list(files)
