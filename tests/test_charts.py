"""Charts: deterministic pictures, native charts holding the exact data, alt text, the cache."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import math
import os
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from fawbrief.charts import alt_text, get_or_render, render_mpl
from fawbrief.charts import cache as chart_cache
from fawbrief.model.slides import ChartPoint, ChartSeries, ChartSpec
from fawbrief.write.chart_workbook import WORKBOOK_DATE
from fawbrief.write.native_chart import add_native_chart

# Realistic data from the sources: FAW Group H1 2020, the Canton fair, SPRINT 2030 targets.
GROUPED = ChartSpec("grouped_bar", "FAW Group H1 2020 output", (
    ChartSeries("Production", (
        ChartPoint("FAW Group", 1622279, "faw_prod_h1", "1,622,279", "+1.5%", "faw_prod_h1_yoy"),
        ChartPoint("Hongqi", 69759, "hongqi_prod_h1", "69,759", "+89.5%", "hongqi_prod_h1_yoy"),
        ChartPoint("Jiefang", 232164, "jiefang_prod_h1", "232,164", "+16.5%", "jiefang_prod_h1_yoy"))),
    ChartSeries("Sales", (
        ChartPoint("FAW Group", 1630923, "faw_sales_h1", "1,630,923", "+2.3%", "faw_sales_h1_yoy"),
        ChartPoint("Hongqi", 70045, "hongqi_sales_h1", "70,045", "+110.7%", "hongqi_sales_h1_yoy"),
        ChartPoint("Jiefang", 278235, "jiefang_sales_h1", "278,235", "+35.6%", "jiefang_sales_h1_yoy"))),
), unit="vehicles")
BAR = ChartSpec("bar", "FAW Group H1 2020 sales", (ChartSeries("Sales", (
    ChartPoint("FAW Group", 1630923, "faw_sales_h1", "1.63 million", "+2.3%", "faw_sales_h1_yoy"),
    ChartPoint("Jiefang", 278235, "jiefang_sales_h1", "278,235", "+35.6%", "jiefang_sales_h1_yoy"),
    ChartPoint("Hongqi", 70045, "hongqi_sales_h1", "70,045", "+110.7%", "hongqi_sales_h1_yoy"))),),
    unit="vehicles")
FUNNEL = ChartSpec("funnel", "Canton fair leads", (ChartSeries("Leads", (
    ChartPoint("Visitors", 1000, "canton_visitors", "1,000"),
    ChartPoint("Negotiations", 400, "canton_negotiations", "nearly 400"),
    ChartPoint("Orders", 200, "canton_orders", "over 200"),
    ChartPoint("Agreements", 30, "canton_agreements", "30"))),))
TARGET = ChartSpec("target_actual", "Overseas sales against the SPRINT target", (
    ChartSeries("Exports", (ChartPoint("Overseas sales", 60000, "exports_2019", "60,000"),)),
    ChartSeries("Target", (ChartPoint("Overseas sales", 180000, "overseas_target_2030", "180,000"),),
                role="target"),
), unit="vehicles")
TARGETS = ChartSpec("target_actual", "Sales against targets", (
    ChartSeries("Today", (ChartPoint("Overseas sales", 60000, "exports_2019", "60,000"),
                          ChartPoint("Global sales", 330000, "global_sales", "330,000"))),
    ChartSeries("Target", (ChartPoint("Overseas sales", 180000, "overseas_target_2030", "180,000"),
                           ChartPoint("Global sales", 500000, "global_target_2030", "over 500,000")),
                role="target"),
), unit="vehicles")
SHARE = ChartSpec("share", "Sales by brand", (ChartSeries("Sales", (
    ChartPoint("Jiefang", 60.2, "share_jiefang", "60.2%"),
    ChartPoint("Hongqi", 15.1, "share_hongqi", "15.1%"),
    ChartPoint("Bestune", 12.0, "share_bestune", "12.0%"),
    ChartPoint("Other brands", 10.3, "share_other", "10.3%"),
    ChartPoint("Exports", 2.4, "share_exports", "2.4%"))),), unit="%")

SPECS = {"bar": BAR, "grouped_bar": GROUPED, "funnel": FUNNEL, "target_actual": TARGET,
         "target_actuals": TARGETS, "share": SHARE}
NATIVE = {name: spec for name, spec in SPECS.items() if spec.kind != "funnel"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == PNG_SIGNATURE
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        chunks.append((data[at + 4:at + 8], data[at + 8:at + 8 + length]))
        at += 12 + length
    return chunks


def png_size(data: bytes) -> tuple[int, int]:
    kind, body = png_chunks(data)[0]
    assert kind == b"IHDR"
    return struct.unpack(">II", body[:8])


def with_value(spec: ChartSpec, value: float) -> ChartSpec:
    first = spec.series[0]
    point = dataclasses.replace(first.points[0], value=value)
    series = dataclasses.replace(first, points=(point, *first.points[1:]))
    return dataclasses.replace(spec, series=(series, *spec.series[1:]))


# ---------------------------------------------------------------- pictures


@pytest.mark.parametrize("name", SPECS)
@pytest.mark.parametrize(("width", "height", "dpi"), [(6, 4, 100), (12, 4.5, 100), (6, 4, 200)])
def test_png_is_valid_sized_and_byte_identical(name: str, width: float, height: float, dpi: int) -> None:
    first = render_mpl.render_png(SPECS[name], width, height, dpi)
    second = render_mpl.render_png(SPECS[name], width, height, dpi)
    assert first.startswith(PNG_SIGNATURE)
    assert png_size(first) == (round(width * dpi), round(height * dpi))
    assert first == second


@pytest.mark.parametrize("name", SPECS)
def test_png_has_no_text_or_time_chunks(name: str) -> None:
    kinds = {kind for kind, _ in png_chunks(render_mpl.render_png(SPECS[name], 6, 4, 100))}
    assert not kinds & {b"tEXt", b"iTXt", b"zTXt", b"tIME"}
    assert b"IEND" in kinds


def test_png_uses_the_shipped_latin_font_not_the_systems() -> None:
    """The same chart gives the same bytes whether or not the machine has any fonts of its own:
    a child process that sees only matplotlib's bundled fonts draws exactly what this one draws."""
    from matplotlib import font_manager

    from fawbrief.charts.fonts import latin_font_paths

    spec = SPECS[next(iter(SPECS))]
    here = render_mpl.render_png(spec, 6, 4, 100)
    bold = font_manager.findfont(font_manager.FontProperties(family="Arimo", weight="bold"))
    assert Path(bold) == latin_font_paths()[1]
    child = textwrap.dedent(f"""
        import hashlib, sys
        from matplotlib import font_manager
        fm = font_manager.fontManager
        fm.ttflist = [e for e in fm.ttflist if "mpl-data" in e.fname]
        fm._findfont_cached.cache_clear()
        from test_charts import SPECS
        from fawbrief.charts import render_mpl
        sys.stdout.write(hashlib.sha256(render_mpl.render_png(SPECS[{next(iter(SPECS))!r}], 6, 4, 100)).hexdigest())
    """)
    tests = Path(__file__).parent  # the tests, and the checkout's own code (not whatever is installed)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tests), str(tests.parent / "src")])}
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, env=env, check=True)
    assert out.stdout == hashlib.sha256(here).hexdigest()


def test_png_renders_chinese_labels_without_warnings() -> None:
    spec = ChartSpec("grouped_bar", "一汽", (
        ChartSeries("产量", (ChartPoint("一汽集团", 1622279, "a", "162.2万", "+1.5%"),
                             ChartPoint("红旗", 69759, "b", "6.98万"))),
        ChartSeries("销量", (ChartPoint("一汽集团", 1630923, "c", "163.1万"),
                             ChartPoint("红旗", 70045, "d", "7.00万")))), unit="辆")
    assert render_mpl.render_png(spec, 6, 4, 100).startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("spec", [
    ChartSpec("bar", "growth", (ChartSeries("Growth", (ChartPoint("A", 12.5, "a", "+12.5%"),
                                                       ChartPoint("B", -4.2, "b", "−4.2%"))),)),
    ChartSpec("target_actual", "met", (ChartSeries("Sales", (ChartPoint("A", 200, "a", "200"),)),
                                        ChartSeries("Target", (ChartPoint("A", 180, "t", "180"),),
                                                    role="target"))),
    ChartSpec("share", "many", (ChartSeries("", tuple(
        ChartPoint(f"Part {c}", v, f"p{c}", f"{v}%") for c, v in zip("ABCDEFGH", [80, 5, 4, 3, 3, 2, 2, 1],
                                                                        strict=True))),)),
    ChartSpec("funnel", "one", (ChartSeries("", (ChartPoint("Only", 5, "o", "5", "+3"),)),)),
])
def test_png_edge_cases_render(spec: ChartSpec) -> None:
    assert render_mpl.render_png(spec, 6, 4, 100).startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_non_finite_values_are_refused(value: float) -> None:
    with pytest.raises(ValueError, match="not finite"):
        render_mpl.render_png(with_value(BAR, value), 6, 4)


def test_negative_share_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        render_mpl.render_png(with_value(SHARE, -1), 6, 4)


def test_importing_the_renderer_does_not_import_matplotlib() -> None:
    code = "import sys, fawbrief.charts, fawbrief.charts.render_mpl; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- alt text


@pytest.mark.parametrize("name", SPECS)
def test_alt_text_states_every_value_and_series(name: str) -> None:
    spec = SPECS[name]
    text = alt_text(spec)
    for series in spec.series:
        if len(spec.series) > 1:
            assert series.name in text
        for point in series.points:
            assert point.display in text
            assert point.label in text
            if point.note:
                assert point.note in text


def test_alt_text_reads_like_a_sentence() -> None:
    text = alt_text(GROUPED)
    assert text.startswith("Grouped bar chart: FAW Group H1 2020 output. Production: "
                           "FAW Group 1,622,279 (+1.5%), Hongqi 69,759 (+89.5%) and Jiefang 232,164 (+16.5%). ")
    assert "Sales: FAW Group 1,630,923 (+2.3%)" in text
    assert "Target (target): Overseas sales 180,000" not in alt_text(TARGET)
    assert "Target: Overseas sales 180,000." in alt_text(TARGET)
    assert "Donut chart of" not in alt_text(SHARE) and alt_text(SHARE).startswith("Doughnut chart: Sales by brand. ")


def test_alt_text_is_bounded() -> None:
    points = tuple(ChartPoint(f"Category number {i}", i, f"f{i}", f"{i:,}") for i in range(200))
    text = alt_text(ChartSpec("bar", "Long", (ChartSeries("S", points),)))
    assert len(text) <= 1000
    assert text.endswith("…")


# ---------------------------------------------------------------- native charts


def blank_slide():  # type: ignore[no-untyped-def]
    from pptx import Presentation

    prs = Presentation()
    return prs, prs.slides.add_slide(prs.slide_layouts[6])


def add(spec: ChartSpec, width_in: float = 6, height_in: float = 4):  # type: ignore[no-untyped-def]
    from pptx.util import Inches

    prs, slide = blank_slide()
    frame = add_native_chart(slide.shapes, spec, Inches(0.5), Inches(1.5), Inches(width_in), Inches(height_in))
    return prs, frame


@pytest.mark.parametrize("name", NATIVE)
@pytest.mark.parametrize("size", [(6, 4), (12, 4.5)])
def test_native_chart_holds_the_exact_data(name: str, size: tuple[float, float]) -> None:
    spec = NATIVE[name]
    _, frame = add(spec, *size)
    assert frame is not None and frame.has_chart
    plot = frame.chart.plots[0]
    categories = list(dict.fromkeys(p.label for s in spec.series for p in s.points))
    assert list(plot.categories) == categories
    drawn = {s.name: tuple(s.values) for s in plot.series}
    expected = spec.series[:1] if spec.kind == "share" else spec.series
    assert drawn == {s.name: tuple(float(p.value) for p in s.points) for s in expected}


@pytest.mark.parametrize("name", NATIVE)
def test_native_labels_are_the_display_values(name: str) -> None:
    _, frame = add(NATIVE[name])
    xml = frame.chart._chartSpace.xml
    for series in NATIVE[name].series[:1] if NATIVE[name].kind == "share" else NATIVE[name].series:
        for point in series.points:
            assert f"<a:t>{point.display}</a:t>" in xml or f": {point.display}</a:t>" in xml


def test_native_chart_has_no_unit_caption_gridlines_or_single_series_legend() -> None:
    """The unit is in the first value label (compose), not a caption floating above the chart."""
    _, frame = add(BAR)
    chart = frame.chart
    assert not chart.has_title
    assert not chart.has_legend
    assert not chart.value_axis.has_major_gridlines
    assert not chart.value_axis.visible
    _, grouped = add(GROUPED)
    assert grouped.chart.has_legend


def test_native_target_is_patterned_not_solid() -> None:
    from pptx.enum.dml import MSO_FILL

    _, frame = add(TARGETS)
    fills = {s.name: s.format.fill.type for s in frame.chart.plots[0].series}
    assert fills == {"Target": MSO_FILL.PATTERNED, "Today": MSO_FILL.SOLID}
    target = next(s for s in frame.chart.plots[0].series if s.name == "Target")
    assert str(target.format.fill.fore_color.rgb) == "6C8EAD"  # hatched in the edge colour: visible


def test_funnel_is_a_native_stacked_bar_chart_centred_by_a_hidden_series() -> None:
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.enum.dml import MSO_FILL

    _, frame = add(FUNNEL)
    plot = frame.chart.plots[0]
    assert frame.chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    spacer, stages = plot.series
    values = [p.value for p in FUNNEL.series[0].points]
    assert list(stages.values) == values
    assert [round(v, 6) for v in spacer.values] == [round((max(values) - v) / 2, 6) for v in values]
    assert spacer.format.fill.type == MSO_FILL.BACKGROUND
    xml = frame.chart._chartSpace.xml
    assert all(f"<a:t>{p.display}</a:t>" in xml for p in FUNNEL.series[0].points)


@pytest.mark.parametrize("name", list(SPECS))
def test_native_axis_ids_are_unsigned_and_consistent(name: str) -> None:
    _, frame = add(SPECS[name])
    space = frame.chart._chartSpace
    ids = [int(v) for v in space.xpath(".//c:axId/@val")]
    crossed = [int(v) for v in space.xpath(".//c:crossAx/@val")]
    assert all(0 <= v <= 2**32 - 1 for v in ids + crossed)
    axes = [int(v) for v in space.xpath("./c:chart/c:plotArea/*[self::c:catAx or self::c:valAx]/c:axId/@val")]
    assert set(crossed) <= set(axes) and len(set(axes)) == len(axes)


def test_native_donut_names_its_series_in_the_hole() -> None:
    _, frame = add(SHARE)
    chart = frame.chart
    assert chart.has_title and chart.chart_title.text_frame.text == SHARE.series[0].name
    assert frame.chart._chartSpace.xpath("./c:chart/c:title/c:overlay/@val") == ["1"]
    assert frame.chart._chartSpace.xpath("./c:chart/c:plotArea/c:layout/c:manualLayout")


def test_native_refuses_non_finite_values() -> None:
    _, slide = blank_slide()
    with pytest.raises(ValueError, match="not finite"):
        add_native_chart(slide.shapes, with_value(GROUPED, math.nan), 0, 0, 5486400, 3657600)


def test_native_workbook_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    import xlsxwriter.core
    from pptx.chart.data import CategoryChartData

    def core_xml(xlsx: bytes) -> str:
        with zipfile.ZipFile(io.BytesIO(xlsx)) as workbook:
            return workbook.read("docProps/core.xml").decode()

    def blob() -> bytes:
        _, frame = add(GROUPED)
        return frame.chart.part.chart_workbook.xlsx_part.blob

    first = blob()
    assert WORKBOOK_DATE.strftime("%Y-%m-%dT%H:%M:%SZ") in core_xml(first)

    class Meta(type):
        def __instancecheck__(cls, obj: object) -> bool:
            return isinstance(obj, datetime)

    class Clock(metaclass=Meta):  # xlsxwriter's clock, moved on to 2031
        @staticmethod
        def now(tz: object = None) -> datetime:
            return datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)  # type: ignore[arg-type]

    monkeypatch.setattr(xlsxwriter.core, "datetime", Clock)
    plain = CategoryChartData()
    plain.categories = ["A"]
    plain.add_series("S", (1.0,))
    assert "2031-05-06T07:08:09Z" in core_xml(plain.xlsx_blob)  # python-pptx alone stamps the time
    assert blob() == first


# ---------------------------------------------------------------- cache


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "charts"
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(folder))
    return folder


@pytest.fixture()
def renders(monkeypatch: pytest.MonkeyPatch) -> list[ChartSpec]:
    calls: list[ChartSpec] = []
    real = render_mpl.render_png

    def counting(spec: ChartSpec, width_in: float, height_in: float, dpi: int = 200, *palette: object) -> bytes:
        calls.append(spec)
        return real(spec, width_in, height_in, dpi, *palette)

    monkeypatch.setattr(render_mpl, "render_png", counting)
    return calls


def test_a_theme_palette_is_its_own_cache_entry(cache_dir: Path, renders: list[ChartSpec]) -> None:
    """The default palette keeps the names pictures always had; another palette draws (and caches) anew."""
    from dataclasses import replace

    from fawbrief.charts.style import DEFAULT_PALETTE

    corporate = replace(DEFAULT_PALETTE, series=("#4472C4", "#ED7D31"), transparent=True)
    cache_key = chart_cache.cache_key
    assert cache_key(BAR, 6, 4) == cache_key(BAR, 6, 4, 200, DEFAULT_PALETTE)
    assert cache_key(BAR, 6, 4) != cache_key(BAR, 6, 4, 200, corporate)
    plain = get_or_render(BAR, 6, 4, 100, cache_dir)
    themed = get_or_render(BAR, 6, 4, 100, cache_dir, corporate)
    assert len(renders) == 2 and plain != themed
    assert get_or_render(BAR, 6, 4, 100, cache_dir, corporate) == themed and len(renders) == 2


def test_cache_miss_then_hit(cache_dir: Path, renders: list[ChartSpec]) -> None:
    first = get_or_render(BAR, 6, 4, 100)
    second = get_or_render(BAR, 6, 4, 100)
    assert first == second
    assert len(renders) == 1
    assert [p.suffix for p in cache_dir.iterdir()] == [".png"]


def test_cache_key_changes_with_a_value(cache_dir: Path, renders: list[ChartSpec]) -> None:
    get_or_render(BAR, 6, 4, 100)
    get_or_render(with_value(BAR, 1630924), 6, 4, 100)
    get_or_render(BAR, 6.5, 4, 100)
    assert len(renders) == 3


def test_cache_key_changes_with_the_style(cache_dir: Path, renders: list[ChartSpec],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    get_or_render(BAR, 6, 4, 100)
    monkeypatch.setattr(chart_cache, "STYLE_VERSION", "another-style")
    get_or_render(BAR, 6, 4, 100)
    assert len(renders) == 2


def test_unwritable_cache_still_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # mkdir below a file fails, even as root
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(blocker / "charts"))
    assert get_or_render(BAR, 6, 4, 100).startswith(PNG_SIGNATURE)
    assert get_or_render(BAR, 6, 4, 100, cache_dir=blocker).startswith(PNG_SIGNATURE)


def test_corrupt_cache_entry_is_rendered_again(cache_dir: Path, renders: list[ChartSpec]) -> None:
    get_or_render(BAR, 6, 4, 100)
    (entry,) = cache_dir.iterdir()
    entry.write_bytes(b"\x89PNG\r\n\x1a\ntruncated")
    assert get_or_render(BAR, 6, 4, 100).endswith(b"IEND\xaeB`\x82")
    assert len(renders) == 2
    assert not [p for p in cache_dir.iterdir() if p.name.startswith(".tmp")]


def test_cache_folder_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FAWBRIEF_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert chart_cache.cache_dir() == tmp_path / "xdg" / "fawbrief" / "charts"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert chart_cache.cache_dir() == tmp_path / "home" / ".cache" / "fawbrief" / "charts"
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(tmp_path / "mine"))
    assert chart_cache.cache_dir() == tmp_path / "mine"


def test_cache_hit_does_not_import_matplotlib(tmp_path: Path) -> None:
    code = textwrap.dedent("""
        import sys
        from fawbrief.charts import get_or_render
        from fawbrief.model.slides import ChartPoint, ChartSeries, ChartSpec
        spec = ChartSpec("bar", "t", (ChartSeries("s", (ChartPoint("A", 1622279.0, "f", "1,622,279"),)),))
        png = get_or_render(spec, 6, 4, 100)
        print(png[:4] == b"\\x89PNG", 'matplotlib' in sys.modules)
    """)
    env = {**os.environ, "FAWBRIEF_CACHE_DIR": str(tmp_path / "charts")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
            for _ in range(2)]
    assert runs[0].stdout.split() == ["True", "True"]  # the miss renders
    assert runs[1].stdout.split() == ["True", "False"]  # the hit does not load matplotlib


def test_shipped_fonts_are_what_make_fonts_makes() -> None:
    """``src/fawbrief/fonts`` is generated: the script must reproduce the committed bytes."""
    import importlib.util

    from fawbrief.charts.fonts import latin_font_paths

    script = Path(__file__).resolve().parents[1] / "scripts" / "make_fonts.py"
    spec = importlib.util.spec_from_file_location("make_fonts", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    regular, bold = latin_font_paths()
    assert module.build("Bold") == bold.read_bytes(), "run scripts/make_fonts.py and commit the result"
    assert module.build("Regular") == regular.read_bytes()
    assert (regular.parent / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") >= 1
