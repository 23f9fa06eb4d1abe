"""A master's contract with the decks, for ``fawbrief theme check``: which layout serves each role and
why, its placeholders (type, idx, position, size), where content goes on it, the slide size, and the
theme's fonts and colours — what a communications team needs to see to make its master work.

Like R officer's ``layout_summary()``, but per role: the report says what the build will do with the
master, including fallbacks, so a mapping can be chosen before anything is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from fawbrief.core.layouts import LAYOUT_IDS
from fawbrief.core.units import emu_to_in
from fawbrief.write.geometry import Box
from fawbrief.write.roles import quote, read_layouts
from fawbrief.write.scheme import SLOTS, read_scheme
from fawbrief.write.theme import Theme

RATIOS = {Fraction(4, 3): "4:3", Fraction(16, 9): "16:9", Fraction(16, 10): "16:10", Fraction(1300, 900): "A4",
          Fraction(297, 210): "A4"}  # PowerPoint's "A4 Paper" is 10.83 × 7.5 in; a true A4 page 297 × 210 mm


HOW = {"type": "found by its placeholder type", "name": "found by its English name",
       "mapping": "mapped (--layout, [theme.layouts])"}
PARTS = {"title": "the title", "subtitle": "the subtitle", "body": "the body", "body2": "the second body",
         "footer": "the source line"}


def contract(path: Path, layouts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The contract of the master at ``path`` (mapped by ``layouts``), as plain data; ``InputError`` (the
    build's report) when the master cannot serve the decks."""
    theme = Theme.open(path, layouts)
    prs = theme.presentation
    scheme = read_scheme(prs)
    look = theme.look
    width, height = theme.slide_width, theme.slide_height
    roles = []
    for role in LAYOUT_IDS:
        choice, layout = theme.choices[role], theme.layout(role)
        info = choice.layout
        roles.append({
            "role": role, "layout": info.name, "master": info.master, "type": info.type, "how": choice.how,
            "why": choice.why,
            "placeholders": [{"part": _part(layout.placeholders, ph.idx), "type": ph.type, "idx": ph.idx,
                              "name": ph.name, **(_inches(ph.box) if ph.box else {})} for ph in info.placeholders],
            "body_area": _inches(layout.content_box) if role not in ("title", "section") else None,
        })
    scale = look.metrics.scale[0]
    return {
        "file": str(path),
        "slide": {"width_in": round(emu_to_in(width), 3), "height_in": round(emu_to_in(height), 3),
                  "shape": _ratio(width, height)},
        "fonts": {"major": {"latin": scheme.fonts["major latin"], "east_asian": scheme.fonts["major ea"]},
                  "minor": {"latin": scheme.fonts["minor latin"], "east_asian": scheme.fonts["minor ea"]},
                  "measured_as": "Arial" if scale == 1.0 else f"{scale:g}× Arial (no metrics for the face)",
                  "east_asian_in_runs": look.ea or "the theme's"},
        "colours": {slot: scheme.rgb[slot] for slot in SLOTS},
        "colour_map": {key: scheme.rgb[key] for key in ("bg1", "tx1", "bg2", "tx2")},
        "background": scheme.ground(),
        "look": {role: {"scheme": paint.scheme, "brightness": paint.brightness, "rgb": paint.rgb}
                 for role, paint in look.paints.items()} | {"literal": look.literal},
        "roles": roles,
        "notes": list(theme.notes),
        "layouts": [info.describe() for info in read_layouts(prs)],
    }


def _part(parts: dict[str, int], idx: int) -> str | None:
    return next((part for part, found in parts.items() if found == idx), None)


def _inches(box: Box) -> dict[str, float]:
    return {"left_in": round(emu_to_in(box.left), 2), "top_in": round(emu_to_in(box.top), 2),
            "width_in": round(emu_to_in(box.width), 2), "height_in": round(emu_to_in(box.height), 2)}


def _ratio(width: int, height: int) -> str:
    if not height:
        return "?"
    ratio = width / height
    return next((name for value, name in RATIOS.items() if abs(float(value) - ratio) < 0.01), f"{ratio:.2f}:1")


def contract_lines(found: dict[str, Any]) -> list[str]:
    """The contract as the command prints it, one fact a line."""
    slide, fonts = found["slide"], found["fonts"]
    lines = [f"theme: {found['file']}",
             f"slide: {slide['width_in']:.2f} × {slide['height_in']:.2f} in ({slide['shape']})",
             f"fonts: headings {_face(fonts['major'])}; body {_face(fonts['minor'])}",
             f"       text measured as {fonts['measured_as']}; East Asian text in {fonts['east_asian_in_runs']}",
             "colours: " + ", ".join(f"{slot} {value}" for slot, value in found["colours"].items()),
             "         as mapped: " + ", ".join(f"{key} {value}" for key, value in found["colour_map"].items())
             + f"; the slide's background shows {found['background']}",
             "roles:"]
    for role in found["roles"]:
        master = f", master {role['master']}" if role["master"] > 1 else ""
        how = HOW.get(role["how"]) or role["why"]
        lines.append(f"  {role['role']} → {quote(role['layout'])} (type {role['type'] or 'none'}{master}): {how}")
        for ph in role["placeholders"]:
            where = f" at {_where(ph)}" if "left_in" in ph else " (no position)"
            part = f" — {PARTS[ph['part']]}" if ph["part"] else ""
            lines.append(f"    {ph['type']} idx {ph['idx']} {quote(ph['name'])}{where}{part}")
        area = role["body_area"]
        if area:
            lines.append(f"    content goes in {_where(area)}")
    lines += [f"note: {note}" for note in found["notes"]]
    lines.append("layouts:")
    lines += [f"  {line}" for line in found["layouts"]]
    return lines


def _face(group: dict[str, str]) -> str:
    return f"{group['latin'] or '(none)'}, East Asian {group['east_asian'] or '(none)'}"


def _where(box: dict[str, Any]) -> str:
    return (f"{box['left_in']:.2f}, {box['top_in']:.2f} in, "
            f"{box['width_in']:.2f} × {box['height_in']:.2f} in")
