"""Alt text that states a chart's data in a plain sentence, for screen readers and for ``dump``.

"Doughnut chart: Share of FAW Group production (H1 2020). Hongqi 4.3%, Jiefang 14.3% and Other brands
81.4%." Numbers are taken verbatim from each point's ``spoken`` form (the value as a sentence writes it,
unit and all: "69,759 vehicles", "6.98万辆"), else its ``display``, and its ``note``; the period is the
chart's ``period``. All are already formatted for the deck's language; nothing is re-formatted here.
The words come from ``translate`` (the deck's catalog), so a Chinese deck reads "环形图：……（2020年上半年）。
红旗4.3%、解放14.3%和其他品牌81.4%。" without a language id in the code.
"""

from __future__ import annotations

from collections.abc import Callable

from fawbrief.model.slides import ChartPoint, ChartSeries, ChartSpec

MAX_CHARS = 1000
Translate = Callable[[str], str]
#: Every msgid ``alt_text`` may ask ``translate`` for (a catalog must hold them all).
MESSAGES = ("Bar chart", "Grouped bar chart", "Funnel chart", "Actual-and-target chart",
            "Doughnut chart", "Chart", "%(kind)s: %(title)s", "%(head)s (%(period)s)", "%(head)s. %(body)s",
            "%(sentence)s %(next)s", "%(name)s: %(points)s.", "%(points)s.", "%(items)s, %(item)s",
            "%(items)s and %(item)s", "%(label)s %(value)s", "%(point)s (%(note)s)", "%(point)s (target)",
            "target")

KIND_NAMES = {
    "bar": "Bar chart",
    "grouped_bar": "Grouped bar chart",
    "funnel": "Funnel chart",
    "target_actual": "Actual-and-target chart",
    "share": "Doughnut chart",
}
#: The kind names say only what is drawn, and the title follows a colon, so the two never repeat each
#: other ("Doughnut chart: Share of FAW Group production", not "Donut chart of shares of Share of …").


def _same(msgid: str) -> str:
    return msgid


def alt_text(spec: ChartSpec, translate: Translate = _same) -> str:
    """A plain sentence or two: the chart's kind, title and period, then each series' points.

    Example: "Grouped bar chart: Production and sales (H1 2020). Production: Hongqi 69,759
    vehicles (+89.5%) and Jiefang 232,164 vehicles (+16.5%). Sales: …". A chart whose every
    series has one point, each in a category of its own (an actual and a target on rows of their
    own), states the points alone; a target's point is marked "(target)" unless its label says so.
    At most ``MAX_CHARS`` characters, cut at a point boundary with "…" when longer. ``translate``
    gives the words in the deck's language (``MESSAGES``); English by default.
    """
    t = translate
    head = t(KIND_NAMES.get(spec.kind, "Chart"))
    title = spec.title.strip().rstrip(".")
    if title:
        head = t("%(kind)s: %(title)s") % {"kind": head, "title": title}
    if spec.period.strip():
        head = t("%(head)s (%(period)s)") % {"head": head, "period": spec.period.strip()}
    series = [s for s in spec.series if s.points]
    if _one_row_each(series):
        points = [_point(s.points[0], t, target=s.role == "target") for s in series]
        sentences = [t("%(points)s.") % {"points": _listed(points, t)}]
    else:
        named = len(series) > 1
        sentences = [_series_sentence(s, named, t) for s in series]
    body = sentences[0]
    for sentence in sentences[1:]:
        body = t("%(sentence)s %(next)s") % {"sentence": body, "next": sentence}
    return _bound(t("%(head)s. %(body)s") % {"head": head, "body": body})


def _one_row_each(series: list[ChartSeries]) -> bool:
    """Several series of one point each, every point in a category of its own (actual, target): the
    category labels name them, and the series names would only repeat them."""
    labels = [s.points[0].label for s in series if len(s.points) == 1]
    return len(series) > 1 and len(labels) == len(series) and len(set(labels)) == len(labels)


def _series_sentence(series: ChartSeries, named: bool, t: Translate) -> str:
    name = series.name.strip()
    said = named and t("target").lower() in name.lower()  # "Target: …" says it already
    points = _listed([_point(p, t, target=series.role == "target" and not said) for p in series.points], t)
    if named and name:
        return t("%(name)s: %(points)s.") % {"name": name, "points": points}
    return t("%(points)s.") % {"points": points}


def _listed(items: list[str], t: Translate) -> str:
    """"A, B and C" in the deck's words."""
    text = items[0]
    for index, item in enumerate(items[1:], start=2):
        pattern = "%(items)s and %(item)s" if index == len(items) else "%(items)s, %(item)s"
        text = t(pattern) % {"items": text, "item": item}
    return text


def _point(point: ChartPoint, t: Translate, target: bool = False) -> str:
    value = point.spoken or point.display
    text = (t("%(label)s %(value)s") % {"label": point.label.strip(), "value": value}).strip()
    if point.note:
        text = t("%(point)s (%(note)s)") % {"point": text, "note": point.note}
    if target and t("target").lower() not in point.label.lower():
        text = t("%(point)s (target)") % {"point": text}
    return text


def _bound(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    cut = text[: MAX_CHARS - 1]
    for sep in (", ", "; ", ". ", "、"):
        at = cut.rfind(sep)
        if at > MAX_CHARS // 2:
            return cut[:at] + " …"
    return cut + "…"
