"""Chinese and Latin typesetting (issue 16, the writer's side): run languages, Chinese line breaks between
words and never inside a number and its unit, balanced titles, one KPI card style per deck, one indent on
every layout, and no space after full-width punctuation."""

from __future__ import annotations

import io
import itertools
import re
from datetime import datetime
from pathlib import Path

import pptx
import pytest
from lxml import etree

from fawbrief.core.build_date import DEFAULT_BUILD_TIME
from fawbrief.core.text_lines import balanced, wrapped_offsets
from fawbrief.core.text_metrics import Piece, default_metrics
from fawbrief.core.text_rules import join_layout_breaks
from fawbrief.core.text_words import break_points, words
from fawbrief.model.slides import Bullet, DeckSpec, DocumentProperties, Kpi, Run, Slide, Typesetting
from fawbrief.write.theme import Theme
from fawbrief.write.writer import WriteOptions, write

REPO = Path(__file__).resolve().parents[1]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WHEN = datetime(2026, 1, 1)
ZH = Typesetting("zh-CN", "en-US", True)
EN = Typesetting("en-US")
DECKS = ("jiefang", "faw-vw", "auto-city")
AUDIENCES = ("executive", "investor", "government", "partner", "media")


def _deck(slides: list[Slide], setting: Typesetting = ZH) -> DeckSpec:
    props = DocumentProperties("T", "test", setting.lang, WHEN, WHEN)
    return DeckSpec("d", "a", setting.lang, "T", tuple(slides), props, setting)


def _written(spec: DeckSpec, theme: Path | None = None) -> pptx.presentation.Presentation:
    return pptx.Presentation(io.BytesIO(write(spec, Theme.open(theme), WriteOptions())))


def _lines(p: etree._Element) -> list[str]:
    """A paragraph's text split at its explicit line breaks."""
    text = "".join("\n" if child.tag == f"{A}br" else (child.findtext(f"{A}t") or "")
                   for child in p if child.tag in (f"{A}r", f"{A}br"))
    return text.split("\n")


def _title_lines(slide: object) -> list[str]:
    return _lines(slide.shapes.title._element.find(f".//{A}p"))  # type: ignore[attr-defined]


# --- where Chinese may break -------------------------------------------------------------------------
@pytest.mark.parametrize("text, whole", [
    ("一汽解放年产销50万辆的目标", "50万辆"), ("解放在第137届广交会上签约", "第137届"),
    ("到2030年海外销量18万辆", "2030年"), ("产量162.23万辆，同比增长1.5%", "162.23万辆"),
    ("规划面积471平方公里的汽车城", "471平方公里"), ("第一辆解放卡车下线", "下线"),
    ("2025年10月30日整车下线", "2025年10月30日"), ("中国第一个卡车品牌", "品牌"),
])
def test_no_break_inside_a_word_or_a_number_with_its_unit(text: str, whole: str) -> None:
    start = text.index(whole)
    points = break_points(text)
    assert not any(start < i < start + len(whole) for i in points), (whole, sorted(points))
    assert points, "there are breaks between the other words"


def test_punctuation_never_starts_or_ends_a_line_and_hyphenated_names_hold() -> None:
    text = "卷首语认为，合资企业“新合资时代”（观点）一汽-大众"
    points = break_points(text)
    for i in points:
        assert text[i] not in "，”）" and text[i - 1] not in "“（" and "-" not in text[i - 1:i + 1]
    assert "".join(words(text)) == text


def test_latin_text_breaks_after_spaces_only() -> None:
    assert break_points("SPRINT 2030 strategy") == frozenset({7, 12})


# --- lines the writer breaks ------------------------------------------------------------------------
LONG_TITLE = "一汽解放在第137届广交会上签约超过200笔订单并计划到2030年实现海外销量18万辆的目标"


def test_a_long_chinese_title_breaks_between_words_and_keeps_numbers_whole() -> None:
    bullets = tuple(Bullet((Run(f"在第137届广交会上，解放{'和合作伙伴' * n}签约了50万辆卡车的长期订单。"),))
                    for n in range(1, 6))
    deck = _written(_deck([Slide("content", (Run(LONG_TITLE),), blocks=bullets)]))
    slide = deck.slides[0]
    lines = _title_lines(slide)
    assert len(lines) > 1 and "".join(lines) == LONG_TITLE
    offsets = [sum(len(line) for line in lines[:n]) for n in range(1, len(lines))]
    assert set(offsets) <= break_points(LONG_TITLE)
    broken = 0
    for p in slide.shapes._spTree.iter(f"{A}p"):
        lines = _lines(p)
        text = "".join(lines)
        broken += len(lines) - 1
        for n in range(1, len(lines)):  # each break where break_points allows one: between words, so never
            assert sum(len(line) for line in lines[:n]) in break_points(text), lines  # inside 50万辆 or 第137届
    assert broken >= 2  # the title's and the long bullets'


def test_number_and_unit_are_never_split_across_written_lines() -> None:
    text = "年产销" + "，年产销50万辆" * 12
    deck = _written(_deck([Slide("content", (Run("产销"),), blocks=(Bullet((Run(text),)),))]))
    body = next(p for p in deck.slides[0].shapes._spTree.iter(f"{A}p") if "年产销" in "".join(p.itertext()))
    lines = _lines(body)
    assert len(lines) > 1
    for a, b in itertools.pairwise(lines):
        joined = a[-4:] + "|" + b[:4]
        assert not re.search(r"\d\|[万辆]|万\|辆|\d\|\d", joined), joined


def test_english_body_text_keeps_the_renderers_wrapping() -> None:
    bullet = Bullet((Run("FAW Jiefang exports trucks to more than eighty countries and regions " * 3),))
    deck = _written(_deck([Slide("content", (Run("Exports"),), blocks=(bullet,))], EN))
    assert not list(deck.slides[0].shapes._spTree.iter(f"{A}br"))


# --- balanced titles --------------------------------------------------------------------------------
def test_a_balanced_title_has_no_one_word_last_line() -> None:
    metrics = default_metrics()
    text = "FAW Jiefang has led China's heavy truck market for seven decades"
    pieces = [Piece(text, 28, True)]
    width = metrics.width(text, 28, True) - metrics.width("decades", 28, True) / 2
    greedy = wrapped_offsets(pieces, width, width, metrics)
    assert text[greedy[-1]:] == "decades"  # filled line by line, the last word is alone
    starts = balanced(pieces, width, width, metrics)
    assert len(starts) == len(greedy)
    lines = [text[a:b].strip() for a, b in zip([0, *starts], [*starts, len(text)], strict=True)]
    assert len(lines[-1].split()) > 1
    widest = max(metrics.width(line, 28, True) for line in lines)
    assert widest <= width and widest < max(metrics.width(text[:greedy[0]].strip(), 28, True), 0) + 0.01


def test_written_titles_are_balanced_in_both_languages() -> None:
    title = "SPRINT 2030's overseas sales target is three times the annual exports of today, in units"
    deck = _written(_deck([Slide("content", (Run(title),))], EN))
    lines = [line.strip() for line in _title_lines(deck.slides[0])]
    assert len(lines) >= 2 and " ".join(lines) == title
    assert len(lines[-1].split()) > 1
    assert join_layout_breaks("\v".join(_title_lines(deck.slides[0]))) == title


# --- languages on runs ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped() -> dict[tuple[str, str, str], DeckSpec]:
    from fawbrief.pipeline.build import compose_variants, load_project

    variants = [(deck, audience, lang) for deck in DECKS for audience in AUDIENCES for lang in ("en", "zh-CN")]
    specs = compose_variants(load_project(REPO / "data"), variants, DEFAULT_BUILD_TIME)
    return dict(zip(variants, specs, strict=True))


@pytest.mark.parametrize("lang, tag, alt", [("en", "en-US", None), ("zh-CN", "zh-CN", "en-US")])
def test_every_run_carries_the_decks_language(shipped: dict, lang: str, tag: str, alt: str | None) -> None:
    deck = _written(shipped["faw-vw", "executive", lang])
    seen = 0
    for slide in deck.slides:
        for tree in (slide._element, slide.notes_slide._element):
            for run in tree.iter(f"{A}r", f"{A}br", f"{A}fld"):
                assert run.find(f"{A}rPr") is not None, etree.tostring(run)[:200]
            for rpr in tree.iter(f"{A}rPr", f"{A}endParaRPr"):
                seen += 1
                assert rpr.get("lang") == tag and rpr.get("altLang") == alt, etree.tostring(rpr)[:200]
    assert seen > 100


# --- one card style per deck ------------------------------------------------------------------------
def _figure_sizes(deck: pptx.presentation.Presentation) -> set[str]:
    sizes = set()
    for slide in deck.slides:
        for shape in slide.shapes:
            if re.fullmatch(r"KPI \d+", shape.name):
                first = shape._element.find(f".//{A}r/{A}rPr[@b='1']")
                sizes.add(first.get("sz"))
    return sizes


def test_all_cards_in_a_deck_share_one_number_size(shipped: dict) -> None:
    for key in [("jiefang", "executive", "en"), ("jiefang", "executive", "zh-CN"), ("auto-city", "investor", "en")]:
        assert len(_figure_sizes(_written(shipped[key]))) == 1, key


def test_rows_of_different_widths_get_the_smaller_size() -> None:
    wide = tuple(Kpi(f"f{i}", "1,622,279", "vehicles", "Production", "H1 2020") for i in range(4))
    narrow = (Kpi("g", "9", "", "Generations", ""),)
    deck = _written(_deck([Slide("content", (Run("Four"),), blocks=wide),
                           Slide("content", (Run("One"),), blocks=narrow)], EN))
    assert len(_figure_sizes(deck)) == 1


# --- one indent on every layout ---------------------------------------------------------------------
def _text_left(slide: object) -> int:
    """Where the first bullet's text starts (EMU): the shape's left edge, its inset and the margin."""
    from fawbrief.write.fit import chain_of

    for shape in slide.shapes:  # type: ignore[attr-defined]
        if shape.has_text_frame and "listed" in shape.text_frame.text:
            chain = chain_of(slide, shape._element)
            p = shape._element.find(f".//{A}p")
            return int(shape.left) + chain.body().insets[0] + chain.paragraph(p).margin
    raise AssertionError("no list")


@pytest.mark.parametrize("master", [None, "classic-4x3", "chinese"])
def test_title_only_and_content_bullets_have_the_same_indent(master: str | None, tmp_path: Path) -> None:
    theme = None
    if master is not None:
        import importlib.util

        spec = importlib.util.spec_from_file_location("make_masters", REPO / "scripts" / "make_masters.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.write_all(tmp_path, [master])
        theme = tmp_path / f"{master}.pptx"
    bullets = (Bullet((Run("A point listed here"),)), Bullet((Run("Another"),)))
    deck = _written(_deck([Slide("content", (Run("Content"),), blocks=bullets),
                           Slide("title_only", (Run("Title only"),), blocks=bullets)], EN), theme)
    assert _text_left(deck.slides[0]) == _text_left(deck.slides[1])


# --- no space after full-width punctuation ----------------------------------------------------------
FULL_WIDTH = "，。、；：！？）」』"


def test_no_space_after_full_width_punctuation_in_any_zh_deck(shipped: dict) -> None:
    from fawbrief.read.dump import canonical

    found = []
    theme = Theme.open(None)
    for (deck, audience, lang), spec in shipped.items():
        if lang != "zh-CN":
            continue
        text = "\n".join(_strings(canonical(write(spec, theme, WriteOptions()))))
        found += [f"{deck}-{audience}: {m.group()!r}" for m in re.finditer(f"[{FULL_WIDTH}] .?", text)]
        found += [f"{deck}-{audience}: {m.group()!r}" for m in re.finditer(r"[\u4e00-\u9fff] - [\u4e00-\u9fff]", text)]
    assert found == []


def _strings(value: object) -> list[str]:
    """Every string in a dump (slide text, notes, alt text, table cells)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []
