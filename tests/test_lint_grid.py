"""The grid rules of ``fawbrief lint`` (issue 16): a slide too empty, card figures at more than one size, an
orphan last word in a title, a line break inside a number and its unit. Each is caught on a planted case and
stays quiet on its good twin; lines are measured with the writer's metrics, no LibreOffice needed."""

from __future__ import annotations

import copy
import json
import math
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from fawbrief.cli.main import main
from fawbrief.core.text_fit import measure
from fawbrief.core.text_metrics import default_metrics
from fawbrief.core.text_style import shape_chain
from fawbrief.read.lint_breaks import Spans, orphan_title
from fawbrief.read.lint_cards import CardSizes
from fawbrief.read.lint_lines import Paragraph, laid_out

GRID_RULES = ("slide-too-empty", "card-sizes", "title-orphan", "number-unit-break")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("grid")
    for lang in ("en", "zh-CN"):
        result = CliRunner().invoke(main, ["build", "jiefang", "--lang", lang, "-o", str(out)])
        assert result.exit_code == 0, result.output
    return out


def _findings(deck: Path) -> list[dict]:
    result = CliRunner().invoke(main, ["lint", "--json", str(deck)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def _rule(findings: list[dict], rule: str, slide: int | None = None) -> list[dict]:
    return [f for f in findings if f["rule"] == rule and (slide is None or f["slide"] == slide)]


def _planted(built: Path, tmp_path: Path, name: str = "jiefang-executive.pptx") -> tuple[Path, object]:
    target = tmp_path / f"planted-{name}"
    shutil.copy(built / name, target)
    return target, Presentation(str(target))


def _plant_pair(slide, bad: tuple[str, tuple[str, ...]], good: tuple[str, tuple[str, ...]], width: int,
                height: int) -> None:
    """Two 18 pt text boxes, one above the other at the left margin: ``bad`` and ``good`` as (name, lines)."""
    for top, (name, lines) in ((5000000, bad), (5000000 + height, good)):
        box = slide.shapes.add_textbox(Emu(548640), Emu(top), Emu(width), Emu(height))
        box.name = name
        _set_text(box, *lines, size=18)


def _first_slide(prs, holds) -> tuple[int, object]:
    """The number (1-based) and the slide of the first slide for which ``holds(slide)`` is true: what a test
    plants on is found in the deck by what the slide holds, not by its number, so a rewritten deck keeps it."""
    return next((number, slide) for number, slide in enumerate(prs.slides, start=1) if holds(slide))


def _has_shape(*prefixes: str):
    """A test of a slide: it has a shape whose name starts with each of ``prefixes``."""
    return lambda slide: all(any(shape.name.startswith(p) for shape in slide.shapes) for p in prefixes)


def _records(fact: str):
    """A test of a slide: it records ``fact`` (its speaker notes cite the fact's id)."""
    return lambda slide: slide.has_notes_slide and f"[{fact}]" in slide.notes_slide.notes_text_frame.text


def _set_text(shape, *lines: str, size: float | None = None) -> None:
    """One paragraph holding ``lines`` joined by written line breaks (``a:br``)."""
    frame = shape.text_frame
    paragraph = frame.paragraphs[0]
    for extra in frame.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for child in list(paragraph._p):
        if etree.QName(child).localname in ("r", "br", "fld"):
            paragraph._p.remove(child)
    for number, line in enumerate(lines):
        if number:
            paragraph.add_line_break()
        run = paragraph.add_run()
        run.text = line
        if size is not None:
            run.font.size = Pt(size)


# --- slide too empty ---------------------------------------------------------------------------------------

def test_a_slide_emptied_to_one_bullet_is_too_empty_and_its_full_twin_is_not(built: Path, tmp_path: Path) -> None:
    deck, prs = _planted(built, tmp_path)
    number, slide = _first_slide(prs, _has_shape("KPI", "Content Placeholder"))  # the summary: cards, bullets
    before = _findings(built / "jiefang-executive.pptx")
    assert not _rule(before, "slide-too-empty", number)  # cards and bullets: enough of the body used
    assert not _rule(before, "slide-too-empty", 1)  # the cover is exempt by its layout
    for shape in list(slide.shapes):
        if shape.name.startswith("KPI"):
            shape._element.getparent().remove(shape._element)
    body = next(shape for shape in slide.shapes if shape.name.startswith("Content Placeholder"))
    _set_text(body, "Exports have grown fast for 4 years in a row.")
    prs.save(str(deck))
    found = _rule(_findings(deck), "slide-too-empty", number)
    assert len(found) == 1 and found[0]["shape"] == "Title 1", found
    assert "slide too empty: its content covers" in found[0]["message"]


def test_the_sources_slide_is_exempt_by_its_name(built: Path, tmp_path: Path) -> None:
    deck, prs = _planted(built, tmp_path)
    last = len(prs.slides)
    assert prs.slides[last - 1].name == "sources"  # the writer names a slide by its template key
    assert not _rule(_findings(deck), "slide-too-empty", last)
    prs.slides[last - 1]._element.cSld.set("name", "")  # the same slide, unnamed: a thin content slide
    prs.save(str(deck))
    assert len(_rule(_findings(deck), "slide-too-empty", last)) == 1


def test_a_timeline_counts_as_the_band_it_spans(built: Path, tmp_path: Path) -> None:
    """The heritage slide (a timeline and one bullet) passes; without its timeline it is a one-line slide."""
    deck, prs = _planted(built, tmp_path)
    number, slide = _first_slide(prs, _has_shape("Timeline", "Content Placeholder"))
    assert not _rule(_findings(deck), "slide-too-empty", number)
    for shape in list(slide.shapes):
        if shape.name.startswith("Timeline"):
            shape._element.getparent().remove(shape._element)
    prs.save(str(deck))
    assert len(_rule(_findings(deck), "slide-too-empty", number)) == 1


# --- card number sizes -------------------------------------------------------------------------------------

def _cards(prs) -> list[tuple[int, object]]:
    return [(number, shape) for number, slide in enumerate(prs.slides, start=1) for shape in slide.shapes
            if shape.name.startswith("KPI ") and not shape.name.endswith("accent")]


def _figure_run(card):
    runs = [run for p in card.text_frame.paragraphs for run in p.runs if run.text.strip()]
    return max(runs, key=lambda run: run.font.size or 0)


def test_one_card_at_another_size_is_named_and_one_size_passes(built: Path, tmp_path: Path) -> None:
    deck, prs = _planted(built, tmp_path)
    cards = _cards(prs)
    assert len({number for number, _ in cards}) >= 2  # cards on more than one slide
    for _, card in cards:
        _figure_run(card).font.size = Pt(28)
    prs.save(str(deck))
    assert not _rule(_findings(deck), "card-sizes")
    number, odd = cards[-1]
    _figure_run(odd).font.size = Pt(40)
    prs.save(str(deck))
    found = _rule(_findings(deck), "card-sizes")
    assert [(f["slide"], f["shape"]) for f in found] == [(number, odd.name)], found
    assert "card figure at 40 pt" in found[0]["message"] and "at 28 pt" in found[0]["message"]


def test_the_deck_size_is_the_most_common_and_the_larger_on_a_tie() -> None:
    sizes = CardSizes()
    for slide, size in ((1, 20.0), (1, 20.0), (2, 40.0), (2, 40.0)):
        sizes.add(slide, f"KPI {slide}", size)
    assert sizes.common() == 40.0
    assert [shape for shape, _ in sizes.findings(1)] == ["KPI 1", "KPI 1"]
    assert list(sizes.findings(2)) == []


# --- orphan title word -------------------------------------------------------------------------------------

def test_a_title_broken_before_its_last_word_is_an_orphan_and_a_balanced_one_is_not(built: Path,
                                                                                    tmp_path: Path) -> None:
    deck, prs = _planted(built, tmp_path)
    _set_text(prs.slides[2].shapes.title, "Annual exports of 60,000 units and a brand worth", "billions")
    _set_text(prs.slides[4].shapes.title, "Ranked first in its industry", "for 13 consecutive years")
    _set_text(prs.slides[5].shapes.title, "Four markets the profile names, the last in", "H1 2020")
    prs.save(str(deck))
    found = [f for f in _rule(_findings(deck), "title-orphan") if f["slide"] in (3, 5, 6)]  # the planted ones
    assert [(f["slide"], f["message"].split("(")[1].split(")")[0]) for f in found] == [
        (3, '"billions"'), (6, '"H1 2020"')], found


def test_a_measured_chinese_title_ending_on_one_character_is_an_orphan(built: Path, tmp_path: Path) -> None:
    deck, prs = _planted(built, tmp_path, "jiefang-executive-zh-CN.pptx")
    slide = prs.slides[2]
    title = slide.shapes.title
    _set_text(title, "汽")
    chain = shape_chain(title._element, slide.slide_layout._element, slide.slide_layout.slide_master._element,
                        prs.part._element)
    fit = measure(title._element.txBody, chain, int(title.width), int(title.height), default_metrics())
    per_line = math.floor(fit.room / fit.sizes[0])  # ideographs are one em wide
    _set_text(title, "汽" * (per_line + 1))
    _set_text(prs.slides[4].shapes.title, "汽" * (per_line + 3))
    prs.save(str(deck))
    found = [f for f in _rule(_findings(deck), "title-orphan") if f["slide"] in (3, 5)]  # the planted ones
    assert [(f["slide"], "1 character" in f["message"]) for f in found] == [(3, True)], found


def test_words_of_a_last_line_count_a_number_with_its_word() -> None:
    def lines(*texts: str) -> list[Paragraph]:
        return [Paragraph("".join(texts), texts, ())]

    assert list(orphan_title(lines("From the first truck to 9 million vehicles in ", "7 decades")))
    assert list(orphan_title(lines("The group's output rose in ", "yuan")))
    assert not list(orphan_title(lines("The group's output ", "rose in H1 2020")))
    assert not list(orphan_title(lines("One line only")))
    assert not list(orphan_title(lines("第137届广交会：访客1000名、订单超过", "200笔")))  # three characters and more


# --- a break inside a number and its unit ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "offset", "inside"), [
    ("全球销量目标：超过50万辆。", 11, "50万辆"),  # 50万|辆
    ("全球销量目标：超过50万辆。", 10, "50万辆"),  # 50|万辆
    ("参加第137届广交会", 6, "137届"),  # 第137|届
    ("目标为2030年前", 7, "2030年"),  # 2030|年
    ("exports of 60,000 units a year", 17, "60,000 units"),
    ("a brand worth RMB 100 billion", 18, "RMB 100 billion"),
    ("9 million vehicles built", 2, "9 million"),
])
def test_breaks_inside_a_number_and_its_unit(text: str, offset: int, inside: str) -> None:
    spans = Spans("zh-CN" if any(ord(char) > 0x2E80 for char in text) else "en-US",
                  ["60,000 units", "RMB 100 billion"])
    found = list(spans.broken(Paragraph(text, (text[:offset], text[offset:]), ((offset, False),))))
    assert len(found) == 1 and f'inside "{inside}"' in found[0], found


@pytest.mark.parametrize(("text", "offset"), [
    ("全球销量目标：超过50万辆。", 9),  # 超过|50万辆: before the number
    ("参加第137届广交会", 7),  # 第137届|广交会: after the measure word
    ("exports of 60,000 units a year", 11),  # of|60,000 units
    ("in 1956 the first truck", 8),  # a year and the next word: no unit
])
def test_breaks_beside_a_number_and_its_unit_are_fine(text: str, offset: int) -> None:
    spans = Spans("zh-CN" if any(ord(char) > 0x2E80 for char in text) else "en-US", ["60,000 units"])
    assert not list(spans.broken(Paragraph(text, (text[:offset], text[offset:]), ((offset, False),))))


def test_written_and_measured_breaks_inside_a_number_are_caught_in_a_deck(built: Path, tmp_path: Path) -> None:
    deck, prs = _planted(built, tmp_path, "jiefang-executive-zh-CN.pptx")
    slide = prs.slides[2]
    _plant_pair(slide, ("Planted written", ("全球销量目标：超过50万", "辆。")),
                ("Planted good", ("全球销量目标：", "超过50万辆。")), width=4000000, height=400000)
    metrics = default_metrics()
    narrow = slide.shapes.add_textbox(Emu(6000000), Emu(5000000), Emu(100000), Emu(800000))
    narrow.name = "Planted measured"
    narrow.text_frame.word_wrap = True
    _set_text(narrow, "参加第137届广交会", size=18)
    left, right = narrow.text_frame.margin_left, narrow.text_frame.margin_right
    # room up to "137", with LibreOffice's gap between 第 and 137 (lint_lines lays it out as a space)
    narrow.width = Emu(int(metrics.width("参加第 137", 18) * 12700) + left + right + 2000)
    prs.save(str(deck))
    found = {f["shape"]: f["message"] for f in _rule(_findings(deck), "number-unit-break", 3)}
    assert found.keys() == {"Planted written", "Planted measured"}, found
    assert found["Planted written"].startswith('a written line break inside "50万辆"')
    assert found["Planted measured"].startswith('the line wraps inside "137届"')


def test_a_fact_shown_with_its_unit_stays_whole_in_english(built: Path, tmp_path: Path) -> None:
    """On a slide that records the annual exports fact ("60,000 units"), found by its notes' citation, a break
    between figure and unit is named."""
    deck, prs = _planted(built, tmp_path)
    number, slide = _first_slide(prs, _records("jiefang.exports.annual_units"))
    _plant_pair(slide, ("Planted split", ("Annual exports: 60,000", "units a year")),
                ("Planted whole", ("Annual exports:", "60,000 units a year")), width=6000000, height=600000)
    prs.save(str(deck))
    found = _rule(_findings(deck), "number-unit-break", number)
    assert [(f["shape"], f["message"].split(":")[0]) for f in found] == [
        ("Planted split", 'a written line break inside "60,000 units" ("60,000" | "units")')], found


def test_lines_keep_their_text_and_their_written_breaks(built: Path) -> None:
    prs = Presentation(str(built / "jiefang-executive.pptx"))
    slide = prs.slides[2]
    title = copy.deepcopy(slide.shapes.title._element)
    chain = shape_chain(title, slide.slide_layout._element, slide.slide_layout.slide_master._element,
                        prs.part._element)
    paragraphs = laid_out(title.find(qn("p:txBody")), chain, int(slide.shapes.title.width), default_metrics())
    text = "".join(paragraph.text for paragraph in paragraphs)
    assert text.replace(" ", "") == slide.shapes.title.text_frame.text.replace("\v", "").replace("\n", "").replace(
        " ", "")
    assert all(len(p.ends) == len(p.lines) - 1 for p in paragraphs)


def test_findings_carry_their_rule_id_in_text_and_json(built: Path, tmp_path: Path) -> None:
    deck, prs = _planted(built, tmp_path)
    _set_text(prs.slides[2].shapes.title, "Annual exports of 60,000 units and a brand worth", "billions")
    prs.save(str(deck))
    result = CliRunner().invoke(main, ["lint", str(deck)])
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "title ends on" in line and "slide 3:" in line)
    assert line.startswith(f'{deck}: slide 3: "Title 1": title ends on a line of one word') and line.endswith(
        " [title-orphan]")
    assert {f["rule"] for f in _findings(deck)} <= {"", *GRID_RULES}


def test_every_grid_rule_is_documented() -> None:
    """Each rule id, with its measure, in the lint reference (docs/reference/lint-rules.md) and the README."""
    repo = Path(__file__).resolve().parents[1]
    reference = (repo / "docs" / "reference" / "lint-rules.md").read_text(encoding="utf-8")
    readme = (repo / "README.md").read_text(encoding="utf-8")
    for rule in GRID_RULES:
        assert f"### `{rule}`" in reference, rule
        assert f"`{rule}`" in readme, rule


def test_chinese_lines_read_back_without_the_measured_gaps(built: Path) -> None:
    """The gap LibreOffice sets between 汉字 and 2025 is measured as a space and never shows in a line. The
    writer now places the Chinese line breaks itself (``a:br``, "\\v" in python-pptx): a written break ends a line
    and is no character of it, so the text read back is the shape's text without them."""
    prs = Presentation(str(built / "jiefang-executive-zh-CN.pptx"))
    slide = prs.slides[0]
    shape = next(s for s in slide.shapes if s.name.startswith("Subtitle"))
    chain = shape_chain(shape._element, slide.slide_layout._element, slide.slide_layout.slide_master._element,
                        prs.part._element)
    paragraphs = laid_out(shape._element.txBody, chain, int(shape.width), default_metrics())
    assert "".join(p.text for p in paragraphs) == shape.text_frame.text.replace("\n", "").replace("\v", "")
    assert len(paragraphs[0].lines) >= 2
