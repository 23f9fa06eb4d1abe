"""The Markdown form of a dump: for people, and for the goldens ``verify`` diffs.

```
# Deck title

## Slide 3: Exports reached over 60,000 units a year

layout: Title and Content
facts: jiefang.exports.annual_units, jiefang.sprint2030.overseas_sales_target

- a text shape's paragraphs, one per line, indented two spaces per level, _italic runs_ in underscores
(a "box: dashed outline" line first when the shape's outline is dashed: a target's KPI card)

marker: filled (a timeline marker; "open" for a target or plan)

| a table | row |
|---|---|

chart BAR_CLUSTERED
- categories: 2024; 2025
- series "Sales": 1622279; 1630923
- alt: the chart's alt text

picture image/png sha256:…
- alt: the picture's alt text

notes:
> speaker notes, one paragraph per line
```

Every slide starts with a line ``## Slide N: …`` and no other line does (text,
table, chart and notes lines all start with another marker), so a file splits
back into slides unambiguously. Line breaks inside a paragraph or a cell are
written as ``<br>``; ``facts:`` is missing when the slide carries no record.
"""

from __future__ import annotations

from typing import Any

SLIDE_MARK = "## Slide "


def to_markdown(doc: dict[str, Any]) -> str:
    """The whole dump: a title line, then one section per slide."""
    parts = [f"# {_inline(doc.get('title', '')) or '(untitled)'}\n"]
    parts.extend(slide_markdown(slide) for slide in doc["slides"])
    return "\n".join(parts)


def slide_markdown(slide: dict[str, Any]) -> str:
    """One slide's section, ending in a newline."""
    lines = [f"{SLIDE_MARK}{slide['number']}: {_inline(slide['title']) or '(no title)'}", "",
             f"layout: {slide['layout']}"]
    if "facts" in slide:
        lines.append(f"facts: {', '.join(slide['facts']) or '(none)'}")
    for block in slide["blocks"]:
        lines.append("")
        lines.extend(_block(block))
    if slide["notes"]:
        lines.extend(["", "notes:"])
        lines.extend(f"> {_inline(line)}".rstrip() for line in slide["notes"])
    return "\n".join(lines) + "\n"


def _block(block: dict[str, Any]) -> list[str]:
    kind = block["kind"]
    if kind == "text":
        head = [f"box: {block['outline']} outline"] if block.get("outline") else []
        return [*head, *(f"{'  ' * p['level']}- {_inline(p.get('styled', p['text']))}" for p in block["paragraphs"])]
    if kind == "marker":
        return [f"marker: {block['fill']}"]
    if kind == "table":
        return _table(block["rows"])
    if kind == "chart":
        head = f"chart {block['type']}" + (f" “{_inline(block['title'])}”" if block["title"] else "")
        lines = [head, f"- categories: {'; '.join(_inline(c) for c in block['categories'])}".rstrip()]
        lines.extend(f"- series “{_inline(s['name'])}”: {'; '.join(_value(v) for v in s['values'])}"
                     for s in block["series"])
        return [*lines, *_alt(block)]
    if kind == "picture":
        return [f"picture {block['content_type'] or '(linked)'} sha256:{block['sha256'] or '-'}", *_alt(block)]
    return [f"graphic {block['uri']}", *_alt(block)]


def _table(rows: list[list[str]]) -> list[str]:
    if not rows:
        return ["| |"]
    width = max(len(row) for row in rows)
    lines = [_row(rows[0], width), "|" + "---|" * width]
    lines.extend(_row(row, width) for row in rows[1:])
    return lines


def _row(cells: list[str], width: int) -> str:
    padded = [*cells, *([""] * (width - len(cells)))]
    return "| " + " | ".join(_inline(cell).replace("|", "\\|") for cell in padded) + " |"


def _alt(block: dict[str, Any]) -> list[str]:
    return [f"- alt: {_inline(block['alt_text'])}"] if block.get("alt_text") else []


def _value(value: Any) -> str:
    return "—" if value is None else str(value)


def _inline(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "<br>")
