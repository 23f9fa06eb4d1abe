"""Styling native charts like the pictures: direct labels, emphasis, a visible target, the doughnut's name.

Label placement follows the picture's rules (``charts/style``): a label goes beyond its bar
end, or inside it in white where that reads better (overlaid target and actual); axis limits
leave room for the labels. Colours are ``Look`` paints: the tokens on the built-in theme,
scheme colours on a corporate master.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fawbrief.charts import style as S
from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import rough_width_in, text_width_in
from fawbrief.model.slides import ChartPoint, ChartSeries, ChartSpec
from fawbrief.write import native_labels as L
from fawbrief.write.chart_workbook import number_format
from fawbrief.write.look import Look
from fawbrief.write.native_labels import WHITE
from fawbrief.write.scheme import Paint, brighten

if TYPE_CHECKING:
    from pptx.chart.chart import Chart



def overlay(spec: ChartSpec) -> bool:
    """One target and one actual series: drawn over each other, named in the labels, no legend."""
    roles = [s.role for s in spec.series if s.points]
    return spec.kind == "target_actual" and sorted(roles) == ["actual", "target"]


def frame(chart: Chart, legend: bool, look: Look) -> None:
    """No title, the category font size, the theme's text colour, a legend on top when asked."""
    from pptx.enum.chart import XL_LEGEND_POSITION
    from pptx.util import Pt

    chart.has_title = False
    chart.font.size = Pt(S.SIZES["category"])
    look.paint("text").apply(chart.font.color)
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(S.SIZES["legend"])


def _small_title(chart: Chart, text: str, size: float, paint: Paint, at: tuple[float, float],
                 overlay_plot: bool = False) -> None:
    """A chart title of ``text`` at ``at`` (fractions of the chart, top left of the title)."""
    from lxml import etree
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    chart.has_title = True
    title = chart.chart_title
    frame_ = title.text_frame
    frame_.text = text
    run = frame_.paragraphs[0].runs[0]
    run.font.size = Pt(size)
    run.font.bold = False
    paint.apply(run.font.color)
    element = title._title
    for old in element.findall(qn("c:layout")):
        element.remove(old)
    layout = etree.Element(qn("c:layout"))
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, value in (("c:xMode", "edge"), ("c:yMode", "edge"), ("c:x", f"{at[0]:.4f}"), ("c:y", f"{at[1]:.4f}")):
        etree.SubElement(manual, qn(tag)).set("val", value)
    element.find(qn("c:tx")).addnext(layout)  # schema order: tx, layout, overlay
    deleted = chart._chartSpace.find(f"{qn('c:chart')}/{qn('c:autoTitleDeleted')}")
    if deleted is not None:
        deleted.set("val", "0")
    overlay_element = element.find(qn("c:overlay"))
    if overlay_element is None:
        overlay_element = etree.SubElement(element, qn("c:overlay"))
    overlay_element.set("val", "1" if overlay_plot else "0")


def style_bars(chart: Chart, spec: ChartSpec, series: list[ChartSeries], horizontal: bool,
               size: tuple[float, float], look: Look) -> None:
    """Bars or columns: palette fills, a hatched target, direct labels, room for them on the value axis."""
    from pptx.enum.chart import XL_TICK_MARK
    from pptx.util import Pt

    plot = chart.plots[0]
    plot.vary_by_categories = False
    plot.gap_width = 60 if len(series) > 1 else 80
    plot.overlap = 100 if overlay(spec) else (-8 if len(series) > 1 else 0)
    value_axis, category_axis = chart.value_axis, chart.category_axis
    value_axis.visible = False
    value_axis.has_major_gridlines = False
    value_axis.has_minor_gridlines = False
    category_axis.has_major_gridlines = False
    category_axis.major_tick_mark = XL_TICK_MARK.NONE
    look.paint("axis").apply(category_axis.format.line.color)
    category_axis.tick_labels.font.size = Pt(S.SIZES["category"])
    if horizontal:
        category_axis.reverse_order = True  # first category on top, as in the picture
    L.data_labels(plot, number_format(spec.unit), look)
    # the chart data's category order (the spec's series order), not the drawing order of ``series``: a label
    # is attached to its point by category index
    categories = list(dict.fromkeys(p.label for s in spec.series for p in s.points))
    labels = L.label_texts(series, categories, named=overlay(spec))
    span = L.value_span(categories, horizontal, size, legend=len(series) > 1 and not overlay(spec))
    lo, hi = S.value_limits([(p.value, L.need(labels[i, p.label], p, horizontal))
                             for i, one in enumerate(series) for p in one.points], span)
    value_axis.minimum_scale, value_axis.maximum_scale = lo, hi
    inside = L.inside_labels(series, labels, span / (hi - lo)) if overlay(spec) else {}
    fills = S.emphasis_fills(spec.kind, series)
    actual = 0
    for i, (one, drawn) in enumerate(zip(series, plot.series, strict=True)):
        if one.role == "target":
            _target_fill(drawn, look)
        else:
            drawn.format.fill.solid()
            look.series[actual % len(look.series)].apply(drawn.format.fill.fore_color)
            actual += 1
            if fills:
                _point_fills(drawn, one, categories, fills[i], look)
        L.point_labels(drawn, one, i, categories, labels, inside, horizontal, look)


def fill_paint(fill: S.Fill, look: Look) -> Paint:
    """An emphasis ``Fill`` (``charts/style``) as a paint of ``look``: a series colour, or it greyed."""
    kind, k = fill
    base = look.series[k % len(look.series)] if kind != "rest" else look.paint("text")
    if kind == "series":
        return base
    if base.scheme is None:
        return Paint(S.blend(base.rgb, look.rgb("paper"), S.FADE))
    return Paint(brighten(base.rgb, S.FADE), base.scheme, S.FADE)


def _point_fills(drawn: Any, series: ChartSeries, categories: list[str], fills: list[S.Fill | None],
                 look: Look) -> None:
    """Each point of an actual series in its emphasis colour (its bar's own fill)."""
    for point, fill in zip(series.points, fills, strict=True):
        if fill is None:
            continue
        fmt = drawn.points[categories.index(point.label)].format
        fmt.fill.solid()
        fill_paint(fill, look).apply(fmt.fill.fore_color)


def _target_fill(drawn: Any, look: Look) -> None:
    """A target: hatched in the target edge colour on paper, in a dashed outline (visible, not an actual)."""
    from pptx.enum.dml import MSO_LINE, MSO_PATTERN
    from pptx.util import Pt

    fill = drawn.format.fill
    fill.patterned()
    fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
    look.paint("target_edge").apply(fill.fore_color)
    look.paint("paper").apply(fill.back_color)
    line = drawn.format.line
    look.paint("target_edge").apply(line.color)
    line.width = Pt(S.BAR["target_line"] + 0.6)
    line.dash_style = MSO_LINE.DASH


def style_share(chart: Chart, series: ChartSeries, size: tuple[float, float], look: Look) -> None:
    """A doughnut: palette colours per part, each part's display on its slice, a key on the right and,
    as on the picture, the series' name in the hole."""
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
    L.data_labels(plot, "General", look)
    drawn = plot.series[0]
    fills = S.emphasis_fills("share", [series])
    for index, point in enumerate(series.points):
        paint = fill_paint(fills[0][index], look) if fills else look.series[index % len(look.series)]
        fmt = drawn.points[index].format
        fmt.fill.solid()
        paint.apply(fmt.fill.fore_color)
        look.paint("paper").apply(fmt.line.color)
        fmt.line.width = Pt(1.5)
        on = WHITE if S.text_on(paint.rgb) == T.WHITE else Paint(T.TEXT)
        L.label_text(drawn.points[index].data_label, point.display, point, on, look, horizontal=True)
    _centre_name(chart, series.name.strip(), size, look)


def _centre_name(chart: Chart, name: str, size: tuple[float, float], look: Look) -> None:
    """The series' name in the doughnut's hole: the plot takes the left of the chart (the key the right),
    and the name, a title over the plot, sits at its centre."""
    from lxml import etree
    from pptx.oxml.ns import qn

    if not name:
        return
    width, height = size
    plot = chart._chartSpace.find(f"{qn('c:chart')}/{qn('c:plotArea')}")
    side = min(0.9 * height / width, 0.6)  # a square plot, as tall as it can be
    box = (0.04, 0.05, side, 0.9)
    layout = plot.find(qn("c:layout"))
    if layout is None:
        layout = etree.Element(qn("c:layout"))
        plot.insert(0, layout)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, value in (("c:layoutTarget", "inner"), ("c:xMode", "edge"), ("c:yMode", "edge"),
                       ("c:x", box[0]), ("c:y", box[1]), ("c:w", box[2]), ("c:h", box[3])):
        etree.SubElement(manual, qn(tag)).set("val", value if isinstance(value, str) else f"{value:.4f}")
    text_w = text_width_in(name, S.SIZES["center"]) / width
    text_h = S.SIZES["center"] * 1.3 / 72 / height
    centre_x, centre_y = box[0] + box[2] / 2, box[1] + box[3] / 2
    _small_title(chart, name, S.SIZES["center"], look.paint("muted"),
                 (max(centre_x - text_w / 2, 0.0), max(centre_y - text_h / 2, 0.0)), overlay_plot=True)


def spacer_point(point: ChartPoint, top: float) -> ChartPoint:
    """The invisible first series of a funnel: half of what the stage lacks of the widest, so it is centred."""
    return ChartPoint(point.label, (top - point.value) / 2, point.fact, "")


def style_funnel(chart: Chart, series: ChartSeries, top: float, size: tuple[float, float], look: Look) -> None:
    """Stages as centred bars, widest first, darkest first; each labelled inside (or beside, when narrow)."""
    from pptx.enum.chart import XL_LABEL_POSITION, XL_TICK_MARK
    from pptx.util import Pt

    plot = chart.plots[0]
    plot.gap_width = 40
    plot.overlap = 100
    value_axis, category_axis = chart.value_axis, chart.category_axis
    value_axis.visible = False
    value_axis.has_major_gridlines = False
    value_axis.minimum_scale, value_axis.maximum_scale = 0, top
    category_axis.reverse_order = True
    category_axis.major_tick_mark = XL_TICK_MARK.NONE
    category_axis.format.line.fill.background()
    category_axis.tick_labels.font.size = Pt(S.SIZES["category"])
    spacer, stages = plot.series
    spacer.format.fill.background()
    spacer.format.line.fill.background()
    figure, fade = look.rgb("figure"), look.chart_palette().fade
    span = max(size[0] - max(rough_width_in(p.label, S.SIZES["category"]) for p in series.points) - 0.35, 0.5)
    count = len(series.points)
    for index, point in enumerate(series.points):
        color = S.blend(figure, fade, index / max(count - 1, 1))
        fmt = stages.points[index].format
        fmt.fill.solid()
        (Paint(color) if look.literal else _blend_paint(look, index, count)).apply(fmt.fill.fore_color)
        fits = rough_width_in(point.display, S.SIZES["label"]) + 0.1 < point.value / top * span
        paint = (WHITE if S.text_on(color) == T.WHITE else Paint(T.TEXT)) if fits else look.paint("text")
        label = stages.points[index].data_label
        L.label_text(label, point.display, point, paint, look, horizontal=True)
        label.position = XL_LABEL_POSITION.CENTER if fits else XL_LABEL_POSITION.INSIDE_BASE


def _blend_paint(look: Look, index: int, count: int) -> Paint:
    """A funnel stage on a corporate master: the figure colour, lighter stage by stage."""
    figure = look.paint("figure")
    share = round(0.45 * index / max(count - 1, 1), 2)
    return Paint(brighten(figure.rgb, share), figure.scheme, share)
