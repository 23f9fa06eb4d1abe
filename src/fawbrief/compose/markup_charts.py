"""``<chart>``, ``<series>`` and ``<point>`` in the slide markup → ``ChartSpec``, every value a fact."""

from __future__ import annotations

from typing import cast, get_args

from lxml import etree

from fawbrief.charts.alt_text import alt_text
from fawbrief.charts.render_mpl import check_spec
from fawbrief.compose.markup_context import MarkupContext
from fawbrief.compose.planned import misplaced_target
from fawbrief.core.numerals import has_figure
from fawbrief.facts.formatting import format_fact
from fawbrief.model.slides import (
    ChartKind,
    ChartPoint,
    ChartSeries,
    ChartSpec,
    SeriesRole,
)

CHART_KINDS: tuple[str, ...] = get_args(ChartKind)  # the slide model's Literal is the one list


def parse_chart(element: etree._Element, ctx: MarkupContext, index: int) -> ChartSpec | None:
    """A ``<chart>`` element as a ``ChartSpec`` whose every value is a fact; None (and errors in ``ctx``) if not."""
    kind = element.get("kind", "bar")
    if kind not in CHART_KINDS:
        ctx.error(f"slide {index}: unknown chart kind {kind!r}", element, hint=f"one of {', '.join(CHART_KINDS)}")
        return None
    series = []
    style = _chart_style(element, ctx)
    for s_el in element.iter("series"):
        role = s_el.get("role", "actual")
        if role not in ("actual", "target"):
            ctx.error(f"slide {index}: series role must be actual or target", s_el)
            continue
        points = [p for p in (_point(p_el, ctx, style) for p_el in s_el.iter("point")) if p]
        for point in points:
            problem = misplaced_target(ctx.factbase.get(point.fact), role)
            if problem:
                ctx.error(f"slide {index}: {problem}")
        series.append(ChartSeries(name=s_el.get("name", ""), points=tuple(points),
                                  role=cast(SeriesRole, role)))
    if not any(s.points for s in series):
        ctx.error(f"slide {index}: chart has no points", element)
        return None
    for text in (element.get("title", ""), *(s.name for s in series)):
        if has_figure(text):
            ctx.error(f"slide {index}: chart text has a number not from a fact: {text!r}", element)
    spec = ChartSpec(kind=cast(ChartKind, kind), title=element.get("title", ""), series=tuple(series),
                     unit=element.get("unit", ""))
    try:
        check_spec(spec)  # data no chart can show is bad input here, not a renderer's crash later
    except ValueError as exc:
        ctx.error(f"slide {index}: {exc}", element)
        return None
    return ChartSpec(kind=spec.kind, title=spec.title, series=spec.series, unit=spec.unit,
                     alt_text=alt_text(spec, ctx.translate))


def _chart_style(chart: etree._Element, ctx: MarkupContext) -> str:
    """One chart, one way of writing its numbers: where ``auto`` would show some values compact
    (23.22万) and others in full (69,759) side by side, every value is shown in full."""
    compact, full = False, False
    for element in chart.iter("point"):
        fact = ctx.factbase.facts.get(element.get("fact") or "")
        if element.get("style") or fact is None or not fact.is_number:
            continue  # _point reports unknown and non-numeric facts
        shown, digits = (format_fact(fact, ctx.profile, style).number for style in ("auto", "full"))
        if format_fact(fact, ctx.profile, "compact").number == digits:
            continue  # too small to be written any other way
        compact, full = compact or shown != digits, full or shown == digits
    return "full" if compact and full else "auto"


def _point(element: etree._Element, ctx: MarkupContext, chart_style: str = "auto") -> ChartPoint | None:
    fact_id = element.get("fact")
    if not ctx.fact_ok(fact_id, "<point>", element):
        return None
    assert fact_id is not None
    fact = ctx.factbase.get(fact_id)
    if not fact.is_number:
        ctx.error(f"<point fact={fact_id!r}>: fact is not a number", element)
        return None
    formatted = format_fact(fact, ctx.profile, element.get("style", chart_style))
    note_id = element.get("note")
    note = None
    if note_id and ctx.fact_ok(note_id, "<point note>", element):
        note = format_fact(ctx.factbase.get(note_id), ctx.profile).number
    label = element.get("label") or fact.label
    if has_figure(label):
        ctx.error(f"<point fact={fact_id!r}> label has a number not from a fact: {label!r}", element)
    display = formatted.sep.join(p for p in (formatted.qualifier, formatted.number) if p)
    return ChartPoint(label=label, value=float(fact.value), fact=fact_id,  # type: ignore[arg-type]
                      display=display, note=note, note_fact=note_id if note else None)
