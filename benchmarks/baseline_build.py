"""The hand-written baseline: plain python-pptx + matplotlib, no fawbrief pipeline.

    python baseline_build.py CONTENT.json THEME.pptx OUT_DIR [same|pyplot]

Writes the decks described in CONTENT.json (made by ``content.py`` from what
fawbrief renders) the way one would by hand: open the theme, add each slide on
its layout, fill title and bullets, draw KPI cards, tables, timelines and a
source line, draw each chart and insert the picture, set the speaker notes,
save. No facts, templates, validation, caching, normalisation or atomic
publishing: the work fawbrief adds on top is what the benchmark measures.

Charts: ``same`` (the default) draws the very charts fawbrief draws, at the same
size, with the same matplotlib drawing code (``fawbrief.charts.render_mpl``,
which needs only matplotlib and two dataclass modules): the same work.
``pyplot`` draws simpler charts of the same data with a few pyplot calls
(no label fitting, one draw), a lower bar than fawbrief's charts.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Inches, Pt

from fawbrief.core import tokens as T
from fawbrief.core.layouts import LAYOUT_NAMES as LAYOUTS

NAVY = RGBColor.from_string(T.hex_digits(T.NAVY))
CARD = RGBColor.from_string(T.hex_digits(T.MIST))


def same_chart_png(chart: dict) -> bytes:
    from fawbrief.charts.render_mpl import render_png
    from fawbrief.model.slides import ChartPoint, ChartSeries, ChartSpec

    spec = ChartSpec(chart["kind"], chart["title"], tuple(
        ChartSeries(s["name"], tuple(ChartPoint(*p) for p in s["points"]), s["role"]) for s in chart["series"]),
        chart["unit"], chart["alt"])
    return render_png(spec, chart["width"], chart["height"], 200)


def pyplot_chart_png(chart: dict) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(chart["width"], chart["height"]), dpi=200)
    series = chart["series"]
    labels = [p[0] for p in series[0]["points"]]
    if chart["kind"] == "share":
        ax.pie([p[1] for p in series[0]["points"]], labels=labels, wedgeprops={"width": 0.38})
    else:
        step = 0.8 / len(series)
        for i, s in enumerate(series):
            xs = [x + i * step for x in range(len(s["points"]))]
            bars = ax.bar(xs, [p[1] for p in s["points"]], width=step, label=s["name"],
                          hatch="///" if s["role"] == "target" else None)
            ax.bar_label(bars, labels=[p[3] for p in s["points"]])
        ax.set_xticks([x + 0.4 - step / 2 for x in range(len(labels))], labels)
        ax.get_yaxis().set_visible(False)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        if len(series) > 1:
            ax.legend(frameon=False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=200)
    plt.close(fig)
    return buffer.getvalue()


def text_box(slide, left, top, width, height, text: str, size: int) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    frame.text = text
    frame.paragraphs[0].runs[0].font.size = Pt(size)


def kpi_card(slide, left, top, width, height, kpi: dict) -> None:
    card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    card.fill.solid()
    card.fill.fore_color.rgb = CARD
    frame = card.text_frame
    lines = [kpi["qualifier"], kpi["value"], kpi["unit"], kpi["label"], kpi["period"]]
    for i, line in enumerate(x for x in lines if x):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(32 if line == kpi["value"] else 14)
        run.font.color.rgb = NAVY


def add_slide(prs, layouts, spec: dict, number: int, chart_png) -> None:
    slide = prs.slides.add_slide(layouts[spec["layout"]])
    slide.shapes.title.text = spec["title"]
    body = [ph for ph in slide.placeholders if ph.placeholder_format.idx != 0]
    if spec["subtitle"] and body:
        body[0].text_frame.text = spec["subtitle"]
    if spec["bullets"] and body:
        frame = body[0].text_frame
        for i, (runs, level) in enumerate(spec["bullets"]):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.level = level
            for text, is_fact in runs:
                run = paragraph.add_run()
                run.text = text
                run.font.size = Pt(18 - 2 * level)
                run.font.bold = is_fact
    left, top, width = Inches(6.8), Inches(1.6), Inches(6)
    for i, kpi in enumerate(spec["kpis"]):
        kpi_card(slide, Inches(0.6) + i * Inches(3.1), Inches(1.5), Inches(2.9), Inches(1.9), kpi)
    for rows in spec["tables"]:
        cols = max(len(row) for row in rows)
        table = slide.shapes.add_table(len(rows), cols, left, top, width, Inches(0.5) * len(rows)).table
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    for events in spec["timelines"]:
        slot = Inches(12) // max(len(events), 1)
        for i, (when, what) in enumerate(events):
            text_box(slide, Inches(0.6) + i * slot, Inches(2), slot, Inches(0.6), when, 20)
            text_box(slide, Inches(0.6) + i * slot, Inches(3), slot, Inches(1.5), what, 14)
    for chart in spec["charts"]:
        picture = slide.shapes.add_picture(io.BytesIO(chart_png(chart)), left, top, width, Inches(3.2))
        picture._element.xpath("./*[1]/p:cNvPr")[0].set("descr", chart["alt"])
    if spec["source"]:
        text_box(slide, Emu(548640), prs.slide_height - Emu(502920), Inches(10), Emu(274320), spec["source"], 12)
    if spec["layout"] != "title":
        text_box(slide, prs.slide_width - Inches(1.2), prs.slide_height - Inches(0.55), Inches(0.6),
                 Inches(0.3), str(number), 12)
    slide.notes_slide.notes_text_frame.text = spec["notes"]


def main(content: Path, theme: Path, out: Path, charts: str = "same") -> None:
    chart_png = same_chart_png if charts == "same" else pyplot_chart_png
    out.mkdir(parents=True, exist_ok=True)
    for deck in json.loads(content.read_text(encoding="utf-8")):
        prs = Presentation(str(theme))
        layouts = {key: next(lay for lay in prs.slide_layouts if lay.name == name) for key, name in LAYOUTS.items()}
        for number, spec in enumerate(deck["slides"], start=1):
            add_slide(prs, layouts, spec, number, chart_png)
        prs.core_properties.title = deck["title"]
        prs.save(str(out / deck["file"]))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), *sys.argv[4:5])
