"""``fawbrief theme annotate``: one slide per layout of a master, each placeholder labelled with its type
and idx, the role the layout serves and where content would go — R officer's ``annotate_base()``, for
choosing a ``--layout ROLE=NAME`` mapping by looking.

Every placeholder of the layout is put on its slide (python-pptx leaves out the date, footer and
slide number; they are copied here), filled with its label in the master's own style. A line at the
foot of each slide names the layout, its type and master, and the roles it serves; the body area of a
layout that serves a content role is outlined, dashed. Works on any master the vetting accepts, also
one whose roles cannot be found (the labels are what is needed to map them).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from fawbrief.core import tokens as T
from fawbrief.core.errors import InputError
from fawbrief.core.text_metrics import FontMetrics, metrics_for
from fawbrief.write import areas
from fawbrief.write.fast_parts import package_parts
from fawbrief.write.fit import bad, fit_of, set_size
from fawbrief.write.geometry import Box
from fawbrief.write.reproducible import normalise_parts
from fawbrief.write.roles import LayoutInfo, choose, quote, read_layouts
from fawbrief.write.scheme import read_scheme
from fawbrief.write.theme import load_master

LABEL_PT = 12  # lint's smallest size: the annotated deck lints clean where its labels fit
OUTLINE = RGBColor.from_string(T.hex_digits(T.RED))  # our red, which no master uses for its text: the outline is ours


LAYOUT_MAP = "layout_map"  # each annotated slide's name (p:cSld/@name), as read/lint_space knows it


def annotate(path: Path, layouts: Mapping[str, str] | None = None) -> tuple[bytes, int]:
    """The annotated deck of the master at ``path`` and its number of slides."""
    prs = load_master(path)
    infos = read_layouts(prs)
    try:
        choices, _ = choose(infos, layouts or {}, path)
    except InputError:  # a master the build refuses: still shown, without roles
        choices = {}
    serves: dict[int, list[str]] = {}
    for role, choice in choices.items():
        serves.setdefault(id(choice.layout), []).append(f"{role}{' (fallback)' if choice.how == 'fallback' else ''}")
    page = Box(0, 0, int(prs.slide_width or 0), int(prs.slide_height or 0))
    fonts = read_scheme(prs).fonts
    metrics = metrics_for([fonts["major latin"], fonts["minor latin"]])
    for info in infos:
        slide = prs.slides.add_slide(info.layout)
        slide._element.cSld.set("name", LAYOUT_MAP)  # a map of the layout, sparse by design: lint exempts it
        _label_placeholders(slide, info, metrics)
        roles = serves.get(id(info), [])
        if any(role.split()[0] in ("content", "two", "title_only") for role in roles):
            _outline(slide, info, page)
        _caption(slide, info, roles, page)
    return normalise_parts(package_parts(prs)), len(infos)


def _label_placeholders(slide: object, info: LayoutInfo, metrics: FontMetrics) -> None:
    tree = slide.shapes._spTree  # type: ignore[attr-defined]
    on_slide = {int(ph.placeholder_format.idx) for ph in slide.placeholders}  # type: ignore[attr-defined]
    for ph in info.layout.placeholders:
        idx = int(ph.placeholder_format.idx)
        if idx not in on_slide:  # date, footer, slide number: python-pptx does not copy them
            _copy_placeholder(tree, ph._element)
    by_idx = {found.idx: found for found in info.placeholders}
    for ph in slide.placeholders:  # type: ignore[attr-defined]
        found = by_idx.get(int(ph.placeholder_format.idx))
        if found is None or not ph.has_text_frame:
            continue
        labels = [f"{found.type} idx {found.idx} · {found.name}", f"{found.type} idx {found.idx}"]
        _fit_label(slide, ph, labels, found.box, metrics)


def _fit_label(slide: object, ph: object, labels: list[str], box: Box | None, metrics: FontMetrics) -> None:
    """The longest of ``labels`` that fits ``box`` in the master's own size, or smaller down to
    ``LABEL_PT``; else the shortest at ``LABEL_PT``."""
    sp = ph._element  # type: ignore[attr-defined]
    for label in labels:
        ph.text_frame.text = label  # type: ignore[attr-defined]
        if box is None:
            return
        fit = fit_of(slide, sp, box, metrics)  # type: ignore[arg-type]
        size = max(fit.sizes, default=LABEL_PT)
        if size < LABEL_PT:  # a master's small style (pandoc's 10.5 pt captions): the label is ours
            size = LABEL_PT
            set_size(sp, size)
            fit = fit_of(slide, sp, box, metrics)  # type: ignore[arg-type]
        while bad(fit) and size > LABEL_PT:
            size = max(size - 2, LABEL_PT)
            set_size(sp, size)
            fit = fit_of(slide, sp, box, metrics)  # type: ignore[arg-type]
        if not bad(fit):
            return


def _copy_placeholder(tree: etree._Element, source: etree._Element) -> None:
    sp = etree.SubElement(tree, qn("p:sp"))
    sp.append(copy.deepcopy(source.find(qn("p:nvSpPr"))))
    ids = [int(i) for i in tree.xpath("//p:cNvPr/@id")]
    sp.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").set("id", str(max(ids, default=1) + 1))
    etree.SubElement(sp, qn("p:spPr"))
    body = etree.SubElement(sp, qn("p:txBody"))
    etree.SubElement(body, qn("a:bodyPr"))
    etree.SubElement(body, qn("a:lstStyle"))
    etree.SubElement(body, qn("a:p"))


def _outline(slide: object, info: LayoutInfo, page: Box) -> None:
    """The body area the writer fills on this layout, dashed."""
    parts = info.parts()
    boxes = {part: ph.box for part, ph in parts.items() if ph.box is not None}
    footers = [ph.box for ph in info.placeholders if ph.type in areas.FOOTER_TYPES and ph.box is not None]
    area = areas.body_area(page, boxes.get("body"), boxes.get("title"), footers, areas.artwork(info.layout, page))
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, area.left, area.top, area.width, area.height)  # type: ignore[attr-defined]
    shape.name = "Body area (fawbrief)"
    shape.fill.background()
    shape.line.color.rgb = OUTLINE
    shape.line.width = Pt(1.5)
    shape.line.dash_style = MSO_LINE.DASH
    shape.shadow.inherit = False


def _caption(slide: object, info: LayoutInfo, roles: list[str], page: Box) -> None:
    kind = f"type {info.type}" if info.type else "no type"
    master = f", master {info.master}" if info.master > 1 else ""
    serves = f" — serves {', '.join(roles)}" if roles else " — serves no role"
    height = Emu(Pt(LABEL_PT * 1.5) + Pt(7.2))  # one line (CJK lines are taller) and the box's insets
    box = slide.shapes.add_textbox(areas.EDGE, page.height - height, page.width - 2 * areas.EDGE, height)  # type: ignore[attr-defined]
    box.name = "Layout (fawbrief)"
    run = box.text_frame.paragraphs[0].add_run()
    run.text = f"layout {quote(info.name)} ({kind}{master}){serves}"
    run.font.size = Pt(LABEL_PT)
    run.font.color.rgb = OUTLINE
