"""Alt text that states a chart's data, for screen readers and for ``dump``.

Numbers are taken verbatim from each point's ``display`` and ``note`` (already
formatted for the deck's language); nothing is re-formatted here.
"""

from __future__ import annotations

from collections.abc import Callable

from fawbrief.model.slides import ChartPoint, ChartSeries, ChartSpec

MAX_CHARS = 1000
Translate = Callable[[str], str]
#: Every msgid ``alt_text`` may ask ``translate`` for (a catalog must hold them all).
MESSAGES = ("Bar chart", "Grouped bar chart", "Funnel chart", "Actual-and-target chart",
            "Donut chart", "Chart", "%(kind)s: %(title)s", "%(head)s, in %(unit)s", "%(head)s.",
            "target", "%(name)s (target)", "Target", "%(name)s: %(points)s.", "%(points)s.", "; ",
            "%(label)s %(value)s", "%(point)s (%(note)s)", "%(sentence)s %(next)s")

KIND_NAMES = {
    "bar": "Bar chart",
    "grouped_bar": "Grouped bar chart",
    "funnel": "Funnel chart",
    "target_actual": "Actual-and-target chart",
    "share": "Donut chart",
}
#: The kind names say only what is drawn, and the title follows a colon, so the two never repeat each
#: other ("Donut chart: share of FAW Group production", not "Donut chart of shares of Share of …").


def _same(msgid: str) -> str:
    return msgid


def alt_text(spec: ChartSpec, translate: Translate = _same) -> str:
    """One or a few sentences: chart kind and title, then each series' points.

    Example: "Grouped bar chart: FAW Group H1 output, in vehicles. Production:
    FAW Group 1,622,279 (+1.5%); Hongqi 69,759 (+89.5%). Sales: …". At most
    ``MAX_CHARS`` characters, cut at a point boundary with "…" when longer. ``translate``
    gives the words in the deck's language (see ``MESSAGES``); English by default.
    """
    t = translate
    head = t(KIND_NAMES.get(spec.kind, "Chart"))
    title = spec.title.strip().rstrip(".")
    if title:
        head = t("%(kind)s: %(title)s") % {"kind": head, "title": title}
    if spec.unit.strip() and spec.unit.strip() != "%":
        head = t("%(head)s, in %(unit)s") % {"head": head, "unit": spec.unit.strip()}
    parts = [t("%(head)s.") % {"head": head}]
    named = len(spec.series) > 1
    for series in spec.series:
        parts.append(_series_sentence(series, named or bool(series.name.strip()), t))
    text = ""
    for part in (p for p in parts if p):  # sentences one after the other: a space between in English, none in Chinese
        text = t("%(sentence)s %(next)s") % {"sentence": text, "next": part} if text else part
    return _bound(text)


def _series_sentence(series: ChartSeries, named: bool, t: Translate) -> str:
    points = t("; ").join(_point(p, t) for p in series.points)
    if not points:
        return ""
    name = series.name.strip()
    if series.role == "target":
        word = t("target")
        name = name if word in name.lower() else (t("%(name)s (target)") % {"name": name} if name else t("Target"))
        named = True
    if named and name:
        return t("%(name)s: %(points)s.") % {"name": name, "points": points}
    return t("%(points)s.") % {"points": points}


def _point(point: ChartPoint, t: Translate) -> str:
    text = (t("%(label)s %(value)s") % {"label": point.label.strip(), "value": point.display}).strip()
    if point.note:
        text = t("%(point)s (%(note)s)") % {"point": text, "note": point.note}
    return text


def _bound(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    cut = text[: MAX_CHARS - 1]
    for sep in ("; ", ". "):
        at = cut.rfind(sep)
        if at > MAX_CHARS // 2:
            return cut[:at] + " …"
    return cut + "…"
