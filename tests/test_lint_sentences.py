"""Broken sentences (``read/lint_sentences``) are caught in both languages, naming the slide, the shape and the
words; the template helpers that write them right (``unit=False``, ``qualifier="prose"``, ``sign=False``,
``qualifier(id)``, list joins) give sentences the rule passes."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

from fawbrief.compose.environment import FactHelpers
from fawbrief.facts.formatting import format_fact, prose_qualifier, unsigned
from wordplant import build, lint, planted_slide, strict_build

BULLETS = '"Content Placeholder 2"'


def test_english_breaks_are_caught_by_build_strict(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "auto-city", """
{% block zone_body %}<bullet>{{ fact("auto_city.projects.started", unit=False) }} of the
  {{ fact("auto_city.projects.total") }} auto projects had started.</bullet>{% endblock %}
{% block output_title %}FAW Group grew output by {{ fact("faw_group.h1_2020.production_growth") }}
  in {{ asof("faw_group.h1_2020.production") }}{% endblock %}
{% block brands_body %}<bullet>The the brands.</bullet>{% endblock %}
""")
    assert code == 1, output
    zone, output_slide, brands = (planted_slide(tmp_path, "auto-city", key) for key in ("zone", "output", "brands"))
    assert (f"slide {zone}: {BULLETS}: unit 'projects' of '7 projects' typed again beside it "
            "(6 of the 7 projects auto projects had started.)") in output
    assert (f"slide {output_slide}: \"Title 1\": a sign inside prose: 'by +1' (FAW Group grew output by +1.5% in "
            "H1 2020)") in output
    assert f"slide {brands}: {BULLETS}: doubled word 'the' (The the brands.)" in output
    assert "nothing was written" in output


def test_english_qualifier_after_a_preposition_or_article(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "jiefang", """
{% block brand_body %}<bullet>Brand value of {{ fact("jiefang.brand.value_rmb") }}.</bullet>{% endblock %}
{% block regions_body %}<bullet>The planned {{ fact("jiefang.expansion.subsidiaries") }} open soon.</bullet>
<bullet>Bases planned ({{ fact("jiefang.expansion.production_bases") }}).</bullet>{% endblock %}
""")
    assert code == 1, output
    brand, regions = planted_slide(tmp_path, "jiefang", "brand"), planted_slide(tmp_path, "jiefang", "regions")
    assert (f"slide {brand}: {BULLETS}: a qualifier after a preposition or article: 'of exceeding' "
            "(Brand value of exceeding RMB 100 billion.)") in output
    bullets = '"Bullets"'  # the regions slide is a title-only layout: its bullets are a text box of that name
    assert f"slide {regions}: {bullets}: a qualifier after an article: 'The planned over 1'" in output
    assert (f"slide {regions}: {bullets}: unit 'production bases' of '13 production bases' typed again beside it "
            "(Bases planned (13 production bases).)") in output


def test_chinese_breaks_are_caught_by_build_strict(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "auto-city", """
{% block zone_body %}<bullet>共{{ fact("auto_city.projects.total") }}个项目。</bullet>{% endblock %}
{% block output_title %}红旗销量增长{{ fact("faw_group.h1_2020.hongqi_sales_growth")
  }}（{{ asof("faw_group.h1_2020.hongqi_sales") }}）{% endblock %}
""", lang="zh-CN")
    assert code == 1, output
    # The title goes on the output slide (the executive deck's growth chart; the volumes slide is no longer in it).
    zone, output_slide = (planted_slide(tmp_path, "auto-city", key, lang="zh-CN") for key in ("zone", "output"))
    assert f"slide {zone}: {BULLETS}: unit '个' of '7个' typed again beside it (共7个个项目。)" in output
    assert (f"slide {output_slide}: \"Title 1\": a sign inside prose: '增长+1' (红旗销量增长+110.7%（2020年上半年）)"
            in output)


def test_chinese_qualifier_after_de(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "jiefang", """
{% block canton_fair_body %}<bullet>订单数相当于洽谈场次的{{
  fact("jiefang.canton_fair.orders_per_negotiation") }}。</bullet>{% endblock %}
""", lang="zh-CN")
    assert code == 1, output
    assert f"slide 7: {BULLETS}: a qualifier after 的: '的超过5' (订单数相当于洽谈场次的超过50%。)" in output


def test_lint_catches_a_doubled_unit_typed_into_a_built_deck(tmp_path: Path) -> None:
    deck = build(tmp_path, "auto-city")
    prs = Presentation(str(deck))
    number, bullets = next((n, shape) for n, slide in enumerate(prs.slides, start=1) for shape in slide.shapes
                           if shape.name == "Content Placeholder 2")  # the first slide with bullets
    bullets.text_frame.paragraphs[0].runs[-1].text += " Of the 7 projects projects, most started."
    prs.save(str(deck))
    code, lines = lint(deck)
    assert code == 1
    assert any(f'slide {number}: {BULLETS}: doubled word \'projects\'' in line for line in lines), lines


def test_helpers_write_the_right_forms(factbase) -> None:
    en = FactHelpers(factbase, "en")
    assert en.fact("auto_city.projects.total", unit=False) == '<f id="auto_city.projects.total">7</f>'
    assert "more than RMB 100 billion" in en.fact("jiefang.brand.value_rmb", qualifier="prose")
    assert "exceeding RMB 100 billion" in en.fact("jiefang.brand.value_rmb")
    assert ">110.7%<" in en.fact("faw_group.h1_2020.hongqi_sales_growth", sign=False)
    assert ">+110.7%<" in en.fact("faw_group.h1_2020.hongqi_sales_growth")
    assert en.qualifier("jiefang.canton_fair.orders") == '<f id="jiefang.canton_fair.orders">over</f>'
    zh = FactHelpers(factbase.localized("zh-CN"), "zh-CN")
    assert zh.qualifier("jiefang.brand.value_rmb") == '<f id="jiefang.brand.value_rmb">超过</f>'
    lang = factbase.language
    assert prose_qualifier("exceeding", lang) == "more than" and prose_qualifier(None, lang) == ""
    assert unsigned("+1.5%") == "1.5%" and unsigned("−3%") == "−3%"


def test_english_lists_are_joined_with_and(factbase) -> None:
    assert format_fact(factbase.get("auto_city.builders"), factbase.language).number == "FAW Group and Changchun city"
    regions = format_fact(factbase.get("jiefang.footprint.example_regions"), factbase.language).number
    assert regions.endswith(", the Middle East and Latin America")
    zh = factbase.localized("zh-CN")
    assert "、" in format_fact(zh.get("auto_city.builders"), zh.language).number
