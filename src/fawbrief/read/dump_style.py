"""What a dump records of how a shape is drawn, where the drawing says something: a target is not an actual.

Three marks, read from the drawing itself (any deck's, not only ours): a text shape with a dashed outline
(fawbrief draws a target's or plan's KPI card so), runs set in italic (a target's or plan's figure in a
table), and text-less ellipses — timeline markers — drawn ``filled`` or ``open`` (an outline on white: a
target or plan). Nothing else about geometry or colour is recorded, so dumps stay comparable.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

_LN = f"{qn('p:spPr')}/{qn('a:ln')}"
_GEOM = f"{qn('p:spPr')}/{qn('a:prstGeom')}"


def outline(shape: Any) -> str | None:
    """``"dashed"`` when the shape's outline is drawn and dashed, else None."""
    ln = shape._element.find(_LN)
    if ln is None or ln.find(qn("a:noFill")) is not None:
        return None
    dash = ln.find(qn("a:prstDash"))
    return "dashed" if dash is not None and dash.get("val", "solid") != "solid" else None


def styled_text(paragraph: Any) -> str | None:
    """The paragraph's text with each stretch of italic runs between underscores ("_education, healthcare_",
    however many runs the writer split it into), or None when no run is italic."""
    stretches: list[tuple[bool, str]] = []
    for run in paragraph.runs:
        rpr = run._r.find(qn("a:rPr"))
        italic = rpr is not None and rpr.get("i") in ("1", "true")
        if stretches and stretches[-1][0] == italic:
            stretches[-1] = (italic, stretches[-1][1] + run.text)
        else:
            stretches.append((italic, run.text))
    if not any(italic and text.strip() for italic, text in stretches):
        return None
    return "".join(f"_{text}_" if italic and text.strip() else text for italic, text in stretches).strip()


def marker(shape: Any) -> dict[str, Any] | None:
    """A text-less ellipse as ``{"kind": "marker", "fill": "filled" | "open"}``; None for other shapes."""
    geom = shape._element.find(_GEOM)
    if geom is None or geom.get("prst") != "ellipse" or etree.QName(shape._element).localname != "sp":
        return None
    if shape.has_text_frame and shape.text_frame.text.strip():
        return None
    ln = shape._element.find(_LN)
    drawn_outline = ln is not None and ln.find(qn("a:noFill")) is None and len(ln)
    return {"kind": "marker", "fill": "open" if drawn_outline else "filled"}
