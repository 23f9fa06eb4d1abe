"""Slide markup → slide model: facts resolved, orphan numbers refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from fawbrief.compose.markup import MarkupContext, parse_deck
from fawbrief.core.errors import InputError
from fawbrief.facts.base import load_factbase
from fawbrief.model.slides import Bullet, ChartSpec, Kpi, Table, Timeline

FACTS = """\
subject: jiefang
facts:
  - id: jiefang.t.exports
    label: Annual exports
    value: 60000
    unit: units
    as_of: "2025"
    source:
      {document: jiefang-profile, paragraph: 4, excerpt: "annual exports have surged to 60,000 units", figure: "60,000"}
  - id: jiefang.t.target
    label: Overseas sales target
    value: 180000
    unit: units
    as_of: "2030"
    status: target
    source: {document: jiefang-profile, paragraph: 9, excerpt: "including 180,000 overseas", figure: "180,000"}
  - id: jiefang.t.multiple
    label: Target over exports
    formula: jiefang.t.target / jiefang.t.exports
    unit: x
    precision: 1
    as_of: "2030"
"""


@pytest.fixture()
def ctx(tmp_path: Path) -> MarkupContext:
    root = tmp_path / "d"
    (root / "facts").mkdir(parents=True)
    repo_data = Path(__file__).resolve().parents[1] / "data"
    (root / "sources.yaml").write_bytes((repo_data / "sources.yaml").read_bytes())
    (root / "facts" / "jiefang.yaml").write_text(FACTS, encoding="utf-8")
    return MarkupContext(load_factbase(root), "en", "decks/t/base.j2")


def deck(body: str) -> str:
    return f'<deck title="T">{body}</deck>'


def test_full_vocabulary(ctx: MarkupContext) -> None:
    markup = deck("""
      <slide layout="content" key="k">
        <title>Exports of <f id="jiefang.t.exports">60,000 units</f></title>
        <kpi fact="jiefang.t.exports"/>
        <bullet level="1">Target is <f id="jiefang.t.multiple">3.0×</f> today</bullet>
        <chart kind="target_actual" unit="units">
          <series name="Today"><point fact="jiefang.t.exports" label="Overseas"/></series>
          <series name="Target" role="target"><point fact="jiefang.t.target" label="Overseas"/></series>
        </chart>
        <table><tr><th>A</th></tr><tr><td><f id="jiefang.t.target">x</f></td></tr></table>
        <timeline><event><when><f id="jiefang.t.exports">y</f></when><what>now</what></event></timeline>
        <notes><p>Say <f id="jiefang.t.exports">60,000</f>.</p></notes>
      </slide>""")
    title, slides = parse_deck(markup, ctx)
    slide = slides[0]
    assert title == "T" and slide.key == "k"
    kinds = [type(b) for b in slide.blocks]
    assert kinds == [Kpi, Bullet, ChartSpec, Table, Timeline]
    kpi = slide.blocks[0]
    assert isinstance(kpi, Kpi) and kpi.value == "60,000" and kpi.unit == "units" and kpi.period == "2025"
    chart = slide.blocks[2]
    assert isinstance(chart, ChartSpec)
    assert [p.value for s in chart.series for p in s.points] == [60000.0, 180000.0]
    assert chart.series[1].role == "target"
    assert "60,000" in chart.alt_text and "180,000" in chart.alt_text
    assert slide.facts == ("jiefang.t.exports", "jiefang.t.multiple", "jiefang.t.target")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<slide><title>Sales of 5,000 trucks</title></slide>", "number not from a fact: 'Sales of 5,000 trucks'"),
        ("<slide><title>T</title><notes><p>In 2030 we</p></notes></slide>", "number not from a fact"),
        ('<slide><title>T</title><kpi fact="jiefang.t.export"/></slide>',
         "unknown fact id 'jiefang.t.export' in <kpi> (did you mean 'jiefang.t.exports'?)"),
        ('<slide><title>T</title><kpi fact="jiefang.t.exports" label="Top 3"/></slide>', "label has a number"),
        ('<slide layout="weird"><title>T</title></slide>', "unknown layout 'weird'"),
        ("<slide><bullet>x</bullet></slide>", "slide has no <title>"),
        ("<slide><title>T</title><video/></slide>", "unknown element <video>"),
        ('<slide><title>T</title><chart kind="pie3d"/></slide>', "unknown chart kind"),
        ("<slide><title>T", "not well-formed"),
        ("", "deck has no slides"),
    ],
)
def test_bad_markup(ctx: MarkupContext, body: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_deck(deck(body), ctx)
    assert message in str(info.value)
    assert "decks/t/base.j2" in str(info.value)


def test_entities_are_not_expanded(ctx: MarkupContext) -> None:
    markup = '<!DOCTYPE deck [<!ENTITY x "boom">]><deck><slide><title>&x;</title></slide></deck>'
    try:
        _, slides = parse_deck(markup, ctx)
    except InputError:
        return
    assert "boom" not in "".join(r.text for r in slides[0].title)


@pytest.mark.parametrize(("lang", "points", "shown"), [
    # mixed: all as the text writes them, in 万 where the language writes large numbers in words
    ("zh-CN", ("hongqi_production", "jiefang_production"), ["6.98万辆", "23.22万"]),
    ("zh-CN", ("jiefang_production", "jiefang_sales"), ["23.22万辆", "27.82万"]),  # all compact: kept
    ("zh-CN", ("production", "hongqi_production"), ["162.23万辆", "6.98万"]),
    ("en", ("hongqi_production", "jiefang_production"), ["69,759 vehicles", "232,164"]),
    ("en", ("production", "jiefang_production"), ["1,622,279 vehicles", "232,164"]),  # 1.62 million beside digits
])
def test_one_chart_writes_its_numbers_one_way(lang: str, points: tuple[str, ...], shown: list[str]) -> None:
    from fawbrief.pipeline.build import DEFAULT_DATA

    factbase = load_factbase(DEFAULT_DATA).localized(lang)
    body = "".join(f'<point fact="faw_group.h1_2020.{p}" label="x"/>' for p in points)
    markup = (f'<deck><slide layout="content"><title>t</title><chart kind="bar" unit="u"><series name="s">{body}'
              "</series></chart></slide></deck>")
    _, slides = parse_deck(markup, MarkupContext(factbase, lang, "t.j2"))
    chart = next(block for block in slides[0].blocks if isinstance(block, ChartSpec))
    assert [point.display for point in chart.series[0].points] == shown


def test_a_point_with_its_own_style_keeps_it() -> None:
    from fawbrief.pipeline.build import DEFAULT_DATA

    factbase = load_factbase(DEFAULT_DATA).localized("zh-CN")
    markup = ('<deck><slide layout="content"><title>t</title><chart kind="bar" unit="u"><series name="s">'
              '<point fact="faw_group.h1_2020.hongqi_production" label="x"/>'
              '<point fact="faw_group.h1_2020.jiefang_production" label="y" style="compact"/>'
              "</series></chart></slide></deck>")
    _, slides = parse_deck(markup, MarkupContext(factbase, "zh-CN", "t.j2"))
    chart = next(block for block in slides[0].blocks if isinstance(block, ChartSpec))
    assert [point.display for point in chart.series[0].points] == ["69,759辆", "23.22万"]
