"""Linear-time slides, notes and part names for python-pptx (python-pptx's known limits), without forking it.

python-pptx makes a deck of n slides with speaker notes cost O(n²): every new
notes slide, chart, workbook and picture is named by walking the whole package
(``OpcPackage.next_partname``, ``next_image_partname``), an identical picture
is looked for the same way, and every new slide scans all of the presentation's
relationships and slide ids. ``indexed_parts`` keeps, for one presentation
while the writer runs:

- an index of part names, read once and updated as names are handed out, that
  answers ``next_partname`` and ``next_image_partname`` by python-pptx's own
  rules (the highest free number up to count + 1; the first gap for pictures)
  and finds identical pictures by SHA-1;
- a slide factory: ``prs.slides.add_slide`` and each slide's notes slide copy
  a prototype made by python-pptx for the first slide of each layout (and the
  first notes slide) instead of cloning placeholders one by one, and relate the
  new part without searching for an existing relationship (it cannot have one).

The result is the package python-pptx would write: the same part names,
relationship ids, slide ids and XML (``tests/test_fast_parts.py`` compares the
bytes). Patches are instance attributes on this presentation's objects, removed
on exit, so nothing global changes. They assume no part leaves the package
while active, which holds for the writer: it only adds.

``placeholder_elements``, ``placeholder_at`` and ``notes_text_frame`` find a slide's
placeholders with one compiled XPath instead of python-pptx's per-shape queries.

``package_parts`` is what ``prs.save`` would write, member by member and not
zipped, for a caller that rewrites the package anyway (the writer normalises it:
one zip, one deflate).

python-pptx internals used (tested against 1.0.2): ``Slides._sldIdLst``, a
part's ``_element``, ``_Relationships._add_relationship`` (without it, relating
falls back to the public, O(n) ``relate_to``), ``SlidePart._add_notes_slide_part``
(the hook ``SlidePart.notes_slide`` calls to create a notes slide), and
``OpcPackage._rels`` with ``PackageWriter``'s ``_write*`` steps (what ``save`` runs).
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import io
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter
from pptx.oxml.ns import qn
from pptx.package import Package
from pptx.parts.image import Image, ImagePart
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation
from pptx.shapes.shapetree import SlideShapeFactory
from pptx.slide import Slide, SlideLayout

from fawbrief.core.namespaces import PML

IMAGE_PREFIX = "/ppt/media/image"
NOTES_TEMPLATE = "/ppt/notesSlides/notesSlide%d.xml"
PACKAGE_PATCHES = ("next_partname", "next_image_partname", "get_or_add_image_part")
MIN_SLIDE_ID = 256
SHAPE_TAGS = tuple(qn(tag) for tag in ("p:sp", "p:grpSp", "p:graphicFrame", "p:cxnSp", "p:pic", "p:contentPart"))
_PH = etree.XPath("./*[1]/p:nvPr/p:ph", namespaces={"p": PML})


class PartIndex:
    """The part names (and pictures by SHA-1) of one package, kept current as parts are named."""

    def __init__(self, package: Package) -> None:
        self._package = package
        self._names: set[str] = set()
        self._by_prefix: dict[str, set[str]] = {}
        self._image_idxs: list[int] = []
        self._images: dict[str, ImagePart] = {}
        for part in package.iter_parts():
            self._claim(part.partname)
            if isinstance(part, ImagePart):
                self._images.setdefault(part.sha1, part)

    def next_partname(self, tmpl: str) -> PackURI:
        """``OpcPackage.next_partname``: the highest free ``tmpl % n`` for n ≤ count + 1."""
        prefix = tmpl[: (tmpl % 42).find("42")]
        names = self._prefixed(prefix)
        for n in range(len(names) + 1, 0, -1):
            candidate = tmpl % n
            if candidate not in names:
                return self._claim(PackURI(candidate))
        raise RuntimeError(f"no free part name for {tmpl}")  # unreachable: n + 1 candidates, n names

    def next_image_partname(self, ext: str) -> PackURI:
        """``Package.next_image_partname``: the first gap in the picture numbers."""
        idx = len(self._image_idxs) + 1
        for position, used in enumerate(self._image_idxs, start=1):
            if position < used:
                idx = position
                break
        return self._claim(PackURI(f"{IMAGE_PREFIX}{idx}.{ext}"))

    def get_or_add_image_part(self, image_file: str | IO[bytes]) -> ImagePart:
        """``Package.get_or_add_image_part``: reuse an identical picture, else add one."""
        image = Image.from_file(image_file)
        part = self._images.get(image.sha1)
        if part is None:
            part = ImagePart.new(self._package, image)  # names itself through next_image_partname
            self._images[image.sha1] = part
        return part

    def _prefixed(self, prefix: str) -> set[str]:
        if prefix not in self._by_prefix:
            self._by_prefix[prefix] = {name for name in self._names if name.startswith(prefix)}
        return self._by_prefix[prefix]

    def _claim(self, partname: PackURI) -> PackURI:
        name = str(partname)
        if name in self._names:
            return partname
        self._names.add(name)
        for prefix, names in self._by_prefix.items():
            if name.startswith(prefix):
                names.add(name)
        if name.startswith(IMAGE_PREFIX) and partname.idx is not None:
            bisect.insort(self._image_idxs, partname.idx)
        return partname


class SlideFactory:
    """``Slides.add_slide`` and notes-slide creation in O(1) per slide, from prototypes."""

    def __init__(self, prs: Presentation, index: PartIndex) -> None:
        self._prs_part = prs.part
        self._package = prs.part.package
        self._index = index
        self._sld_id_lst = prs.slides._sldIdLst
        ids = [int(value) for value in self._sld_id_lst.xpath("./p:sldId/@id")]
        self._next_id = max([MIN_SLIDE_ID - 1, *ids]) + 1
        self._slides: dict[Part, etree._Element] = {}  # layout part -> slide with its placeholders
        self._notes: etree._Element | None = None  # a fresh notes slide
        self._notes_master: Part | None = None
        self.patched: list[SlidePart] = []

    def add_slide(self, layout: SlideLayout) -> Slide:
        """What ``Slides.add_slide`` does: part, relationship, placeholders, slide id."""
        partname = PackURI(f"/ppt/slides/slide{len(self._sld_id_lst) + 1}.xml")
        proto = self._slides.get(layout.part)
        if proto is None:
            part = SlidePart.new(partname, self._package, layout.part)
        else:
            part = SlidePart(partname, CT.PML_SLIDE, self._package, copy.deepcopy(proto))
            part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        r_id = _relate_new(self._prs_part, part, RT.SLIDE)
        slide = part.slide
        if proto is None:
            slide.shapes.clone_layout_placeholders(layout)
            self._slides[layout.part] = copy.deepcopy(part._element)
        sld_id = etree.SubElement(self._sld_id_lst, qn("p:sldId"))
        sld_id.set("id", str(self._next_id))
        sld_id.set(qn("r:id"), r_id)
        self._next_id += 1
        part._add_notes_slide_part = lambda: self._add_notes_slide_part(part)  # type: ignore[method-assign]
        self.patched.append(part)
        return slide

    def _add_notes_slide_part(self, slide_part: SlidePart) -> NotesSlidePart:
        """What ``SlidePart._add_notes_slide_part`` does, copying the first notes slide made."""
        if self._notes is None or self._notes_master is None:
            notes_part = NotesSlidePart.new(self._package, slide_part)
            self._notes = copy.deepcopy(notes_part._element)
            self._notes_master = notes_part.part_related_by(RT.NOTES_MASTER)
        else:
            notes_part = NotesSlidePart(self._index.next_partname(NOTES_TEMPLATE), CT.PML_NOTES_SLIDE,
                                        self._package, copy.deepcopy(self._notes))
            notes_part.relate_to(self._notes_master, RT.NOTES_MASTER)
            notes_part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes_part


def placeholder_elements(slide: Slide) -> list[tuple[int, etree._Element]]:
    """``(idx, element)`` of each placeholder shape on ``slide``, as ``slide.placeholders`` lists them,
    found with one compiled XPath instead of python-pptx's per-shape queries."""
    return [(int(ph.get("idx", "0")), shape) for shape in slide.shapes._spTree.iterchildren(*SHAPE_TAGS)
            for ph in _PH(shape)[:1]]


def placeholder_at(slide: Slide, idx: int) -> Any:
    """``slide.placeholders[idx]``, the same object, without python-pptx's per-shape queries."""
    for found, element in placeholder_elements(slide):
        if found == idx:
            return SlideShapeFactory(element, slide.placeholders)
    raise KeyError(f"no placeholder on this slide with idx == {idx}")


def notes_text_frame(slide: Slide) -> Any:
    """``slide.notes_slide.notes_text_frame`` (the notes body), without python-pptx's per-shape queries."""
    notes = slide.notes_slide
    for shape in notes.shapes._spTree.iterchildren(*SHAPE_TAGS):
        found = _PH(shape)
        if found and found[0].get("type") == "body":
            return SlideShapeFactory(shape, notes.placeholders).text_frame
    return None


def package_parts(prs: Presentation) -> dict[str, bytes]:
    """Every member ``prs.save`` would write, by name, without zipping them: the caller
    (``reproducible.normalise_parts``) orders and compresses them once."""
    package = prs.part.package
    if hasattr(package, "_rels") and hasattr(PackageWriter, "_write_parts"):
        members = _Members()
        writer = PackageWriter(io.BytesIO(), package._rels, tuple(package.iter_parts()))
        writer._write_content_types_stream(members)  # type: ignore[arg-type]
        writer._write_pkg_rels(members)  # type: ignore[arg-type]
        writer._write_parts(members)  # type: ignore[arg-type]
        return members.parts
    buffer = io.BytesIO()  # another python-pptx: its own save
    prs.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


class _Members:
    """Stands in for python-pptx's zip writer: keeps each member's bytes."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.parts[pack_uri.membername] = blob


def _relate_new(source: Part, target: Part, reltype: str) -> str:
    """``source.relate_to(target)`` for a target it cannot be related to yet: no O(n) search."""
    rels: Any = source.rels
    add = getattr(rels, "_add_relationship", None)  # python-pptx 1.0 internals; else the slow path
    return add(reltype, target) if add is not None else source.relate_to(target, reltype)


@contextlib.contextmanager
def indexed_parts(prs: Presentation) -> Iterator[PartIndex]:
    """While active, ``prs`` adds slides, notes slides, pictures and parts in O(1) each."""
    package = prs.part.package
    index = PartIndex(package)
    factory = SlideFactory(prs, index)
    for name in PACKAGE_PATCHES:
        setattr(package, name, getattr(index, name))
    prs.slides.add_slide = factory.add_slide  # type: ignore[method-assign]
    try:
        yield index
    finally:
        for name in PACKAGE_PATCHES:
            package.__dict__.pop(name, None)
        prs.slides.__dict__.pop("add_slide", None)
        for part in factory.patched:
            part.__dict__.pop("_add_notes_slide_part", None)
