"""Targets and plans look different from actuals everywhere: KPI cards (dashed, labelled), timeline
events (open markers on a dashed stretch, the axis broken where years pass), tables (italic), charts (a target
point only in a target series); the dump records the style; lint catches a target restyled as an actual."""

from __future__ import annotations

import json
from pathlib import Path

from pptx import Presentation
from pptx.oxml.ns import qn

from fawbrief.read.dump import dump_file
from wordplant import build, lint, strict_build


def _slide(deck: Path, number: int) -> dict:
    return json.loads(dump_file(deck, "json"))["slides"][number - 1]


def test_target_cards_are_dashed_and_say_so(tmp_path: Path) -> None:
    slide = _slide(build(tmp_path, "jiefang", audience="investor"), 3)
    cards = [block for block in slide["blocks"] if block["kind"] == "text" and len(block["paragraphs"]) >= 4]
    by_value = {p["text"]: card for card in cards for p in card["paragraphs"][:2] if p["text"][0].isdigit()}
    assert by_value["60,000"].get("outline") is None  # the actual
    for target in ("180,000", "500,000"):
        assert by_value[target]["outline"] == "dashed"
        assert any(p["text"].startswith("Target:") for p in by_value[target]["paragraphs"])


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
    slide = Presentation(str(deck)).slides[3]  # heritage: 1956, 1957, 1994, 2025, by 2030
    names = [shape.name for shape in slide.shapes]
    assert "Timeline marker 5 (planned)" in names and "Timeline marker 4" in names
    assert {name for name in names if name.startswith("Timeline break")} == {"Timeline break 2", "Timeline break 3"}
    dashed = next(shape for shape in slide.shapes if shape.name == "Timeline axis (planned)")
    assert dashed._element.find(f".//{qn('a:prstDash')}").get("val") == "dash"
    markers = [b["fill"] for b in _slide(deck, 4)["blocks"] if b["kind"] == "marker"]
    assert markers == ["filled", "filled", "filled", "filled", "open"]


def test_plans_in_tables_are_italic_in_the_dump(tmp_path: Path) -> None:
    deck = build(tmp_path, "auto-city")
    table = next(b for b in _slide(deck, 10)["blocks"] if b["kind"] == "table")
    assert table["rows"][1:] == [["_education_"], ["_healthcare_"], ["_elderly care_"]]
    assert "| _education_ |" in dump_file(deck, "md")


def test_a_year_card_is_its_own_period(tmp_path: Path) -> None:
    slide = _slide(build(tmp_path, "jiefang", audience="media"), 3)
    first = next(b for b in slide["blocks"] if b["kind"] == "text" and b["paragraphs"][0]["text"] == "1956")
    assert [p["text"] for p in first["paragraphs"]] == ["1956", "First truck, Changchun"]


def test_a_target_in_an_actual_chart_series_is_refused(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "jiefang", """
{% block sprint_targets_body %}<chart kind="bar" title="Exports">
  <series name="Exports"><point fact="jiefang.exports.annual_units"/>
    <point fact="jiefang.sprint2030.overseas_sales_target"/></series></chart>{% endblock %}
""")
    assert code == 2, output
    assert ("slide 9: <point fact='jiefang.sprint2030.overseas_sales_target'> is a target: put it in a "
            '<series role="target">') in output


def test_lint_catches_a_target_card_restyled_as_an_actual(tmp_path: Path) -> None:
    deck = build(tmp_path, "jiefang", audience="investor")
    prs = Presentation(str(deck))
    card = next(shape for shape in prs.slides[2].shapes if shape.name == "KPI 2")
    ln = card._element.find(f"{qn('p:spPr')}/{qn('a:ln')}")
    ln.remove(ln.find(qn("a:prstDash")))
    prs.save(str(deck))
    code, lines = lint(deck)
    assert code == 1
    assert any('slide 3: "KPI 2": target jiefang.sprint2030.overseas_sales_target drawn as an actual: its card '
               "needs the dashed outline" in line for line in lines), lines


def test_lint_catches_a_chinese_target_marker_filled_like_history(tmp_path: Path) -> None:
    deck = build(tmp_path, "jiefang", lang="zh-CN")
    prs = Presentation(str(deck))
    marker = next(shape for shape in prs.slides[3].shapes if shape.name == "Timeline marker 5 (planned)")
    marker.line.fill.background()
    prs.save(str(deck))
    code, lines = lint(deck)
    assert code == 1
    assert any('slide 4: "Timeline caption 5": target jiefang.sprint2030.global_sales_target drawn as an actual: '
               "its timeline marker needs to be open" in line for line in lines), lines
