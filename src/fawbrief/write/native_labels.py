"""Native charts' data labels: each point's display (and note) verbatim, placed by the picture's rules.

A label goes beyond its bar end, or inside it in white where that reads better (an actual inside
its target); axis limits leave each label room (``charts/style.value_limits``). Widths are the
documented estimate (``text_metrics.rough_width_in``) the shipped native decks were laid out with.
"""

from __future__ import annotations

from typing import Any

from fawbrief.charts import style as S
from fawbrief.core import tokens as T
from fawbrief.core.text_metrics import rough_width_in
from fawbrief.model.slides import ChartPoint, ChartSeries
from fawbrief.write.look import Look
from fawbrief.write.scheme import Paint
from fawbrief.write.text_runs import east_asian

WHITE = Paint(T.WHITE)  # label text inside a dark bar, whatever the theme
Placement = dict[tuple[int, str], tuple[bool, str]]  # (series index, category) → (inside?, colour)


def label_texts(series: list[ChartSeries], categories: list[str], named: bool) -> dict[tuple[int, str], str]:
    """Label text per (series index, category): the display; with ``named`` the first
    category's label also names its series (instead of a legend), where every series has a point in
    it (a row of its own is named by its category label)."""
    texts = {}
    shared = all(any(p.label == categories[0] for p in one.points) for one in series)  # a row holds both
    for i, one in enumerate(series):
        for point in one.points:
            first = named and shared and one.name and point.label == categories[0]
            texts[i, point.label] = S.name_value(one.name, point.display) if first else point.display
    return texts


def value_span(categories: list[str], horizontal: bool, size: tuple[float, float], legend: bool) -> float:
    """A guess at the plot area's length along the value axis, in inches."""
    width, height = size
    if horizontal:
        return max(width - max(rough_width_in(c, S.SIZES["category"]) for c in categories) - 0.35, 0.5)
    return max(height - 0.45 - (0.35 if legend else 0), 0.5)


def need(text: str, point: ChartPoint, horizontal: bool) -> float:
    """Inches a label takes beyond its bar end."""
    if horizontal:
        note = rough_width_in(f"  {point.note}", S.SIZES["note"]) if point.note else 0.0
        return rough_width_in(text, S.SIZES["label"]) + note + 0.12
    lines = 2 if point.note else 1
    return lines * S.SIZES["label"] * 1.25 / 72 + 0.08


def inside_labels(series: list[ChartSeries], labels: dict[tuple[int, str], str], per_unit: float) -> Placement:
    """Overlaid target (series 0) and actual (series 1): which labels go inside their bar end.

    Once met, the actual's label goes beyond its bar and the target's inside the actual bar, in
    white. Short of the target, the actual's label goes inside its bar if it fits, else beyond it
    (on the hatching) while it ends before the target does; the target's label goes beyond the
    target. When neither fits, the series name is dropped from the label (``labels`` is updated).
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


def point_labels(drawn: Any, series: ChartSeries, index: int, categories: list[str],
                  labels: dict[tuple[int, str], str], inside: Placement, horizontal: bool, look: Look) -> None:
    """Each label's text is the point's display (and note), verbatim."""
    from pptx.enum.chart import XL_LABEL_POSITION

    for position, category in enumerate(categories):
        point = next((p for p in series.points if p.label == category), None)
        if point is None:
            continue
        label = drawn.points[position].data_label
        within, color = inside.get((index, category), (False, T.TEXT))
        paint = WHITE if within and color == T.WHITE else look.paint("text")
        label_text(label, labels[index, category], point, paint, look, horizontal=horizontal)
        label.position = XL_LABEL_POSITION.INSIDE_END if within else XL_LABEL_POSITION.OUTSIDE_END


def data_labels(plot: Any, number_format: str, look: Look) -> None:
    from pptx.util import Pt

    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = number_format
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(S.SIZES["label"])
    labels.font.bold = True
    look.paint("text").apply(labels.font.color)


def label_text(label: Any, text: str, point: ChartPoint, paint: Paint, look: Look, *, horizontal: bool,
               size: float = S.SIZES["label"]) -> None:
    """A data label's own text: the display in bold, the note (muted) after it or below."""
    from pptx.util import Pt

    frame_ = label.text_frame
    frame_._txBody.bodyPr.set("wrap", "none")  # "60,000 units" on one line, as on the picture
    paragraph = frame_.paragraphs[0]
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = True
    paint.apply(run.font.color)
    east_asian(run, look.ea)  # Chinese labels (万, 亿) in the East Asian typeface, like the slide text
    if point.note:
        note = paragraph.add_run() if horizontal else frame_.add_paragraph().add_run()
        note.text = f"  {point.note}" if horizontal else point.note
        note.font.size = Pt(S.SIZES["note"])
        note.font.bold = False
        (look.paint("muted") if paint is not WHITE else paint).apply(note.font.color)
        east_asian(note, look.ea)
