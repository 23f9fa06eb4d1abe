"""Charts that make their point (issue 16): the emphasised point or series in the accent and the rest
greyed, in pictures and native charts; the unit in a label, not a caption; alt text as a plain sentence in
the deck's language; a Chinese chart writes its numbers as the slide text does."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pptx import Presentation
from pptx.util import Inches

from fawbrief.charts import render_mpl
from fawbrief.charts import style as S
from fawbrief.compose.markup import MarkupContext, parse_deck
from fawbrief.core import tokens as T
from fawbrief.core.errors import InputError
from fawbrief.facts.base import load_factbase
from fawbrief.model.slides import ChartPoint, ChartSeries, ChartSpec
from fawbrief.write.native_chart import add_native_chart

SHARE = ChartSpec("share", "Share of FAW Group production", (ChartSeries("Share of production", (
    ChartPoint("Hongqi", 4.3, "hongqi_share", "4.3%", emphasis=True),
    ChartPoint("Jiefang", 14.3, "jiefang_share", "14.3%", emphasis=True),
    ChartPoint("Other brands", 81.4, "other_share", "81.4%"))),), unit="%")
GROWTH = ChartSpec("grouped_bar", "Growth", (
    ChartSeries("Production", (ChartPoint("FAW Group", 1.5, "a", "+1.5%"),
                               ChartPoint("Hongqi", 89.5, "b", "+89.5%", emphasis=True))),
    ChartSeries("Sales", (ChartPoint("FAW Group", 2.3, "c", "+2.3%"),
                          ChartPoint("Hongqi", 110.7, "d", "+110.7%", emphasis=True)))), unit="%")
GREY = S.blend(T.TEXT, T.WHITE, S.FADE)


def plain(spec: ChartSpec) -> ChartSpec:
    """``spec`` with no emphasis anywhere."""
    series = tuple(dataclasses.replace(s, points=tuple(dataclasses.replace(p, emphasis=False) for p in s.points))
                   for s in spec.series)
    return dataclasses.replace(spec, series=series)


def colour_count(png: bytes, color: str) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(n for n, rgb in image.getcolors(1 << 20) if rgb == tuple(T.rgb(color)))


# ---------------------------------------------------------------- the rule both renderers share


def test_no_emphasis_keeps_the_palette() -> None:
    assert S.emphasis_fills("share", list(plain(SHARE).series)) is None


def test_share_gives_the_emphasised_parts_the_series_colours_and_greys_the_rest() -> None:
    assert S.emphasis_fills("share", list(SHARE.series)) == [[("series", 0), ("series", 1), ("rest", 0)]]


def test_several_series_keep_their_colours_and_fade_what_is_not_emphasised() -> None:
    assert S.emphasis_fills("grouped_bar", list(GROWTH.series)) == [[("faded", 0), ("series", 0)],
                                                                   [("faded", 1), ("series", 1)]]
    assert S.fill_color(("faded", 1), S.DEFAULT_PALETTE) == S.blend(T.SERIES[1], T.WHITE, S.FADE)


def test_a_target_is_never_filled_by_emphasis() -> None:
    spec = ChartSpec("grouped_bar", "t", (
        ChartSeries("Today", (ChartPoint("A", 1, "a", "1", emphasis=True), ChartPoint("B", 2, "b", "2"))),
        ChartSeries("Target", (ChartPoint("A", 3, "c", "3"), ChartPoint("B", 4, "d", "4")), role="target")))
    assert S.emphasis_fills(spec.kind, list(spec.series)) == [[("series", 0), ("rest", 0)], [None, None]]
    # an actual against its target, and a funnel, draw their own contrast in both renderers
    assert S.emphasis_fills("target_actual", list(spec.series)) is None
    assert S.emphasis_fills("funnel", list(spec.series[:1])) is None


# ---------------------------------------------------------------- pictures


def test_picture_greys_the_largest_part_when_it_is_not_the_story() -> None:
    """Before: "Other brands 81.4%", the largest part, took a strong blue (the palette's third colour).
    Now it is grey, and the two parts of the title keep the first two colours."""
    before = render_mpl.render_png(plain(SHARE), 6, 4, 100)
    after = render_mpl.render_png(SHARE, 6, 4, 100)
    assert colour_count(before, GREY) < 50  # a few anti-aliased pixels at most
    assert colour_count(before, T.SERIES[2]) > 5 * colour_count(before, T.SERIES[1]) > 0
    assert colour_count(after, T.SERIES[2]) < 50
    assert colour_count(after, GREY) > 5 * colour_count(after, T.SERIES[1]) > 0


def test_picture_bars_follow_the_emphasis() -> None:
    after = render_mpl.render_png(GROWTH, 6, 4, 100)
    assert colour_count(after, S.blend(T.SERIES[0], T.WHITE, S.FADE)) > 0
    assert colour_count(render_mpl.render_png(plain(GROWTH), 6, 4, 100),
                        S.blend(T.SERIES[0], T.WHITE, S.FADE)) < 50


def test_picture_has_no_unit_caption() -> None:
    """The renderer draws no text but the labels: the old "Vehicles" caption is gone."""
    from matplotlib.figure import Figure

    from fawbrief.charts.mpl_axes import axes

    ax = axes(Figure(), dataclasses.replace(GROWTH, unit="vehicles"), S.DEFAULT_PALETTE)
    assert ax.get_title(loc="left") == ""


# ---------------------------------------------------------------- native charts


def native(spec: ChartSpec):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    return add_native_chart(slide.shapes, spec, Inches(0.5), Inches(0.5), Inches(6), Inches(4)).chart


def _point_rgb(chart, series: int, point: int) -> str:
    return str(chart.plots[0].series[series].points[point].format.fill.fore_color.rgb)


def test_native_doughnut_greys_what_is_not_emphasised() -> None:
    chart = native(SHARE)
    assert [_point_rgb(chart, 0, i) for i in range(3)] == [T.hex_digits(T.SERIES[0]), T.hex_digits(T.SERIES[1]),
                                                          T.hex_digits(GREY)]


def test_native_bars_follow_the_emphasis() -> None:
    chart = native(GROWTH)
    assert _point_rgb(chart, 0, 1) == T.hex_digits(T.SERIES[0])
    assert _point_rgb(chart, 0, 0) == T.hex_digits(S.blend(T.SERIES[0], T.WHITE, S.FADE))
    assert _point_rgb(chart, 1, 0) == T.hex_digits(S.blend(T.SERIES[1], T.WHITE, S.FADE))


# ---------------------------------------------------------------- markup


def chart_of(body: str, lang: str = "en", unit: str = "u") -> ChartSpec:
    from fawbrief.compose.messages import load_messages
    from fawbrief.pipeline.build import DEFAULT_DATA

    factbase = load_factbase(DEFAULT_DATA).localized(lang)
    translate = load_messages(lang, [DEFAULT_DATA], source=lang == "en").translate  # the deck's catalog
    markup = (f'<deck><slide layout="content"><title>t</title><chart kind="bar" unit="{unit}" title="Output">'
              f"{body}</chart></slide></deck>")
    _, slides = parse_deck(markup, MarkupContext(factbase, lang, "t.j2", translate))
    return next(block for block in slides[0].blocks if isinstance(block, ChartSpec))


H1 = "faw_group.h1_2020."


def test_series_emphasis_marks_every_point_and_point_emphasis_one() -> None:
    spec = chart_of(f'<series name="a" emphasis="true"><point fact="{H1}hongqi_production" label="H"/></series>'
                    f'<series name="b"><point fact="{H1}hongqi_sales" label="H" emphasis="true"/>'
                    f'<point fact="{H1}jiefang_sales" label="J"/></series>')
    assert [[p.emphasis for p in s.points] for s in spec.series] == [[True], [True, False]]


def test_emphasis_takes_true_or_false_only() -> None:
    with pytest.raises(InputError, match="emphasis must be true or false"):
        chart_of(f'<series name="a"><point fact="{H1}hongqi_production" label="H" emphasis="yes"/></series>')


def test_emphasis_is_in_the_vocabulary() -> None:
    from fawbrief.compose.vocabulary import VOCABULARY

    assert "emphasis" in VOCABULARY["point"].attributes and "emphasis" in VOCABULARY["series"].attributes


def test_the_first_label_carries_the_shared_unit_and_different_units_stay_off() -> None:
    spec = chart_of(f'<series name="a"><point fact="{H1}hongqi_production" label="Hongqi"/>'
                    f'<point fact="{H1}jiefang_production" label="Jiefang"/></series>')
    assert [p.display for p in spec.series[0].points] == ["69,759 vehicles", "232,164"]
    counts = chart_of('<series name="a"><point fact="jiefang.canton_fair.visitors" label="Visitors"/>'
                      '<point fact="jiefang.canton_fair.orders" label="Orders"/></series>', unit="count")
    assert [p.display for p in counts.series[0].points] == ["1,000", "over 200"]  # each category names its unit


def test_a_zh_chart_writes_numbers_as_the_slide_text_does() -> None:
    """Before: "232,164" in the chart beside "162.23万" in the table of the same slide."""
    spec = chart_of(f'<series name="a"><point fact="{H1}hongqi_production" label="红旗"/>'
                    f'<point fact="{H1}jiefang_production" label="解放"/></series>', lang="zh-CN")
    assert [p.display for p in spec.series[0].points] == ["6.98万辆", "23.22万"]
    assert not any(re.search(r"\d,\d", p.display) for p in spec.series[0].points)


def test_alt_text_is_a_plain_sentence_in_english_and_chinese() -> None:
    body = (f'<series name="s"><point fact="{H1}hongqi_production" label="{{}}"/>'
            f'<point fact="{H1}jiefang_production" label="{{}}"/></series>')
    en = chart_of(body.format("Hongqi", "Jiefang")).alt_text
    assert en == "Bar chart: Output (H1 2020). Hongqi 69,759 vehicles and Jiefang 232,164 vehicles."
    zh = chart_of(body.format("红旗", "解放"), lang="zh-CN").alt_text
    assert zh == "条形图：Output（2020年上半年）。红旗6.98万辆和解放23.22万辆。"
    assert " " not in zh  # no Latin spaces in a Chinese sentence


def test_alt_text_dates_each_point_when_their_periods_differ() -> None:
    """Before: the undated exports and the 2030 target were stated without either period."""
    spec = chart_of('<series name="Today"><point fact="jiefang.exports.annual_units" label="Annual exports"/></series>'
                    '<series name="Target" role="target"><point fact="jiefang.sprint2030.overseas_sales_target" '
                    'label="Overseas sales target"/></series>', unit="units")
    assert spec.period == ""
    assert spec.alt_text.endswith("Annual exports 60,000 units (undated) and Overseas sales target 180,000 units "
                                  "(by 2030).")
