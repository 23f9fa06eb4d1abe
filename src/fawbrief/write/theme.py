"""Themes: a ``.pptx``/``.potx`` whose master and named layouts the decks are built on.

The writer asks for layouts by logical id (``core/layouts``); each resolves to a
layout with a standard PowerPoint name, so a corporate template with the same
layout names can stand in for the built-in ``templates/themes/default.pptx``
(made by ``scripts/make_theme.py``). Everything is checked when the theme is
opened, so a bad theme fails before anything is built. A build opens the theme
once; the writer writes each deck on a ``clone`` of it.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import pptx
from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.presentation import Presentation
from pptx.slide import Slide, SlideLayout

from fawbrief.core.errors import InputError
from fawbrief.core.layouts import LAYOUT_IDS, LAYOUT_NAMES, LAYOUT_ROLES
from fawbrief.core.package_vet import read_vetted
from fawbrief.core.units import EMU_PER_INCH
from fawbrief.resources import builtin_root
from fawbrief.write.clone import clone_package

DEFAULT_THEME = builtin_root() / "templates" / "themes" / "default.pptx"  # the built-in project's master

TITLE_GAP = EMU_PER_INCH // 5  # 0.2 in between the title's box and the content below it
FOOTER_GAP = 320040  # 0.35 in between the content and the footer row
NO_FOOTER_MARGIN = 822960  # 0.9 in kept free at the bottom when a layout has no footer placeholders

_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
_FOOTER_TYPES = (PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.DATE)


@dataclass(frozen=True)
class Box:
    """A placeholder's box on a layout, in EMU."""

    left: int  # EMU
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True, eq=False)
class ThemeLayout:
    """A layout found for a logical id: its placeholders by role and their boxes."""

    logical: str
    name: str
    layout: SlideLayout
    placeholders: dict[str, int]  # role -> placeholder idx
    boxes: dict[str, Box] = field(repr=False)  # role -> the placeholder's box on the layout
    content_box: Box  # the body's box, or the area below the title down to the footer row

    def box(self, role: str) -> Box:
        """The layout's box for a placeholder role ("title", "subtitle", "body", "body2")."""
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
    """A loaded theme: a presentation with no slides, and its layouts by logical id."""

    def __init__(self, presentation: Presentation, layouts: dict[str, ThemeLayout], path: Path) -> None:
        self.presentation = presentation
        self.path = path
        self._layouts = layouts

    @classmethod
    def open(cls, path: Path | None) -> Theme:
        """Open ``path`` (``None``: the built-in theme), drop its slides and check every layout."""
        path = DEFAULT_THEME if path is None else Path(path)
        prs = _load(path)
        _remove_slides(prs)
        layouts = {logical: _resolve(prs, path, logical) for logical in LAYOUT_IDS}
        return cls(prs, layouts, path)

    def clone(self) -> Theme:
        """A copy to write one deck on, so writing never changes this theme: the package as ``open``
        vetted, parsed and checked it, with XML trees of its own (no file read, no zip, no parsing)."""
        package, parts = clone_package(self.presentation.part.package)
        layouts = {logical: replace(layout, layout=parts[layout.layout.part].slide_layout)  # type: ignore[attr-defined]
                   for logical, layout in self._layouts.items()}
        return Theme(package.presentation_part.presentation, layouts, self.path)  # type: ignore[attr-defined]

    def layout(self, logical: str) -> ThemeLayout:
        """The layout for a logical id (``LAYOUTS``); an unknown id is an input error."""
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


# --- loading --------------------------------------------------------------------
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


# --- checking a layout --------------------------------------------------------
def _all_layouts(prs: Presentation) -> list[SlideLayout]:
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def _find_layout(prs: Presentation, name: str) -> SlideLayout | None:
    layouts = _all_layouts(prs)
    for layout in layouts:
        if layout.name == name:
            return layout
    for layout in layouts:
        if (layout.name or "").casefold() == name.casefold():
            return layout
    return None


def _resolve(prs: Presentation, path: Path, logical: str) -> ThemeLayout:
    name = LAYOUT_NAMES[logical]
    layout = _find_layout(prs, name)
    if layout is None:
        names = list(dict.fromkeys(layout.name or "(unnamed)" for layout in _all_layouts(prs)))
        raise InputError(f"theme has no layout '{name}'", path=path,
                         hint="layouts: " + (", ".join(names) or "none"))

    roles: dict[str, object] = {}
    bodies = []
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        if kind in _TITLE_TYPES and "title" not in roles:
            roles["title"] = ph
        elif kind == PP_PLACEHOLDER.SUBTITLE and "subtitle" not in roles:
            roles["subtitle"] = ph
        elif kind in _BODY_TYPES:
            bodies.append(ph)
    bodies.sort(key=lambda ph: (_box(ph, path, layout).left, _box(ph, path, layout).top))
    for role, ph in zip(("body", "body2"), bodies, strict=False):
        roles[role] = ph

    for role in LAYOUT_ROLES[logical]:
        if role not in roles:
            what = "second body" if role == "body2" else role
            present = ", ".join(ph.name for ph in layout.placeholders) or "none"
            raise InputError(f"layout '{layout.name}' has no {what} placeholder", path=path,
                             hint=f"placeholders: {present}")

    placeholders = {role: ph.placeholder_format.idx for role, ph in roles.items()}  # type: ignore[attr-defined]
    boxes = {role: _box(ph, path, layout) for role, ph in roles.items()}
    content = boxes.get("body") or _below_title(prs, layout, boxes.get("title"), path)
    return ThemeLayout(logical, layout.name, layout, placeholders, boxes, content)


def _box(ph: object, path: Path, layout: SlideLayout) -> Box:
    """The placeholder's box on the layout, inherited from the master when the layout has none."""
    left, top = ph.left, ph.top  # type: ignore[attr-defined]
    width, height = ph.width, ph.height  # type: ignore[attr-defined]
    if None in (left, top, width, height) or not width or not height:
        raise InputError(f"layout '{layout.name}' has a placeholder without a position",
                         path=path, hint=f"placeholder: {ph.name}")  # type: ignore[attr-defined]
    return Box(int(left), int(top), int(width), int(height))


def _below_title(prs: Presentation, layout: SlideLayout, title: Box | None, path: Path) -> Box:
    """The area under the title, down to the footer row (or 0.9 in above the bottom edge)."""
    width, height = int(prs.slide_width or 0), int(prs.slide_height or 0)
    footers = [_box(ph, path, layout).top for ph in layout.placeholders
               if ph.placeholder_format.type in _FOOTER_TYPES and (ph.top or 0) > height // 2]
    bottom = min(footers) - FOOTER_GAP if footers else height - NO_FOOTER_MARGIN
    if title is None:
        margin = width // 20
        return Box(margin, margin, width - 2 * margin, max(bottom - margin, 0))
    top = title.bottom + TITLE_GAP
    return Box(title.left, top, title.width, max(bottom - top, 0))
