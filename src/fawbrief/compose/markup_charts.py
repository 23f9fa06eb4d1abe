"""``<chart>``, ``<series>`` and ``<point>`` in the slide markup → ``ChartSpec``, every value a fact.

What the markup decides for the picture (docs/reference/templates.md, "Charts"):

* ``emphasis="true"`` on a ``<point>`` or a ``<series>`` marks what carries the slide's title: it is drawn
  in the theme's colours and everything else greyed (``charts/style.emphasis_fills``).
* The value labels are written as the slide text writes them: one style per chart, and where
  the language writes large numbers in words (its profile's ``numbers.auto_from``, 162.23万), a
  chart that would mix the two styles writes every value that way, like the table beside it.
* When every point shares one count noun ("vehicles", 辆), the chart's first value label carries
  it ("69,759 vehicles"): the unit is on the chart, in a label, not in a caption above it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import cast, get_args

from lxml import etree

from fawbrief.charts.alt_text import alt_text
from fawbrief.charts.render_mpl import check_spec
from fawbrief.compose.markup_context import MarkupContext
from fawbrief.compose.planned import misplaced_target
from fawbrief.core.numerals import has_figure
from fawbrief.facts.formatting import Formatted, format_fact, format_period
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
        whole = _flag(s_el, ctx)
        points = [p for p in (_point(p_el, ctx, style, whole) for p_el in s_el.iter("point")) if p]
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
    period = _period(series, ctx)
    if not period:
        series = [_dated(s, ctx) for s in series]
    spec = ChartSpec(kind=cast(ChartKind, kind), title=element.get("title", ""), series=_unit_once(series, ctx),
                     unit=element.get("unit", ""), period=period)
    try:
        check_spec(spec)  # data no chart can show is bad input here, not a renderer's crash later
    except ValueError as exc:
        ctx.error(f"slide {index}: {exc}", element)
        return None
    return replace(spec, alt_text=alt_text(spec, ctx.translate))


def _flag(element: etree._Element, ctx: MarkupContext) -> bool:
    """``emphasis="true"`` (or ``false``, the default); anything else is an input error."""
    value = element.get("emphasis", "false")
    if value not in ("true", "false"):
        ctx.error(f"<{element.tag}>: emphasis must be true or false, not {value!r}", element)
    return value == "true"


def _unit_once(series: list[ChartSeries], ctx: MarkupContext) -> tuple[ChartSeries, ...]:
    """The first point's label with the unit every point shares ("69,759 vehicles"); unchanged when the
    points have different units (each category names its own: Visitors, Orders) or none (a percentage)."""
    points = [p for s in series for p in s.points]
    units = {_formatted(ctx, p.fact).unit for p in points}
    if not points or len(units) != 1 or not next(iter(units)):
        return tuple(series)
    first = next(i for i, s in enumerate(series) if s.points)
    point = series[first].points[0]
    formatted = _formatted(ctx, point.fact)
    display = formatted.sep.join(p for p in (point.display, formatted.unit) if p)
    points_ = (replace(point, display=display), *series[first].points[1:])
    return tuple(replace(s, points=points_) if i == first else s for i, s in enumerate(series))


def _formatted(ctx: MarkupContext, fact_id: str) -> Formatted:
    return format_fact(ctx.factbase.get(fact_id), ctx.profile)


def _dated(series: ChartSeries, ctx: MarkupContext) -> ChartSeries:
    """Points whose periods differ (exports undated, a target for 2030): each spoken value with its own."""
    def dated(point: ChartPoint) -> ChartPoint:
        as_of = ctx.factbase.get(point.fact).as_of
        if not as_of:
            return point
        period = format_period(as_of, ctx.profile)
        return replace(point, spoken=ctx.translate("%(head)s (%(period)s)") % {"head": point.spoken, "period": period})
    return replace(series, points=tuple(dated(p) for p in series.points))


def _period(series: list[ChartSeries], ctx: MarkupContext) -> str:
    """The period every point's fact shares, as the deck writes it ("H1 2020", 2020年上半年); "" when they differ."""
    periods = {ctx.factbase.get(p.fact).as_of or "" for s in series for p in s.points}
    if len(periods) != 1 or not next(iter(periods)):
        return ""
    return format_period(next(iter(periods)), ctx.profile)


def _chart_style(chart: etree._Element, ctx: MarkupContext) -> str:
    """One chart, one way of writing its numbers, the text's: where ``auto`` would show some values
    compact (23.22万) and others in full (69,759) side by side, every value is compact if the language
    writes large numbers in words (its profile's ``auto_from``: the table beside the chart says 162.23万),
    else in full (English text writes 1,622,279)."""
    compact, full = False, False
    for element in chart.iter("point"):
        fact = ctx.factbase.facts.get(element.get("fact") or "")
        if element.get("style") or fact is None or not fact.is_number:
            continue  # _point reports unknown and non-numeric facts
        shown, digits = (format_fact(fact, ctx.profile, style).number for style in ("auto", "full"))
        if format_fact(fact, ctx.profile, "compact").number == digits:
            continue  # too small to be written any other way
        compact, full = compact or shown != digits, full or shown == digits
    if not (compact and full):
        return "auto"
    return "compact" if ctx.profile.numbers.auto_from is not None else "full"


def _point(element: etree._Element, ctx: MarkupContext, chart_style: str = "auto",
           emphasis: bool = False) -> ChartPoint | None:
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
                      display=display, note=note, note_fact=note_id if note else None,
                      emphasis=_flag(element, ctx) or emphasis, spoken=formatted.text)
