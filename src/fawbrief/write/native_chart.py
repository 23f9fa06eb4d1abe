"""ChartSpec → an editable PowerPoint chart (python-pptx), saying what the picture says.

bar, grouped_bar and target_actual become clustered bar or column charts, share a
doughnut with its name in the hole, a funnel a stacked bar chart whose first series only
centres the stages. Data labels show each point's ``display`` (and ``note``) verbatim as
label text, so a native chart reads exactly like the picture and the slide text; the unit
is in the first value label, as on the picture (no caption); what carries the title
(``emphasis``) keeps its colour and the rest is greyed, as on the picture; a target is
hatched inside a dashed outline. No value axis, no gridlines. Colours are the theme's (``write/look``), so
the chart recolours with it; fonts are inherited from the theme, the same as the slide text.

Validity: python-pptx writes axis ids as negative numbers, which ISO/IEC 29500 types as
``xs:unsignedInt``; ``_unsigned_axis_ids`` renumbers them (1, 2, …, consistently in
``c:axId`` and ``c:crossAx``).

The embedded workbook has a fixed date (``chart_workbook``), so the same spec gives the same bytes. pptx is
imported inside the functions: importing the charts for a cached picture should not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fawbrief.charts import style as S
from fawbrief.charts.render_mpl import check_spec
from fawbrief.core.units import emu_to_in
from fawbrief.model.slides import ChartSeries, ChartSpec
from fawbrief.write import native_style as N
from fawbrief.write.chart_workbook import chart_data, number_format
from fawbrief.write.look import BUILTIN, Look

if TYPE_CHECKING:
    from pptx.shapes.graphfrm import GraphicFrame


def add_native_chart(shapes: Any, spec: ChartSpec, left: int, top: int, width: int, height: int,
                     look: Look = BUILTIN) -> GraphicFrame:
    """Add ``spec`` to ``shapes`` as a native chart in ``look``'s colours."""
    check_spec(spec)
    from pptx.enum.chart import XL_CHART_TYPE

    size = (emu_to_in(width), emu_to_in(height))
    if spec.kind == "funnel":
        points = spec.series[0].points
        top_value = max(p.value for p in points) or 1.0
        spacer = ChartSeries("", tuple(N.spacer_point(p, top_value) for p in points))
        data = chart_data([p.label for p in points], [spacer, spec.series[0]], number_format(spec.unit))
        frame = shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, left, top, width, height, data)
        N.frame(frame.chart, False, look)
        N.style_funnel(frame.chart, spec.series[0], top_value, size, look)
    elif spec.kind == "share":
        data = chart_data([p.label for p in spec.series[0].points], [spec.series[0]], "General")
        frame = shapes.add_chart(XL_CHART_TYPE.DOUGHNUT, left, top, width, height, data)
        N.frame(frame.chart, True, look)
        N.style_share(frame.chart, spec.series[0], size, look)
    else:
        categories = list(dict.fromkeys(p.label for s in spec.series for p in s.points))
        series = _ordered(spec)
        horizontal = not _columns(spec, categories, width)
        kind = XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
        frame = shapes.add_chart(kind, left, top, width, height,
                                 chart_data(categories, series, number_format(spec.unit)))
        N.frame(frame.chart, len(series) > 1 and not N.overlay(spec), look)
        N.style_bars(frame.chart, spec, series, horizontal, size, look)
    _unsigned_axis_ids(frame.chart)
    return frame


# ---------------------------------------------------------------- data


def _ordered(spec: ChartSpec) -> list[ChartSeries]:
    """Series in drawing order; in a one-target-one-actual chart the target goes first (behind)."""
    series = [s for s in spec.series if s.points]
    if N.overlay(spec):
        series.sort(key=lambda s: s.role != "target")
    return series


def _columns(spec: ChartSpec, categories: list[str], width: int) -> bool:
    series = [s for s in spec.series if s.points]
    if N.overlay(spec):
        return False
    labels = [t for s in series for p in s.points for t in (p.display, p.note or "")]
    return S.columns_fit(emu_to_in(width), categories, labels, len(series))


def _unsigned_axis_ids(chart: Any) -> None:
    """Renumber ``c:axId``/``c:crossAx`` 1, 2, … in order of first use (python-pptx writes negative ids)."""
    space = chart._chartSpace
    ids: dict[str, str] = {}
    for element in space.xpath(".//c:axId | .//c:crossAx"):
        value = element.get("val")
        element.set("val", ids.setdefault(value, str(len(ids) + 1)))
