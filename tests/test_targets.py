"""Targets and plans look different from actuals everywhere: KPI cards (dashed, labelled), timeline
events (open markers on a dashed stretch, the axis broken where years pass), tables (italic), charts (a target
point only in a target series); the dump records the style; lint catches a target restyled as an actual."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pptx import Presentation
from pptx.oxml.ns import qn

from fawbrief.read.dump import dump_file
from wordplant import build, lint, planted_slide, slide_keys, strict_build


def _slide(deck: Path, number: int) -> dict:
    return json.loads(dump_file(deck, "json"))["slides"][number - 1]


def _first(prs, holds) -> tuple[int, object]:
    """The number (1-based) and the slide of the first slide for which ``holds(slide)`` is true: found in the
    deck by what it holds, not by its number, so a rewritten deck keeps the test."""
    return next((number, slide) for number, slide in enumerate(prs.slides, start=1) if holds(slide))


def test_target_cards_are_dashed_and_say_so(tmp_path: Path) -> None:
    """On the first slide with cards for the annual exports (an actual, 60,000) and the 2030 overseas sales
    target (180,000), found in the dump, the target is dashed and says it is a target; the actual is not."""
    slides = json.loads(dump_file(build(tmp_path, "jiefang"), "json"))["slides"]

    def cards(slide: dict) -> dict[str, dict]:
        found = [block for block in slide["blocks"] if block["kind"] == "text" and len(block["paragraphs"]) >= 3]
        return {p["text"]: card for card in found for p in card["paragraphs"][:2] if p["text"][:1].isdigit()}

    by_value = next(cards(slide) for slide in slides if {"60,000", "180,000"} <= cards(slide).keys())
    assert by_value["60,000"].get("outline") is None  # the actual
    assert not any("target" in p["text"].lower() for p in by_value["60,000"]["paragraphs"])
    dashed = [card for card in by_value.values() if card.get("outline") == "dashed"]
    assert by_value["180,000"] in dashed
    for card in dashed:  # every dashed card says so: in its label, or a "Target:" the writer adds
        assert any("target" in p["text"].lower() for p in card["paragraphs"]), card


def test_a_target_card_without_the_word_is_labelled_in_each_language(tmp_path: Path) -> None:
    override = """{% block brand_body %}
<kpi fact="jiefang.sprint2030.global_sales_target" label="{{ _('Brand value') }}"/>
<kpi fact="jiefang.brand.value_rmb" label="{{ _('Brand value') }}"/>{% endblock %}"""
    for lang, prefix in (("en", "Target: Brand value"), ("zh-CN", "目标：品牌价值")):
        code, output = strict_build(tmp_path / lang, "jiefang", override, lang=lang)
        assert code == 0, output
        suffix = "" if lang == "en" else "-zh-CN"
        texts = [p["text"] for b in _slide(tmp_path / lang / "out" / f"jiefang-executive{suffix}.pptx", 5)["blocks"]
                 if b["kind"] == "text" for p in b["paragraphs"]]
        assert prefix in texts and texts.count(prefix) == 1  # the actual's card keeps its label


def test_timeline_future_events_are_open_and_long_gaps_are_broken(tmp_path: Path) -> None:
    deck = build(tmp_path, "jiefang")
    number, slide = _first(Presentation(str(deck)), lambda s: any(sh.name.startswith("Timeline marker")
                                                                  for sh in s.shapes))  # heritage: 1956 … by 2030
    names = [shape.name for shape in slide.shapes]
    assert "Timeline marker 5 (planned)" in names and "Timeline marker 4" in names
    assert {name for name in names if name.startswith("Timeline break")} == {"Timeline break 2", "Timeline break 3"}
    dashed = next(shape for shape in slide.shapes if shape.name == "Timeline axis (planned)")
    assert dashed._element.find(f".//{qn('a:prstDash')}").get("val") == "dash"
    markers = [b["fill"] for b in _slide(deck, number)["blocks"] if b["kind"] == "marker"]
    assert markers == ["filled", "filled", "filled", "filled", "open"]


def test_plans_in_tables_are_italic_in_the_dump(tmp_path: Path) -> None:
    # The services table (the government audience's): the social services the plan names are plans, italic.
    deck = build(tmp_path, "auto-city", audience="government")
    slides = json.loads(dump_file(deck, "json"))["slides"]
    table = next(b for s in slides for b in s["blocks"] if b["kind"] == "table" and
                 any("education" in cell for row in b["rows"] for cell in row))
    cells = [cell for row in table["rows"][1:] for cell in row if "education" in cell]
    assert cells == ["_education, healthcare, elderly care_"]  # the social services, as one italic stretch
    named = [row[1] for row in table["rows"][1:]]  # what the plan names: every cell a plan
    assert named and all(cell.startswith("_") and cell.endswith("_") and "__" not in cell for cell in named)
    assert not any(cell.startswith("_") for cell in table["rows"][0])  # the header is not a plan
    assert "| _education, healthcare, elderly care_ |" in dump_file(deck, "md")


def test_a_year_card_is_its_own_period(tmp_path: Path) -> None:
    """A card whose figure is a year carries no period line. No shipped deck has a year card any more (the
    year of the first truck is a timeline date), so one is planted beside a card that has its period."""
    code, output = strict_build(tmp_path, "jiefang", """{% block brand_body %}
<kpi fact="jiefang.history.first_truck_year" label="{{ _('First truck, Changchun') }}"/>
<kpi fact="jiefang.brand.value_rmb" label="{{ _('Brand value') }}"/>{% endblock %}""")
    assert code == 0, output
    slide = _slide(tmp_path / "out" / "jiefang-executive.pptx", planted_slide(tmp_path, "jiefang", "brand"))
    first = next(b for b in slide["blocks"] if b["kind"] == "text" and b["paragraphs"][0]["text"] == "1956")
    assert [p["text"] for p in first["paragraphs"]] == ["1956", "First truck, Changchun"]


def test_a_target_in_an_actual_chart_series_is_refused(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "jiefang", """
{% block sprint_targets_body %}<chart kind="bar" title="Exports">
  <series name="Exports"><point fact="jiefang.exports.annual_units"/>
    <point fact="jiefang.sprint2030.overseas_sales_target"/></series></chart>{% endblock %}
""")
    assert code == 2, output
    number = slide_keys("jiefang").index("sprint_targets") + 1  # the slide planted on, as the deck orders it
    assert (f"slide {number}: <point fact='jiefang.sprint2030.overseas_sales_target'> is a target: put it in a "
            '<series role="target">') in output


def test_lint_catches_a_target_card_restyled_as_an_actual(tmp_path: Path) -> None:
    deck = build(tmp_path, "jiefang")
    prs = Presentation(str(deck))

    def dash(shape):
        line = shape._element.find(f"{qn('p:spPr')}/{qn('a:ln')}")
        return None if line is None else line.find(qn("a:prstDash"))

    # The first dashed card in the deck (the 2030 overseas sales target's), found by its outline, not its place.
    number, card = next((n, shape) for n, slide in enumerate(prs.slides, start=1) for shape in slide.shapes
                        if re.fullmatch(r"KPI \d+", shape.name) and dash(shape) is not None)
    dash(card).getparent().remove(dash(card))
    prs.save(str(deck))
    code, lines = lint(deck)
    assert code == 1
    assert any(f'slide {number}: "{card.name}": target jiefang.sprint2030.overseas_sales_target drawn as an actual: '
               "its card needs the dashed outline" in line for line in lines), lines


def test_lint_catches_a_chinese_target_marker_filled_like_history(tmp_path: Path) -> None:
    deck = build(tmp_path, "jiefang", lang="zh-CN")
    prs = Presentation(str(deck))
    number, marker = next((n, shape) for n, slide in enumerate(prs.slides, start=1) for shape in slide.shapes
                          if shape.name.startswith("Timeline marker") and shape.name.endswith("(planned)"))
    caption = "Timeline caption " + marker.name.split()[2]  # the planned event's caption, by its marker's index
    history = next(shape for shape in prs.slides[number - 1].shapes if shape.name == "Timeline marker 1")
    marker.fill.solid()  # filled in the colour of a past event's marker, and without the open marker's outline
    marker.fill.fore_color.rgb = history.fill.fore_color.rgb
    marker.line.fill.background()
    prs.save(str(deck))
    code, lines = lint(deck)
    assert code == 1
    assert any(f'slide {number}: "{caption}": target jiefang.sprint2030.global_sales_target drawn as an actual: '
               "its timeline marker needs to be open" in line for line in lines), lines
