"""ChartSpec → an editable PowerPoint chart (python-pptx), styled like the pictures.

bar, grouped_bar and target_actual become clustered bar or column charts, share a
doughnut; a funnel has no good native form, so ``add_native_chart`` returns None
and the caller places the picture. Data labels show each point's ``display``
(and ``note``) verbatim as label text, so a native chart reads exactly like the
picture and the slide text; the number format (from the unit) only applies if
someone resets a label in PowerPoint. No title (the slide title carries the
message), no value axis, no gridlines. Fonts are inherited from the theme, the
same as the slide text.

The embedded workbook has a fixed date (``chart_workbook``), so the same spec gives the same bytes. pptx is
imported inside the functions: importing the charts for a cached picture should not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fawbrief.charts import style as S
from fawbrief.charts.render_mpl import check_spec
from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import rough_width_in
from fawbrief.core.units import emu_to_in
from fawbrief.model.slides import ChartPoint, ChartSeries, ChartSpec
from fawbrief.write.chart_workbook import chart_data, number_format

if TYPE_CHECKING:
    from pptx.chart.chart import Chart
    from pptx.shapes.graphfrm import GraphicFrame



def add_native_chart(shapes: Any, spec: ChartSpec, left: int, top: int, width: int,
                     height: int) -> GraphicFrame | None:
    """Add ``spec`` to ``shapes`` as a native chart; None for a kind it cannot show well (funnel)."""
    if spec.kind == "funnel":
        return None
    check_spec(spec)
    from pptx.enum.chart import XL_CHART_TYPE

    categories = list(dict.fromkeys(p.label for s in spec.series for p in s.points))
    series = _ordered(spec)
    if spec.kind == "share":
        series = [spec.series[0]]
        kind = XL_CHART_TYPE.DOUGHNUT
    elif _columns(spec, categories, width):
        kind = XL_CHART_TYPE.COLUMN_CLUSTERED
    else:
        kind = XL_CHART_TYPE.BAR_CLUSTERED
    data = chart_data(categories, series, number_format(spec.unit))
    frame = shapes.add_chart(kind, left, top, width, height, data)
    chart = frame.chart
    _frame(chart, legend=len(series) > 1 and not _overlay(spec))
    if spec.kind == "share":
        _style_share(chart, spec.series[0])
    else:
        _style_bars(chart, spec, series, kind == XL_CHART_TYPE.BAR_CLUSTERED,
                    (emu_to_in(width), emu_to_in(height)))
    return frame



def _ordered(spec: ChartSpec) -> list[ChartSeries]:
    """Series in drawing order; in a one-target-one-actual chart the target goes first (behind)."""
    series = [s for s in spec.series if s.points]
    if _overlay(spec):
        series.sort(key=lambda s: s.role != "target")
    return series


def _overlay(spec: ChartSpec) -> bool:
    roles = [s.role for s in spec.series if s.points]
    return spec.kind == "target_actual" and sorted(roles) == ["actual", "target"]


def _columns(spec: ChartSpec, categories: list[str], width: int) -> bool:
    series = [s for s in spec.series if s.points]
    if _overlay(spec):
        return False
    labels = [t for s in series for p in s.points for t in (p.display, p.note or "")]
    return S.columns_fit(emu_to_in(width), categories, labels, len(series))



def _rgb(color: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor(*T.rgb(color))


def _frame(chart: Chart, legend: bool) -> None:
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.util import Pt

    chart.has_title = False
    chart.font.size = Pt(S.SIZES["category"])
    chart.font.color.rgb = _rgb(T.TEXT)
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(S.SIZES["legend"])


def _style_bars(chart: Chart, spec: ChartSpec, series: list[ChartSeries], horizontal: bool,
                size: tuple[float, float]) -> None:
    from pptx.enum.chart import XL_TICK_MARK
    from pptx.util import Pt

    plot = chart.plots[0]
    plot.vary_by_categories = False
    plot.gap_width = 60 if len(series) > 1 else 80
    plot.overlap = 100 if _overlay(spec) else (-8 if len(series) > 1 else 0)
    value_axis, category_axis = chart.value_axis, chart.category_axis
    value_axis.visible = False
    value_axis.has_major_gridlines = False
    value_axis.has_minor_gridlines = False
    category_axis.has_major_gridlines = False
    category_axis.major_tick_mark = XL_TICK_MARK.NONE
    category_axis.format.line.color.rgb = _rgb(T.AXIS)
    category_axis.tick_labels.font.size = Pt(S.SIZES["category"])
    if horizontal:
        category_axis.reverse_order = True  # first category on top, as in the picture
    _data_labels(plot, number_format(spec.unit))
    categories = list(dict.fromkeys(p.label for s in series for p in s.points))
    labels = _label_texts(series, categories, named=_overlay(spec))
    span = _value_span(categories, horizontal, size, legend=len(series) > 1 and not _overlay(spec))
    lo, hi = S.value_limits([(p.value, _need(labels[i, p.label], p, horizontal))
                             for i, one in enumerate(series) for p in one.points], span)
    value_axis.minimum_scale, value_axis.maximum_scale = lo, hi
    inside = _inside(series, labels, span / (hi - lo)) if _overlay(spec) else {}
    actual = 0
    for i, (one, drawn) in enumerate(zip(series, plot.series, strict=True)):
        if one.role == "target":
            _target_fill(drawn)
        else:
            drawn.format.fill.solid()
            drawn.format.fill.fore_color.rgb = _rgb(S.series_color(actual))
            actual += 1
        _point_labels(drawn, one, i, categories, labels, inside, horizontal)


def _label_texts(series: list[ChartSeries], categories: list[str], named: bool) -> dict[tuple[int, str], str]:
    """Label text per (series index, category): the display; with ``named`` the first
    category's label also names its series (instead of a legend)."""
    texts = {}
    for i, one in enumerate(series):
        for point in one.points:
            first = named and one.name and point.label == categories[0]
            texts[i, point.label] = f"{one.name}: {point.display}" if first else point.display
    return texts


def _value_span(categories: list[str], horizontal: bool, size: tuple[float, float], legend: bool) -> float:
    """A guess at the plot area's length along the value axis, in inches."""
    width, height = size
    if horizontal:
        return max(width - max(rough_width_in(c, S.SIZES["category"]) for c in categories) - 0.35, 0.5)
    return max(height - 0.45 - (0.35 if legend else 0), 0.5)


def _need(text: str, point: ChartPoint, horizontal: bool) -> float:
    """Inches a label takes beyond its bar end."""
    if horizontal:
        note = rough_width_in(f"  {point.note}", S.SIZES["note"]) if point.note else 0.0
        return rough_width_in(text, S.SIZES["label"]) + note + 0.12
    lines = 2 if point.note else 1
    return lines * S.SIZES["label"] * 1.25 / 72 + 0.08


Placement = dict[tuple[int, str], tuple[bool, str]]  # (series index, category) → (inside?, colour)


def _inside(series: list[ChartSeries], labels: dict[tuple[int, str], str], per_unit: float) -> Placement:
    """Overlaid target (series 0) and actual (series 1): which labels go inside their bar end.

    Once met, the actual's label goes beyond its bar and the target's inside the actual bar, in
    white. Short of the target, the actual's label goes inside its (navy) bar if it fits, else
    beyond it (on the light hatching) while it ends before the target does; the target's label
    goes beyond the target. When neither fits, the series name is dropped from the label
    (``labels`` is updated), and as a last resort the target's label goes inside its end.
    ``per_unit`` is inches per data unit along the value axis.
    """
    target, actual = series
    goals = {p.label: p.value for p in target.points}
    out: Placement = {}
    for point in actual.points:
        goal = goals.get(point.label)
        if goal is None:
            continue
        if point.value >= goal:
            out[0, point.label] = (True, T.WHITE)
            continue
        for text in dict.fromkeys((labels[1, point.label], point.display)):
            width = rough_width_in(text, S.SIZES["label"]) + 0.15
            if width <= point.value * per_unit or (point.value * per_unit + width) <= goal * per_unit:
                break
        labels[1, point.label] = text
        inside = width <= point.value * per_unit
        out[1, point.label] = (inside, T.WHITE)
        out[0, point.label] = (not inside and point.value * per_unit + width > goal * per_unit, T.TEXT)
    return out


def _point_labels(drawn: Any, series: ChartSeries, index: int, categories: list[str],
                  labels: dict[tuple[int, str], str], inside: Placement, horizontal: bool) -> None:
    """Each label's text is the point's display (and note), verbatim."""
    from pptx.enum.chart import XL_LABEL_POSITION

    for position, category in enumerate(categories):
        point = next((p for p in series.points if p.label == category), None)
        if point is None:
            continue
        label = drawn.points[position].data_label
        within, color = inside.get((index, category), (False, T.TEXT))
        _label_text(label, labels[index, category], point, color=color if within else T.TEXT,
                    horizontal=horizontal)
        label.position = XL_LABEL_POSITION.INSIDE_END if within else XL_LABEL_POSITION.OUTSIDE_END


def _target_fill(drawn: Any) -> None:
    from pptx.enum.dml import MSO_LINE, MSO_PATTERN
    from pptx.util import Pt

    fill = drawn.format.fill
    fill.patterned()
    fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
    fill.fore_color.rgb = _rgb(T.TARGET_HATCH)
    fill.back_color.rgb = _rgb(T.TARGET_FILL)
    line = drawn.format.line
    line.color.rgb = _rgb(T.TARGET_EDGE)
    line.width = Pt(S.BAR["target_line"])
    line.dash_style = MSO_LINE.DASH


def _data_labels(plot: Any, number_format: str) -> None:
    from pptx.util import Pt

    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = number_format
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(S.SIZES["label"])
    labels.font.bold = True
    labels.font.color.rgb = _rgb(T.TEXT)


def _label_text(label: Any, text: str, point: ChartPoint, *, color: str, horizontal: bool,
                size: float = S.SIZES["label"]) -> None:
    from pptx.util import Pt

    from fawbrief.write.blocks import east_asian

    frame = label.text_frame
    paragraph = frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = True
    run.font.color.rgb = _rgb(color)
    east_asian(run)  # Chinese labels (万, 亿) in the East Asian typeface, like the slide text
    if point.note:
        note = paragraph.add_run() if horizontal else frame.add_paragraph().add_run()
        note.text = f"  {point.note}" if horizontal else point.note
        note.font.size = Pt(S.SIZES["note"])
        note.font.bold = False
        note.font.color.rgb = _rgb(T.TEXT_MUTED if color == T.TEXT else color)
        east_asian(note)


def _style_share(chart: Chart, series: ChartSeries) -> None:
    """A doughnut: palette colours per part, each part's display on its slice, a key on the right."""
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(S.SIZES["legend"])
    plot = chart.plots[0]
    plot.vary_by_categories = True
    hole = plot._element.find(qn("c:holeSize"))
    if hole is not None:
        hole.set("val", "55")
    _data_labels(plot, "General")
    drawn = plot.series[0]
    for index, point in enumerate(series.points):
        color = S.series_color(index)
        fmt = drawn.points[index].format
        fmt.fill.solid()
        fmt.fill.fore_color.rgb = _rgb(color)
        fmt.line.color.rgb = _rgb(T.WHITE)
        fmt.line.width = Pt(1.5)
        _label_text(drawn.points[index].data_label, point.display, point, color=S.text_on(color),
                    horizontal=True)
