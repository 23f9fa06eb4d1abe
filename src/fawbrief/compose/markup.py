"""Slide markup → ``DeckSpec``.

The vocabulary (rendered by templates under autoescape, so fact text can never
become structure)::

    <deck title="…">
      <slide layout="content" key="exports">
        <title>Exports reached <f id="jiefang.exports.annual_units">60,000 units</f></title>
        <subtitle>…</subtitle>
        <bullet level="1">…</bullet>
        <kpi fact="…" label="…" style="compact"/>
        <chart kind="grouped_bar" unit="vehicles" title="…">
          <series name="Production" role="actual"><point fact="…" label="Hongqi" note="…"/></series>
        </chart>
        <table><tr><th>…</th></tr><tr><td>…</td></tr></table>
        <timeline><event><when>…</when><what>…</what></event></timeline>
        <notes><p>…</p></notes>
      </slide>
    </deck>

Chart values and KPI figures can only come from facts: they name a fact id and
the value is looked up and formatted here. Any digit in slide text outside an
``<f>`` marker is an orphan number and an error.
"""

from __future__ import annotations

import re

from lxml import etree

from fawbrief.compose import source_lines
from fawbrief.compose.markup_charts import parse_chart
from fawbrief.compose.markup_context import MarkupContext
from fawbrief.compose.planned import event_year, planned_label
from fawbrief.compose.vocabulary import check_vocabulary
from fawbrief.core.errors import InputError, raise_all
from fawbrief.core.layouts import LAYOUT_IDS
from fawbrief.core.numerals import has_figure
from fawbrief.core.text_rules import describe, first_unsafe_raw, unsafe_in_tree
from fawbrief.facts.formatting import format_fact, format_period
from fawbrief.model.slides import (
    Block,
    Bullet,
    Kpi,
    Run,
    Slide,
    Table,
    Text,
    Timeline,
    TimelineEvent,
)

MAX_TEXT = 2_000
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True,
                          load_dtd=False)


def parse_deck(markup: str, ctx: MarkupContext) -> tuple[str, tuple[Slide, ...]]:
    """Parse rendered markup into the deck title and slides; all errors together."""
    bad = first_unsafe_raw(markup)  # python-pptx would write it as "_x001B_"; lxml can't encode surrogates
    if bad:
        path, line = source_lines.where_in_output(markup, source_lines.offset_of(markup, bad[1], bad[2]))
        raise InputError(f"unsafe character {describe(bad[0])} in slide text", path=path or ctx.origin, line=line,
                         hint=None if line else f"line {bad[1]} of the rendered output")
    try:
        root = etree.fromstring(markup.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        rendered = exc.lineno or None
        path, line = source_lines.where_in_output(markup, source_lines.offset_of(markup, rendered or 1, exc.offset))
        message = re.sub(r",? line \d+(?:, column \d+)?", "", exc.msg)  # rendered-output lines mean nothing here
        raise InputError(f"rendered slide markup is not well-formed: {message}", path=path or ctx.origin, line=line,
                         hint=f"line {rendered} of the rendered output" if rendered and not line else None) from None
    if root.tag != "deck":
        path, line = source_lines.where(root)
        raise InputError(f"markup root must be <deck>, not <{root.tag}>", path=path or ctx.origin, line=line)
    _check_characters(root, ctx)
    _drop_unknown(root, ctx)
    slides = []
    for index, element in enumerate(root, start=1):
        slide = _slide(element, ctx, index)
        if slide is not None:
            slides.append(slide)
    if not slides:
        ctx.error("deck has no slides", root)
    raise_all(ctx.errors)
    return root.get("title", ""), tuple(slides)


def _check_characters(root: etree._Element, ctx: MarkupContext) -> None:
    """Unsafe characters that arrived as character references, and over-long attributes."""
    for number, element, char in unsafe_in_tree(root):
        ctx.error(f"{f'slide {number}' if number else 'deck'}: unsafe character {describe(char)} in text", element)
    for element in root.iter():
        for name, value in element.attrib.items():
            if len(value) > MAX_TEXT:
                ctx.error(f"<{element.tag} {name}>: attribute longer than {MAX_TEXT} characters", element)


def _drop_unknown(root: etree._Element, ctx: MarkupContext) -> None:
    """Unknown elements and attributes, and elements out of place, are errors (``vocabulary``); the
    elements are then left out, so the parser reads only what the vocabulary allows."""
    for element in check_vocabulary(root, ctx.error):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def _slide(element: etree._Element, ctx: MarkupContext, index: int) -> Slide | None:
    layout = element.get("layout", "content")
    if layout not in LAYOUT_IDS:
        ctx.error(f"slide {index}: unknown layout {layout!r}", element, hint=f"one of {', '.join(LAYOUT_IDS)}")
        return None
    title: Text = ()
    subtitle: Text = ()
    blocks: list[Block] = []
    notes: list[Text] = []
    for child in element:
        tag = child.tag
        if tag == "title":
            title = _text(child, ctx, f"slide {index} title")
        elif tag == "subtitle":
            subtitle = _text(child, ctx, f"slide {index} subtitle")
        elif tag == "bullet":
            blocks.append(Bullet(_text(child, ctx, f"slide {index} bullet"), _level(child, ctx)))
        elif tag == "kpi":
            kpi = _kpi(child, ctx)
            if kpi:
                blocks.append(kpi)
        elif tag == "chart":
            chart = parse_chart(child, ctx, index)
            if chart:
                blocks.append(chart)
        elif tag == "table":
            blocks.append(_table(child, ctx, index))
        elif tag == "timeline":
            blocks.append(_timeline(child, ctx, index))
        elif tag == "notes":
            notes.extend(_text(p, ctx, f"slide {index} notes") for p in child)
    if not title:
        ctx.error(f"slide {index}: slide has no <title>", element)
    return Slide(layout=layout, title=title, subtitle=subtitle, blocks=tuple(blocks), notes=tuple(notes),
                 key=element.get("key", f"slide-{index}"))


def _text(element: etree._Element, ctx: MarkupContext, where: str) -> Text:
    """Mixed content → runs; ``<f id>`` children become fact runs."""
    runs: list[Run] = []
    if element.text:
        runs.append(Run(element.text))
    for child in element:  # <f> only: the vocabulary check left out anything else
        fact_id = child.get("id")
        if ctx.fact_ok(fact_id, f"{where} <f>", element):
            runs.append(Run(child.text or "", fact_id, ctx.factbase.facts[fact_id].status != "actual"))
        if child.tail:
            runs.append(Run(child.tail))
    runs = _squash(runs)
    total = sum(len(run.text) for run in runs)
    if total > MAX_TEXT:
        ctx.error(f"{where}: text longer than {MAX_TEXT} characters", element)
    for run in runs:
        if run.fact is None and has_figure(_without(run.text, ctx.given)):
            ctx.error(f"{where}: number not from a fact: {run.text.strip()[:60]!r}", element,
                      hint="use {{ fact('id') }} for every figure")
    return tuple(runs)


def _without(text: str, given: tuple[str, ...]) -> str:
    """``text`` with the build's own values (the build date as the cover writes it) taken out."""
    for value in given:
        if value:
            text = text.replace(value, "")
    return text


def _squash(runs: list[Run]) -> list[Run]:
    """Collapse template whitespace: runs are joined by single spaces, ends trimmed."""
    out: list[Run] = []
    for run in runs:
        text = re.sub(r"\s+", " ", run.text)
        if out and out[-1].fact is None and run.fact is None:
            out[-1] = Run(out[-1].text + text)
        elif text or run.fact:
            out.append(Run(text, run.fact, run.planned))
    if out and out[0].fact is None:
        out[0] = Run(out[0].text.lstrip())
    if out and out[-1].fact is None:
        out[-1] = Run(out[-1].text.rstrip())
    return [run for run in out if run.text or run.fact]


def _level(element: etree._Element, ctx: MarkupContext) -> int:
    raw = element.get("level", "0")
    if raw not in {"0", "1", "2"}:
        ctx.error(f"bullet level must be 0, 1 or 2, not {raw!r}", element)
        return 0
    return int(raw)


def _kpi(element: etree._Element, ctx: MarkupContext) -> Kpi | None:
    fact_id = element.get("fact")
    if not ctx.fact_ok(fact_id, "<kpi>", element):
        return None
    assert fact_id is not None
    fact = ctx.factbase.get(fact_id)
    formatted = format_fact(fact, ctx.profile, element.get("style", "auto"))
    label = element.get("label") or fact.label
    if has_figure(label):
        ctx.error(f"<kpi fact={fact_id!r}> label has a number not from a fact: {label!r}", element)
    period = format_period(fact.as_of, ctx.profile)
    if period in (formatted.number, formatted.text):
        period = ""  # a year shown as the figure is its own period: "1956", not "1956 … 1956"
    return Kpi(fact=fact_id, value=formatted.number, unit=formatted.unit,
               label=planned_label(label, fact, ctx.translate), period=period, qualifier=formatted.qualifier,
               status=fact.status)


def _table(element: etree._Element, ctx: MarkupContext, index: int) -> Table:
    header: tuple[Text, ...] = ()
    rows: list[tuple[Text, ...]] = []
    for tr in element.iter("tr"):
        cells = tuple(_text(cell, ctx, f"slide {index} table") for cell in tr if cell.tag in ("th", "td"))
        if all(cell.tag == "th" for cell in tr) and not header and not rows:
            header = cells
        else:
            rows.append(cells)
    widths = {len(row) for row in rows} | ({len(header)} if header else set())
    if len(widths) > 1:
        ctx.error(f"slide {index}: table rows have different numbers of cells", element)
    return Table(header=header, rows=tuple(rows))


def _timeline(element: etree._Element, ctx: MarkupContext, index: int) -> Timeline:
    events = []
    for ev in element.iter("event"):
        when = ev.find("when")
        what = ev.find("what")
        if when is None or what is None:
            ctx.error(f"slide {index}: <event> needs <when> and <what>", ev)
            continue
        when_text, what_text = _text(when, ctx, f"slide {index} timeline"), _text(what, ctx, f"slide {index} timeline")
        events.append(TimelineEvent(when_text, what_text, planned=any(run.planned for run in (*when_text, *what_text)),
                                    year=event_year(when_text, ctx.factbase)))
    return Timeline(events=tuple(events))
