"""Themes: a ``.pptx``/``.potx`` whose master and layouts the decks are built on.

The writer asks for layouts by role (``core/layouts``); ``roles`` finds each role's layout
in the master (by placeholder type, English name or the placeholders it holds, or as the
user maps it), and ``areas`` works out where content may go on it. The built-in theme is
``templates/themes/default.pptx`` (made by ``scripts/make_theme.py``); any corporate master
whose layouts serve the roles can stand in for it. Everything is checked when the theme is
opened, so a bad theme fails before anything is built. A build opens the theme once; the
writer writes each deck on a ``clone`` of it.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pptx
from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.presentation import Presentation
from pptx.slide import Slide, SlideLayout

from fawbrief.core.errors import InputError
from fawbrief.core.layouts import LAYOUT_IDS
from fawbrief.core.package_vet import read_vetted
from fawbrief.resources import builtin_root
from fawbrief.write import areas
from fawbrief.write.clone import clone_package
from fawbrief.write.geometry import Box
from fawbrief.write.look import BUILTIN, Look, read_look
from fawbrief.write.roles import Choice, LayoutInfo, choose, read_layouts

DEFAULT_THEME = builtin_root() / "templates" / "themes" / "default.pptx"  # the built-in project's master


@dataclass(frozen=True, eq=False)
class ThemeLayout:
    """The layout found for a role: its placeholders by part and their boxes, and where content goes."""

    logical: str
    name: str
    layout: SlideLayout
    placeholders: dict[str, int]  # part ("title", "subtitle", "body", "body2", "footer") -> placeholder idx
    boxes: dict[str, Box] = field(repr=False)  # part -> the placeholder's box on the layout
    content_box: Box  # the body area, clear of the title, the footer row and the artwork
    columns: tuple[Box, Box] | None = None  # a two-column layout's body areas, left then right
    obstacles: tuple[Box, ...] = ()  # footer placeholders and artwork: what nothing may cover
    moved: tuple[str, ...] = ()  # parts whose box differs from the layout's (a title narrowed beside a logo)

    def box(self, role: str) -> Box:
        """The layout's box for a placeholder part ("title", "subtitle", "body", "body2", "footer")."""
        try:
            return self.boxes[role]
        except KeyError:
            raise KeyError(f"layout '{self.name}' has no {role} placeholder") from None

    def add_slide_number(self, slide: Slide, number: int | None = None) -> bool:
        """Give ``slide`` the layout's slide-number placeholder (python-pptx doesn't copy it).

        Returns False when the layout has none. The copy inherits position and
        style from the layout and shows the slide's number as a field. Pass the
        ``number`` when known: finding the slide's position costs O(slides).
        """
        if self._slide_number is None:
            return False
        nv_xml, field_id = self._slide_number
        nv_sp_pr = etree.fromstring(nv_xml)
        tree = slide.shapes._spTree
        nv_sp_pr.find(qn("p:cNvPr")).set("id", str(max(
            (int(i) for i in tree.xpath("//p:cNvPr/@id")), default=1) + 1))
        sp = etree.SubElement(tree, qn("p:sp"))
        sp.append(nv_sp_pr)
        etree.SubElement(sp, qn("p:spPr"))
        body = etree.SubElement(sp, qn("p:txBody"))
        etree.SubElement(body, qn("a:bodyPr"))
        etree.SubElement(body, qn("a:lstStyle"))
        fld = etree.SubElement(etree.SubElement(body, qn("a:p")), qn("a:fld"), type="slidenum", id=field_id)
        etree.SubElement(fld, qn("a:rPr"), lang="en-US")
        etree.SubElement(fld, qn("a:t")).text = str(number or _slide_position(slide))
        return True

    @functools.cached_property
    def _slide_number(self) -> tuple[bytes, str] | None:
        """The layout's slide-number placeholder (its ``nvSpPr`` XML and field id), looked up once."""
        source = next((ph for ph in self.layout.placeholders
                       if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER), None)
        if source is None:
            return None
        field_id = source._element.xpath(".//a:fld/@id")
        return (etree.tostring(source._element.find(qn("p:nvSpPr"))),
                field_id[0] if field_id else "{B6F15C1E-2C43-4D5B-9A51-6F0F2B2E7A11}")


class Theme:
    """A loaded theme: a presentation with no slides, and its layouts by role.

    ``choices`` says which layout serves each role and why (``theme check`` shows it);
    ``notes`` are what the build tells the user about them (fallbacks, guesses); ``look`` is the
    colours and fonts of what the writer draws."""

    def __init__(self, presentation: Presentation, layouts: dict[str, ThemeLayout], path: Path,
                 choices: Mapping[str, Choice] | None = None, notes: tuple[str, ...] = (),
                 look: Look = BUILTIN) -> None:
        self.presentation = presentation
        self.path = path
        self._layouts = layouts
        self.choices = dict(choices or {})
        self.notes = notes
        self.look = look

    @classmethod
    def open(cls, path: Path | None, layouts: Mapping[str, str] | None = None) -> Theme:
        """Open ``path`` (``None``: the built-in theme), drop its slides and find a layout for every role;
        ``layouts`` maps roles to layout names, overriding the automatic choice."""
        path = DEFAULT_THEME if path is None else Path(path)
        prs = load_master(path)
        choices, notes = choose(read_layouts(prs), layouts or {}, path)
        slide = Box(0, 0, int(prs.slide_width or 0), int(prs.slide_height or 0))
        resolved = {role: _theme_layout(role, choices[role].layout, slide) for role in LAYOUT_IDS}
        return cls(prs, resolved, path, choices, tuple(notes), read_look(prs))

    def clone(self) -> Theme:
        """A copy to write one deck on, so writing never changes this theme: the package as ``open``
        vetted, parsed and checked it, with XML trees of its own (no file read, no zip, no parsing)."""
        package, parts = clone_package(self.presentation.part.package)
        layouts = {logical: replace(layout, layout=parts[layout.layout.part].slide_layout)  # type: ignore[attr-defined]
                   for logical, layout in self._layouts.items()}
        return Theme(package.presentation_part.presentation, layouts, self.path,  # type: ignore[attr-defined]
                     self.choices, self.notes, self.look)

    def layout(self, logical: str) -> ThemeLayout:
        """The layout for a role (``core/layouts``); an unknown role is an input error."""
        try:
            return self._layouts[logical]
        except KeyError:
            raise InputError(f"unknown layout id '{logical}'", path=self.path,
                             hint="layouts: " + ", ".join(LAYOUT_IDS)) from None

    @property
    def slide_width(self) -> int:
        return int(self.presentation.slide_width or 0)

    @property
    def slide_height(self) -> int:
        return int(self.presentation.slide_height or 0)


def _theme_layout(role: str, info: LayoutInfo, slide: Box) -> ThemeLayout:
    parts = info.parts()
    footer = next((ph for ph in info.placeholders if ph.type == "ftr" and ph.box is not None), None)
    if footer is not None:
        parts["footer"] = footer
    boxes = {part: ph.box for part, ph in parts.items() if ph.box is not None}
    footers = [ph.box for ph in info.placeholders if ph.type in areas.FOOTER_TYPES and ph.box is not None]
    art = areas.artwork(info.layout, slide)
    title = boxes.get("title")

    def area(body: Box | None) -> Box:
        return areas.body_area(slide, body, title, footers, art)

    moved: tuple[str, ...] = ()
    if title is not None and areas.beside_artwork(title, art) != title:
        boxes["title"] = title = areas.beside_artwork(title, art)
        moved = ("title",)
    columns = (area(boxes["body"]), area(boxes["body2"])) if "body2" in boxes else None
    return ThemeLayout(role, info.name, info.layout, {part: ph.idx for part, ph in parts.items()}, boxes,
                       area(boxes.get("body")), columns, tuple(footers + art), moved)


# --- loading --------------------------------------------------------------------
def load_master(path: Path) -> Presentation:
    """The template at ``path``, vetted and without its example slides (no role checked: ``theme annotate``
    shows any master, even one the build would refuse)."""
    prs = _load(path)
    _remove_slides(prs)
    return prs


def _load(path: Path) -> Presentation:
    data = read_vetted(path)  # sizes, zip bomb, macros, ActiveX, external links, before python-pptx; .potx as .pptx
    try:
        return pptx.Presentation(io.BytesIO(data))
    except Exception:  # zipfile, KeyError, lxml and python-pptx errors alike
        raise InputError("not a PowerPoint file", path=path) from None


def _remove_slides(prs: Presentation) -> None:
    """Drop every slide (a corporate template may ship examples); python-pptx has no API."""
    root = prs.part._element
    # Custom shows and sections point at the slides: PowerPoint would "repair" them. They go
    # first, as drop_rel keeps a relationship that is still referenced.
    for stale in root.findall(qn("p:custShowLst")):
        root.remove(stale)
    for ext in root.xpath("./p:extLst/p:ext"):
        if any(etree.QName(child).localname == "sectionLst" for child in ext):
            ext.getparent().remove(ext)
    sld_id_lst = prs.slides._sldIdLst
    for sld_id in list(sld_id_lst):
        sld_id_lst.remove(sld_id)
        prs.part.drop_rel(sld_id.rId)


def _slide_position(slide: Slide) -> int:
    slides = slide.part.package.presentation_part.presentation.slides
    for number, candidate in enumerate(slides, start=1):
        if candidate.slide_id == slide.slide_id:
            return number
    return len(slides)


