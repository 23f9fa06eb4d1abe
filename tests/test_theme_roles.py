"""Roles → layouts (README: Themes): by placeholder type, English name, the placeholders held, or the user's
mapping; fallbacks say so; every problem is reported at once with the theme's layouts and the fix."""

from __future__ import annotations

from pathlib import Path

import pptx
import pytest
from lxml import etree

from badinput import invoke
from fawbrief.core.errors import InputError
from fawbrief.core.layouts import LAYOUT_IDS
from fawbrief.write.roles import quote
from fawbrief.write.theme import DEFAULT_THEME, Theme

CHINESE = {"Title Slide": "标题幻灯片", "Title and Content": "标题和内容", "Title Only": "仅标题",
           "Section Header": "节标题", "Two Content": "两栏内容", "Blank": "空白"}


def _theme(tmp_path: Path, names: dict[str, str] | None = None, untyped: bool = False,
           drop: tuple[str, ...] = ()) -> Path:
    prs = pptx.Presentation(str(DEFAULT_THEME))
    for layout in list(prs.slide_layouts):
        if layout.name in drop:
            prs.slide_layouts.remove(layout)
            continue
        if untyped:
            layout._element.attrib.pop("type", None)
        layout.name = (names or {}).get(layout.name, layout.name)
    path = tmp_path / "corp.pptx"
    prs.save(str(path))
    return path


def test_chinese_layout_names_are_found_by_type(tmp_path: Path) -> None:
    theme = Theme.open(_theme(tmp_path, CHINESE))
    assert {role: theme.layout(role).name for role in LAYOUT_IDS} == {
        "title": "标题幻灯片", "content": "标题和内容", "two": "两栏内容", "title_only": "仅标题", "section": "节标题"}
    assert {choice.how for choice in theme.choices.values()} == {"type"}
    assert theme.notes == ()


def test_untyped_layouts_with_english_names_are_found_by_name(tmp_path: Path) -> None:
    theme = Theme.open(_theme(tmp_path, untyped=True))
    assert theme.choices["content"].how == "name"
    assert theme.layout("two").columns is not None


def test_untyped_layouts_are_found_by_their_placeholders_when_unambiguous(tmp_path: Path) -> None:
    names = {"Title Slide": "Cover", "Title and Content": "Text page", "Two Content": "Split",
             "Title Only": "Headline", "Section Header": "Chapter"}
    with pytest.raises(InputError) as caught:  # Chapter holds a title and a body, like Text page
        Theme.open(_theme(tmp_path, names, untyped=True))
    lines = str(caught.value).splitlines()
    assert "2 untyped layouts hold a title and one body ('Text page', 'Chapter'): ambiguous, map one" in lines[1]
    assert "    content: --layout 'content=Text page'" in lines
    theme = Theme.open(_theme(tmp_path, names, untyped=True, drop=("Section Header",)))
    assert theme.layout("content").name == "Text page" and theme.choices["content"].how == "placeholders"
    assert theme.layout("title").name == "Cover" and theme.layout("two").name == "Split"
    assert theme.layout("title_only").name == "Headline"
    assert theme.choices["section"].how == "fallback" and theme.layout("section").name == "Cover"
    assert [note.split(":")[0] for note in theme.notes] == ["title", "content", "two", "title_only", "section"]


def test_a_mapping_overrides_everything(tmp_path: Path) -> None:
    theme = Theme.open(_theme(tmp_path, CHINESE), {"title_only": "标题和内容", "section": " 标题幻灯片 "})
    assert theme.layout("title_only").name == "标题和内容" and theme.choices["title_only"].how == "mapping"
    assert theme.layout("section").name == "标题幻灯片"  # spaces and case do not matter


def test_every_mapping_problem_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        Theme.open(_theme(tmp_path, CHINESE), {"content": "仅标题", "two": "Nope", "chart": "标题和内容"})
    lines = str(caught.value).splitlines()
    assert lines[0].endswith("theme layout mapping does not work")
    assert lines[1:4] == [
        "  --layout chart=…: unknown role 'chart' (roles: title, content, two, title_only, section)",
        "  --layout content='仅标题': that layout has no body placeholder (content needs a title and one body)",
        "  --layout two='Nope': the theme has no layout of that name"]
    assert "    two: --layout 'two=两栏内容'" in lines


def test_names_with_commas_and_newlines_stay_whole(tmp_path: Path) -> None:
    names = {"Title and Content": "Title, Content", "Two Content": "Two\nContent"}
    with pytest.raises(InputError) as caught:
        Theme.open(_theme(tmp_path, names), {"content": "Title, Content", "two": "nope"})
    text = str(caught.value)
    assert "    'Title, Content' (type obj): title idx 0, obj idx 1, sldNum idx 12" in text.splitlines()
    assert "'Two\\nContent' (type twoObj)" in text  # one line per layout, the newline escaped
    assert quote("Title, Content") == "'Title, Content'"


def test_only_a_title_layout_is_refused_naming_every_missing_role(tmp_path: Path) -> None:
    path = _theme(tmp_path, drop=("Title and Content", "Two Content", "Title Only", "Section Header", "Blank"))
    with pytest.raises(InputError) as caught:
        Theme.open(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{path}: theme has no layout for content (required), two, title_only"
    assert [line.split(":")[0] for line in lines[1:4]] == ["  content", "  two", "  title_only"]
    listed = lines[lines.index("  layouts in the theme:") + 1]
    assert listed == "    'Title Slide' (type title): ctrTitle idx 0, subTitle idx 1"
    assert "    content: no layout holds a title and one body; add one to the master" in lines


def test_build_takes_layout_options(tmp_path: Path) -> None:
    names = {"Title and Content": "Text page", "Title Slide": "Cover"}
    path = _theme(tmp_path, names, untyped=True)
    out = invoke("build", "faw-vw", "--theme", path, "--layout", "content=Text page", "--layout", "title=Cover",
                 "-o", tmp_path / "out")
    assert out.code == 0, out.stderr
    deck = pptx.Presentation(str(tmp_path / "out" / "faw-vw-executive.pptx"))
    assert {slide.slide_layout.name for slide in deck.slides} >= {"Cover", "Text page"}
    bad = invoke("build", "faw-vw", "--theme", path, "--layout", "content", "-o", tmp_path / "out2")
    assert bad.code == 2 and "expected ROLE=NAME" in bad.stderr


def test_layout_type_is_read_from_the_layout_element(tmp_path: Path) -> None:
    prs = pptx.Presentation(str(_theme(tmp_path, CHINESE)))
    types = {layout.name: etree.QName(layout._element).localname + ":" + str(layout._element.get("type"))
             for layout in prs.slide_layouts}
    assert types["标题和内容"] == "sldLayout:obj"
