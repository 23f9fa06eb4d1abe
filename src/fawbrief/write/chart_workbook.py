"""The data behind a native chart: python-pptx chart data whose embedded workbook has a fixed creation date,
so the same chart gives the same bytes (XlsxWriter would stamp the current time)."""

from __future__ import annotations

import functools
import math
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fawbrief.model.slides import ChartSeries

if TYPE_CHECKING:
    pass

#: The creation date written into every embedded chart workbook.

#: The creation date written into every embedded chart workbook.
WORKBOOK_DATE = datetime(2000, 1, 1, tzinfo=UTC)


def series_values(series: ChartSeries, categories: list[str]) -> list[float | None]:
    """The series' value per category (None where it has none); a value that is not finite is a bug here."""
    by_label = {p.label: p.value for p in series.points}
    values = [by_label.get(c) for c in categories]
    for value in values:
        if value is not None and not math.isfinite(value):
            raise ValueError(f"series {series.name!r} has a value that is not finite")
    return values


def chart_data(categories: list[str], series: list[ChartSeries], number_format: str) -> Any:
    """python-pptx chart data for ``series`` over ``categories``, its workbook dated ``WORKBOOK_DATE``."""
    data = _chart_data_class()(number_format=number_format)
    data.categories = categories
    for one in series:
        data.add_series(one.name, series_values(one, categories))
    return data


@functools.cache
def _chart_data_class() -> type:
    """CategoryChartData whose embedded workbook has a fixed creation date."""
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter
    from xlsxwriter import Workbook

    class FixedDateWorkbookWriter(CategoryWorkbookWriter):  # type: ignore[misc]
        @contextmanager
        def _open_worksheet(self, xlsx_file: Any) -> Any:
            workbook = Workbook(xlsx_file, {"in_memory": True})
            workbook.set_properties({"created": WORKBOOK_DATE})
            worksheet = workbook.add_worksheet()
            yield workbook, worksheet
            workbook.close()

    class FixedDateChartData(CategoryChartData):  # type: ignore[misc]
        @property
        def _workbook_writer(self) -> CategoryWorkbookWriter:
            return FixedDateWorkbookWriter(self)

    return FixedDateChartData


def number_format(unit: str) -> str:
    """The Excel number format of a chart's values, from its unit: percent or whole numbers."""
    return '0.0"%"' if "%" in unit or unit.strip() == "percent" else "#,##0"  # "% yoy", "同比增速（%）"
