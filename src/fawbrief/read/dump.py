"""The canonical content of any ``.pptx``: what ``fawbrief dump`` prints and the goldens hold.

Per slide: the layout name, the title, the fact ids the slide used (from the
record ``slide_facts`` writes; absent in decks we did not write), every other
shape's content in reading order, and the speaker notes. Reading order sorts
shapes by top, then left (ties keep the z-order); a group's shapes are read in
the same order inside the group. Content means: the paragraphs of a text shape
(with indent levels), a table's rows of cells, a chart's type, categories and
series values plus its alt text, a picture's alt text and the SHA-256 of its
image bytes. Nothing volatile: no relationship or shape ids, no shape names,
no dates, no slide-number fields. Core dates are left out, so a dump does not
depend on ``SOURCE_DATE_EPOCH``.

``canonical`` gives a plain dict (the JSON/YAML form); ``to_markdown`` the
human form, one ``## Slide N: title`` section per slide, which ``verify`` diffs.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.group import GroupShape
from pptx.shapes.picture import Picture
from pptx.slide import Slide

from fawbrief.core.errors import InputError
from fawbrief.core.slide_facts import read_facts
from fawbrief.core.text_rules import join_layout_breaks
from fawbrief.read import dump_style as style
from fawbrief.read.dump_markdown import to_markdown
from fawbrief.read.package import broken_package, open_bytes, open_file

FORMATS = ("md", "json", "yaml")


def dump_file(path: Path, fmt: str = "md") -> str:
    """Read the deck at ``path`` (vetted: ``read/package``) and render its canonical content as ``fmt``."""
    prs = open_file(Path(path))
    with broken_package(path):
        return render(_content(prs), fmt)


def render(doc: dict[str, Any], fmt: str) -> str:
    """A canonical dict as Markdown, JSON or YAML text (ending in a newline)."""
    if fmt == "md":
        return to_markdown(doc)
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        import yaml

        return str(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120))
    raise InputError(f"unknown dump format {fmt!r}", hint=f"formats: {', '.join(FORMATS)}")


def canonical(data: bytes, path: str | Path = "<deck>") -> dict[str, Any]:
    """The canonical content of the ``.pptx`` bytes ``data``."""
    prs = open_bytes(data, path)
    with broken_package(path):
        return _content(prs)


def _content(prs: Any) -> dict[str, Any]:
    slides = [_slide(slide, number) for number, slide in enumerate(prs.slides, start=1)]
    return {"title": prs.core_properties.title or "", "slides": slides}


def _slide(slide: Slide, number: int) -> dict[str, Any]:
    title_shape = slide.shapes.title
    entry: dict[str, Any] = {
        "number": number,
        "layout": slide.slide_layout.name,
        "title": _frame_text(title_shape) if title_shape is not None else "",
    }
    facts = read_facts(slide._element)
    if facts is not None:
        entry["facts"] = facts
    skip = title_shape.shape_id if title_shape is not None else None
    entry["blocks"] = [block for shape in _reading_order(slide.shapes) if shape.shape_id != skip
                       for block in _blocks(shape)]
    entry["notes"] = _notes(slide)
    return entry


def _reading_order(shapes: Any) -> list[BaseShape]:
    """Shapes sorted by top, then left; a stable sort keeps the z-order on ties."""
    return sorted(shapes, key=lambda shape: (shape.top or 0, shape.left or 0))


def _blocks(shape: BaseShape) -> Iterator[dict[str, Any]]:
    if isinstance(shape, GroupShape):
        for child in _reading_order(shape.shapes):
            yield from _blocks(child)
    elif isinstance(shape, Picture):
        yield _picture(shape)
    elif isinstance(shape, GraphicFrame):
        yield _graphic(shape)
    elif shape.has_text_frame and not _is_slide_number(shape):
        paragraphs = [_paragraph(p) for p in shape.text_frame.paragraphs if p.text.strip()]
        if paragraphs:
            block: dict[str, Any] = {"kind": "text", "paragraphs": paragraphs}
            if style.outline(shape):
                block["outline"] = style.outline(shape)
            yield block
        else:
            found = style.marker(shape)
            if found:
                yield found


def _cell_text(cell: Any) -> str:
    """A cell's text, italic runs between underscores (a target's or plan's figure)."""
    return "\n".join(style.styled_text(p) or p.text for p in cell.text_frame.paragraphs)


def _paragraph(p: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"level": p.level, "text": _clean(p.text)}
    styled = style.styled_text(p)
    if styled:
        entry["styled"] = _clean(styled)
    return entry


def _is_slide_number(shape: BaseShape) -> bool:
    return shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER


def _picture(shape: Picture) -> dict[str, Any]:
    try:
        image = shape.image
        digest, content_type = hashlib.sha256(image.blob).hexdigest(), image.content_type
    except Exception:  # a linked or missing image: no bytes to hash
        digest, content_type = "", ""
    return {"kind": "picture", "alt_text": _alt(shape), "content_type": content_type, "sha256": digest}


def _graphic(shape: GraphicFrame) -> dict[str, Any]:
    if shape.has_table:
        rows = [[("" if cell.is_spanned else _clean(_cell_text(cell))) for cell in row.cells]
                for row in shape.table.rows]
        return {"kind": "table", "rows": rows}
    if shape.has_chart:
        return _chart(shape)
    uri = shape._element.xpath("./a:graphic/a:graphicData/@uri")
    return {"kind": "graphic", "uri": str(uri[0]) if uri else "", "alt_text": _alt(shape)}


def _chart(shape: GraphicFrame) -> dict[str, Any]:
    chart = shape.chart
    try:
        chart_type = chart.chart_type.name
    except Exception:  # a plot type python-pptx does not know
        chart_type = "UNKNOWN"
    try:
        categories = [str(c) for c in chart.plots[0].categories] if len(chart.plots) else []
    except Exception:
        categories = []
    series = [{"name": str(s.name), "values": [_number(v) for v in s.values]} for s in chart.series]  # not lxml's
    title = _clean(chart.chart_title.text_frame.text) if chart.has_title else ""
    return {"kind": "chart", "type": chart_type, "title": title, "alt_text": _alt(shape),
            "categories": categories, "series": series}


def _notes(slide: Slide) -> list[str]:
    if not slide.has_notes_slide:
        return []
    frame = slide.notes_slide.notes_text_frame
    if frame is None:
        return []
    lines = [_clean(p.text) for p in frame.paragraphs]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _frame_text(shape: BaseShape) -> str:
    if not shape.has_text_frame:
        return ""
    return "\n".join(_clean(p.text) for p in shape.text_frame.paragraphs if p.text.strip())


def _alt(shape: BaseShape) -> str:
    found = shape._element.xpath("./*[1]/p:cNvPr/@descr")
    return _clean(found[0]) if found else ""


def _clean(text: str) -> str:
    """Line breaks (``\\v`` in python-pptx) as ``\\n``, but those that only lay the text out (the writer's,
    between Chinese words and after the space it breaks English at: ``join_layout_breaks``) dropped, so a
    dump is the text, not its lines; other whitespace at the ends trimmed."""
    return join_layout_breaks(text).replace("\v", "\n").strip()


def _number(value: float | None) -> int | float | str | None:
    if value is None:
        return None
    if not math.isfinite(value):
        return str(value)  # JSON has no NaN or infinity
    return int(value) if float(value).is_integer() else float(value)
