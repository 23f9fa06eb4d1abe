"""Which layout of a master serves each role (``core/layouts``), and why; every problem in one report.

A role's layout is found, in this order, by:

1. the user's mapping (``--layout ROLE=NAME``, ``[theme.layouts]``), which overrides the rest;
2. the layout's placeholder type (``p:sldLayout/@type``): PowerPoint writes the same types in
   every language, so a master made in Chinese or Japanese PowerPoint (标题和内容, タイトルと
   コンテンツ) is read like an English one;
3. its standard English name (``Title and Content``), for masters whose layouts are untyped;
4. the placeholders it holds, for an untyped layout: a title and one body is a content layout.
   Two untyped layouts that both fit are ambiguous, and then only a mapping decides.

A layout is taken only if it holds the parts the writer fills there (``LAYOUT_ROLES``). The
``REQUIRED`` roles must be found; another role falls back (``FALLBACKS``) and says so. Whatever
is wrong (each missing role, each mapping that names no layout or one that lacks a part) is
reported at once, with every layout of the theme (its type and its placeholders' types and idx)
and the mappings that would fix it.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pptx.presentation import Presentation
from pptx.slide import SlideLayout

from fawbrief.core.errors import InputError, escape_control
from fawbrief.core.layouts import FALLBACKS, LAYOUT_IDS, LAYOUT_NAMES, LAYOUT_ROLES, LAYOUT_TYPES, REQUIRED
from fawbrief.write.geometry import Box

TITLE_TYPES = ("title", "ctrTitle")
BODY_TYPES = ("body", "obj")
UNTYPED = (None, "cust")
#: What a role's layout holds, in words (for the report).
WANTS = {"title": "a title and a subtitle", "content": "a title and one body", "two": "a title and two bodies",
         "title_only": "a title and no body", "section": "a title"}


@dataclass(frozen=True)
class PlaceholderInfo:
    """One placeholder of a layout: its OOXML type (``obj`` when unstated), idx, name and box."""

    type: str
    idx: int
    name: str
    box: Box | None  # None when neither the layout nor the master gives it a position


@dataclass(frozen=True, eq=False)
class LayoutInfo:
    """A layout of the theme as roles are matched against it."""

    name: str
    type: str | None  # p:sldLayout/@type; None when unstated
    master: int  # 1-based
    layout: SlideLayout
    placeholders: tuple[PlaceholderInfo, ...]

    def parts(self) -> dict[str, PlaceholderInfo]:
        """The parts the writer fills: ``title``, ``subtitle`` (else the first body), ``body``, ``body2``."""
        found: dict[str, PlaceholderInfo] = {}
        bodies = []
        for ph in self.placeholders:
            if ph.type in TITLE_TYPES and "title" not in found:
                found["title"] = ph
            elif ph.type == "subTitle" and "subtitle" not in found:
                found["subtitle"] = ph
            elif ph.type in BODY_TYPES and ph.box is not None:
                bodies.append(ph)
        bodies.sort(key=lambda ph: (ph.box.left, ph.box.top))  # type: ignore[union-attr]
        for part, ph in zip(("body", "body2"), bodies, strict=False):
            found[part] = ph
        return found

    def missing(self, role: str) -> list[str]:
        """The parts ``role`` needs that this layout lacks (a subtitle may be a body placeholder)."""
        parts = self.parts()
        lacking = []
        for part in LAYOUT_ROLES[role]:
            if part in parts or (part == "subtitle" and "body" in parts):
                continue
            lacking.append({"body2": "second body", "subtitle": "subtitle or body"}.get(part, part))
        return lacking

    def describe(self) -> str:
        """``'Title Slide' (type title): ctrTitle idx 0, subTitle idx 1`` — one line of the report."""
        kind = f"type {self.type}" if self.type else "no type"
        where = f", master {self.master}" if self.master > 1 else ""
        held = ", ".join(f"{ph.type} idx {ph.idx}" for ph in self.placeholders) or "no placeholders"
        return f"{quote(self.name)} ({kind}{where}): {held}"


@dataclass(frozen=True)
class Choice:
    """The layout chosen for a role, how (``mapping``, ``type``, ``name``, ``placeholders``,
    ``fallback``) and why, in words."""

    role: str
    layout: LayoutInfo
    how: str
    why: str


class ThemeContractError(InputError):
    """A theme that cannot serve the decks: every problem, one per line, and the fix."""

    def __init__(self, lines: Sequence[str], path: object) -> None:
        self.lines = list(lines)
        super().__init__(self.lines[0], path=str(path))

    def __str__(self) -> str:
        head = f"{self.location}: {escape_control(self.lines[0])}"
        return "\n".join([head, *(escape_control(line) for line in self.lines[1:])])


def quote(name: str) -> str:
    """A layout name as messages show it: quoted, so names holding commas ("Title, Content") stay whole."""
    return repr(name)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def read_layouts(prs: Presentation) -> list[LayoutInfo]:
    """Every layout of every master, in the order PowerPoint lists them."""
    infos = []
    for number, master in enumerate(prs.slide_masters, start=1):
        for layout in master.slide_layouts:
            placeholders = tuple(PlaceholderInfo(_ph_type(ph), int(ph.placeholder_format.idx),
                                                 ph.name, _box(ph)) for ph in layout.placeholders)
            infos.append(LayoutInfo(layout.name or "", layout._element.get("type"), number, layout, placeholders))
    return infos


def _ph_type(ph: object) -> str:
    """The placeholder's type as OOXML writes it (``obj`` when unstated)."""
    found = ph._element.xpath("./*[1]/p:nvPr/p:ph")  # type: ignore[attr-defined]
    return found[0].get("type", "obj") if found else "obj"


def _box(ph: object) -> Box | None:
    left, top, width, height = ph.left, ph.top, ph.width, ph.height  # type: ignore[attr-defined]
    if None in (left, top, width, height) or not width or not height:
        return None
    return Box(int(left), int(top), int(width), int(height))


def choose(layouts: list[LayoutInfo], mapping: Mapping[str, str], path: object) -> tuple[dict[str, Choice], list[str]]:
    """Each role's layout and the notes the build prints (fallbacks, guesses); ``ThemeContractError``
    listing every problem when a required role has no layout or a mapping is wrong."""
    problems: list[str] = []
    for role in mapping:
        if role not in LAYOUT_IDS:
            problems.append(f"--layout {role}=…: unknown role {role!r} (roles: {', '.join(LAYOUT_IDS)})")
    chosen: dict[str, Choice] = {}
    reasons: dict[str, list[str]] = {}
    for role in LAYOUT_IDS:
        if role in mapping:
            choice, problem = _mapped(role, mapping[role], layouts)
            if problem:
                problems.append(problem)
        else:
            choice, reasons[role] = _automatic(role, layouts)
        if choice is not None:
            chosen[role] = choice
    notes = [f"{c.role}: {c.why}" for c in chosen.values() if c.how == "placeholders"]
    missing = []
    for role in LAYOUT_IDS:
        if role in chosen or role in mapping:
            continue
        stand_in = chosen.get(FALLBACKS.get(role, ""))
        if stand_in is None:
            missing.append(role)
            continue
        chosen[role] = Choice(role, stand_in.layout, "fallback",
                              f"no layout of its own ({'; '.join(reasons[role])}); laid out on the "
                              f"{stand_in.role} layout {quote(stand_in.layout.name)}")
        notes.append(f"{role}: {chosen[role].why}")
    if missing or problems:
        raise ThemeContractError(_report(missing, problems, reasons, layouts), path)
    return chosen, notes


def _mapped(role: str, name: str, layouts: list[LayoutInfo]) -> tuple[Choice | None, str | None]:
    named = [info for info in layouts if info.name == name] or [info for info in layouts if _same(info.name, name)]
    flag = f"--layout {role}={quote(name)}"
    if not named:
        return None, f"{flag}: the theme has no layout of that name"
    info = named[0]
    lacking = info.missing(role)
    if lacking:
        return None, f"{flag}: that layout has no {' or '.join(lacking)} placeholder ({role} needs {WANTS[role]})"
    more = f" (the first of {len(named)} so named)" if len(named) > 1 else ""
    return Choice(role, info, "mapping", f"mapped to {quote(info.name)}{more}"), None


def _automatic(role: str, layouts: list[LayoutInfo]) -> tuple[Choice | None, list[str]]:
    """The layout found by type, name or placeholders, and why each step found none."""
    reasons = []
    unfit = []
    for kind in LAYOUT_TYPES[role]:
        for info in (i for i in layouts if i.type == kind):
            if not info.missing(role):
                return Choice(role, info, "type", f"layout {quote(info.name)} has type {kind}"), []
            unfit.append(f"{quote(info.name)} (type {kind}) has no {' or '.join(info.missing(role))} placeholder")
    reasons.append(f"no usable layout of type {' or '.join(LAYOUT_TYPES[role])}" + (f": {'; '.join(unfit)}"
                                                                                     if unfit else ""))
    for info in (i for i in layouts if _same(i.name, LAYOUT_NAMES[role])):
        if not info.missing(role):
            return Choice(role, info, "name", f"layout named {quote(info.name)}"), []
    reasons.append(f"none named {LAYOUT_NAMES[role]!r} that fits")
    fits = [info for info in layouts if info.type in UNTYPED and _signature(role, info)]
    names = list(dict.fromkeys(info.name for info in fits))
    if len(names) == 1:
        info = fits[0]
        return Choice(role, info, "placeholders", f"the untyped layout {quote(info.name)} holds {WANTS[role]} "
                      f"(map another with --layout {role}=NAME)"), []
    if names:
        reasons.append(f"{len(names)} untyped layouts hold {WANTS[role]} ({', '.join(map(quote, names))}): "
                       "ambiguous, map one")
    else:
        reasons.append(f"no untyped layout holds {WANTS[role]}")
    return None, reasons


def _signature(role: str, info: LayoutInfo) -> bool:
    """Whether an untyped layout's placeholders are those of ``role``'s layout."""
    types = [ph.type for ph in info.placeholders]
    bodies = sum(kind in BODY_TYPES for kind in types)
    if role == "title":
        return "ctrTitle" in types and "subTitle" in types
    if "title" not in types or "subTitle" in types or "ctrTitle" in types:
        return False
    return {"content": bodies == 1, "two": bodies == 2 and "body2" in info.parts(),
            "title_only": bodies == 0}.get(role, False)


def _report(missing: list[str], problems: list[str], reasons: dict[str, list[str]],
            layouts: list[LayoutInfo]) -> list[str]:
    head = []
    if missing:
        labelled = [f"{role} (required)" if role in REQUIRED else role for role in missing]
        head.append(f"theme has no layout for {', '.join(labelled)}")
    else:
        head.append("theme layout mapping does not work")
    lines = [*head[:1], *(f"  {problem}" for problem in problems)]
    for role in missing:
        fallback = FALLBACKS.get(role)
        tail = f"; its fallback, the {fallback} layout, is missing too" if fallback else ""
        lines.append(f"  {role}: {'; '.join(reasons.get(role, []))}{tail}")
    lines.append("  layouts in the theme:")
    lines.extend(f"    {info.describe()}" for info in layouts)
    lines.append("  to fix it:")
    waiting = [role for role in missing if FALLBACKS.get(role) in missing]
    mapped = [p.split("=", 1)[0].removeprefix("--layout ") for p in problems]
    for role in dict.fromkeys([*(r for r in missing if r not in waiting), *mapped]):
        if role not in LAYOUT_IDS:
            continue
        fits = sorted((info for info in layouts if not info.missing(role)),
                      key=lambda info: (not _signature(role, info), info.type not in UNTYPED))
        names = list(dict.fromkeys(info.name for info in fits))
        if names:
            lines.extend(f"    {role}: --layout {shlex.quote(f'{role}={name}')}" for name in names[:3])
        else:
            lines.append(f"    {role}: no layout holds {WANTS[role]}; add one to the master")
    for role in waiting:
        lines.append(f"    {role}: falls back to the {FALLBACKS[role]} layout once that is found")
    lines.append('    (or in fawbrief.toml: [theme.layouts] content = "NAME"; --layout is repeatable)')
    return lines
