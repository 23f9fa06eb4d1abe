"""The block convention of the templates (see templates/base.j2): a slide is the block named by
its key, each part of it a block named <key>_title, <key>_subtitle, <key>_body or <key>_notes, and
a template that extends another overrides only what it changes — never a copy of the block it
overrides, never a block nothing renders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2 import nodes

from fawbrief.compose.environment import BUILTIN_TEMPLATES, BriefEnvironment, make_environment
from fawbrief.compose.scaffold import deck_slides

PARTS = ("title", "subtitle", "body", "notes")
DECKS = ("jiefang", "faw-vw", "auto-city")


def _parse(env: BriefEnvironment, name: str) -> nodes.Template:
    source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    return env.parse(source, name, filename)


def _parent(tree: nodes.Template) -> str | None:
    extends = next(tree.find_all(nodes.Extends), None)
    return extends.template.value if extends and isinstance(extends.template, nodes.Const) else None


def _ancestors(env: BriefEnvironment, tree: nodes.Template) -> list[dict[str, nodes.Block]]:
    """The blocks of each template ``tree`` extends, nearest first."""
    chain = []
    name = _parent(tree)
    while name:
        parent = _parse(env, name)
        chain.append({block.name: block for block in parent.find_all(nodes.Block)})
        name = _parent(parent)
    return chain


def _templates(env: BriefEnvironment) -> Iterator[tuple[str, nodes.Template]]:
    for name in env.list_templates():
        if name.endswith(".j2") and not name.startswith("builtin:"):
            yield name, _parse(env, name)


def _unmarked(text: str) -> str:
    """Template text without the ``fawbrief-at`` line markers the environment adds as it compiles."""
    return re.sub(r' fawbrief-at="[^"]*"', "", text)


def _shape(value: Any) -> Any:
    """A node tree as nested tuples, template text with its whitespace collapsed: two blocks
    with equal shapes render the same slide (the markup collapses whitespace too)."""
    if isinstance(value, nodes.TemplateData):
        return " ".join(_unmarked(value.data).split())
    if isinstance(value, nodes.Node):
        return (type(value).__name__, *(_shape(field) for _, field in value.iter_fields()))
    if isinstance(value, list):
        return tuple(shape for shape in map(_shape, value) if shape != "")
    return value


def copied_overrides(env: BriefEnvironment) -> list[str]:
    """``template: block`` for every block whose body is the same as the block it overrides."""
    found = []
    for name, tree in _templates(env):
        chain = _ancestors(env, tree)
        for block in tree.find_all(nodes.Block):
            base = next((blocks[block.name] for blocks in chain if block.name in blocks), None)
            if base is not None and _shape(block.body) == _shape(base.body):
                found.append(f"{name}: {block.name}")
    return found


def _frame(block: nodes.Block) -> str:
    """The block's own text, its nested blocks as [name], anything computed as {{…}}."""
    out = []
    for node in block.body:
        if isinstance(node, nodes.Block):
            out.append(f"[{node.name}]")
        elif isinstance(node, nodes.Output) and all(isinstance(n, nodes.TemplateData) for n in node.nodes):
            out.append("".join(_unmarked(n.data) for n in node.nodes))  # type: ignore[attr-defined]
        else:
            out.append("{{…}}")
    return re.sub(r"\s*([<>\[\]])\s*", r"\1", " ".join("".join(out).split()))


def _slide_frame(key: str) -> re.Pattern[str]:
    """A slide holds nothing but its parts: title, then subtitle, body and notes if it has them."""
    part = {p: re.escape(f"[{key}_{p}]") for p in PARTS}
    return re.compile(rf'<slide layout="\w+" key="{re.escape(key)}"><title>{part["title"]}</title>'
                      rf'(<subtitle>{part["subtitle"]}</subtitle>)?({part["body"]})?'
                      rf'(<notes>{part["notes"]}</notes>)?</slide>')


def misnamed_slides(env: BriefEnvironment) -> list[str]:
    """Every block that writes a <slide> but does not follow the convention, and every slide of a
    deck's ``default_order`` that is not such a block (a slide made by a macro has no parts)."""
    found = []
    for name, tree in _templates(env):
        for block in tree.find_all(nodes.Block):
            frame = _frame(block)
            if "<slide" in frame and not _slide_frame(block.name).fullmatch(frame):
                found.append(f"{name}: {block.name}: {frame}")
    for deck in DECKS:
        tree = _parse(env, f"decks/{deck}/base.j2")
        chain = [{block.name: block for block in tree.find_all(nodes.Block)}, *_ancestors(env, tree)]
        for slide in deck_slides(env, deck):
            block = next((blocks[slide] for blocks in chain if slide in blocks), None)
            if block is None or not _slide_frame(slide).fullmatch(_frame(block)):
                found.append(f"decks/{deck}/base.j2: slide {slide} has no parts")
    return found


def stray_blocks(env: BriefEnvironment) -> list[str]:
    """Blocks an extending template defines at top level that are neither a slide nor a block of a
    template it extends: a misspelt override (``implication_title``) that nothing would render."""
    found = []
    for name, tree in _templates(env):
        chain = _ancestors(env, tree)
        if not chain:
            continue
        known = set().union(*chain)
        for block in tree.body:
            if isinstance(block, nodes.Block) and block.name not in known and "<slide" not in _frame(block):
                found.append(f"{name}: {block.name}")
    return found


def test_no_override_copies_the_block_it_overrides() -> None:
    assert copied_overrides(make_environment()) == []


def test_every_slide_has_its_parts_named_by_its_key() -> None:
    assert misnamed_slides(make_environment()) == []


def test_every_override_overrides_something() -> None:
    assert stray_blocks(make_environment()) == []


def _nearest_block(name: str) -> str:
    """Block ``name`` verbatim as the nearest built-in template in the investor deck's chain defines it (the
    block a user's investor.j2 would override), read from the templates so their wording can change."""
    for template in ("investor.j2", "base.j2"):
        text = (BUILTIN_TEMPLATES / "decks" / "jiefang" / template).read_text(encoding="utf-8")
        found = re.search(r"{% block " + name + r" %}.*?{% endblock %}", text, re.S)
        if found:
            return found.group(0)
    raise AssertionError(f"no built-in jiefang template defines block {name}")


OVERRIDES = {
    "copy": _nearest_block("brand_notes"),  # a copy of the block it overrides, word for word
    "misnamed": '{% block brand %}<slide layout="content" key="brand"><title>{% block brand_heading %}x'
                '{% endblock %}</title></slide>{% endblock %}',
    "stray": '{% block brand_titel %}Our brand{% endblock %}',
}
BRAND = re.search(r"^{% block brand %}\n.*?\n</slide>\n{% endblock %}$",
                  (BUILTIN_TEMPLATES / "decks" / "jiefang" / "base.j2").read_text(encoding="utf-8"), re.M | re.S)
assert BRAND
# the old habit: restate the whole slide to change its title; its body and notes are then copies
OVERRIDES["restated"] = re.sub(r"{% block brand_title %}.*?{% endblock %}",
                               "{% block brand_title %}Our brand{% endblock %}", BRAND.group(0))


@pytest.mark.parametrize(("kind", "check", "expected"), [
    ("copy", copied_overrides, "decks/jiefang/investor.j2: brand_notes"),
    ("misnamed", misnamed_slides, "decks/jiefang/investor.j2: brand: "),
    ("stray", stray_blocks, "decks/jiefang/investor.j2: brand_titel"),
    ("restated", copied_overrides, "decks/jiefang/investor.j2: brand_body"),
])
def test_the_checks_find_what_they_look_for(tmp_path: Path, kind: str, check: Any, expected: str) -> None:
    """Each check, run over a user folder that shadows one audience template, names its block."""
    folder = tmp_path / "decks" / "jiefang"
    folder.mkdir(parents=True)
    (folder / "investor.j2").write_text('{% extends "builtin:decks/jiefang/investor.j2" %}\n' + OVERRIDES[kind],
                                        encoding="utf-8")
    found = check(make_environment([tmp_path]))
    assert [f for f in found if f.startswith(expected)], found
    assert all(f.startswith("decks/jiefang/investor.j2") for f in found), found
