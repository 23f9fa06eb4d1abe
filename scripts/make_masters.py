"""Make the corpus of test masters: corporate templates of every shape the tool must serve.

    python scripts/make_masters.py OUT_DIR             # every master, OUT_DIR/<name>.pptx
    python scripts/make_masters.py OUT_DIR --only dark  # some of them

Each master starts from python-pptx's own default template (4:3, Office's eleven layouts
with their standard types, Calibri) and is changed the way real templates differ: slide
sizes (4:3; 16:9 at 10 and 13.33 in; 16:10; A4), layouts named by a Chinese, Japanese or
German PowerPoint (with the standard types), untyped layouts that need a mapping, a
full-bleed title band, a footer bar, a logo, a dark background, theme fonts other than
Arial, an example slide with a hyperlink. Ours to use (the repository's licence); the tests
make them into a temporary folder (``tests/test_masters.py``), none is committed.
``MAPPINGS`` holds the layout mapping a master needs, if any.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path

import pptx
from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation
from pptx.util import Emu

from fawbrief.core.units import EMU_PER_INCH

IN = EMU_PER_INCH
#: python-pptx's eleven layouts as Chinese, Japanese and German PowerPoint name them, in its order.
CHINESE = ("标题幻灯片", "标题和内容", "节标题", "两栏内容", "比较", "仅标题", "空白", "内容与标题", "图片与标题",
           "标题和竖排文字", "竖排标题与文本")
JAPANESE = ("タイトル スライド", "タイトルとコンテンツ", "セクション見出し", "2 つのコンテンツ", "比較",
            "タイトルのみ", "白紙", "タイトル付きのコンテンツ", "タイトル付きの図", "タイトルと縦書きテキスト",
            "縦書きタイトルと縦書きテキスト")
GERMAN = ("Titelfolie", "Titel und Inhalt", "Abschnittsüberschrift", "Zwei Inhalte", "Vergleich", "Nur Titel", "Leer",
          "Inhalt mit Überschrift", "Bild mit Überschrift", "Titel und vertikaler Text", "Vertikaler Titel und Text")
UNTYPED = ("Cover", "Text page", "Chapter", "Split", "Side by side", "Headline", "Empty", "Text and picture",
           "Picture", "Vertical", "Vertical title")
#: The layout mapping a master needs (``--layout ROLE=NAME``), by master.
MAPPINGS: dict[str, dict[str, str]] = {"untyped": {"content": "Text page", "section": "Chapter"}}


def _base() -> Presentation:
    return pptx.Presentation()


def _resize(prs: Presentation, width: float, height: float) -> None:
    """A new slide size (inches), every position and size on the master and layouts scaled to it."""
    sx, sy = width * IN / prs.slide_width, height * IN / prs.slide_height
    prs.slide_width, prs.slide_height = Emu(round(width * IN)), Emu(round(height * IN))
    for part in [prs.slide_master, *prs.slide_layouts]:
        for xfrm in part._element.iter(qn("a:xfrm")):
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            if off is not None:
                off.set("x", str(round(int(off.get("x")) * sx)))
                off.set("y", str(round(int(off.get("y")) * sy)))
            if ext is not None:
                ext.set("cx", str(round(int(ext.get("cx")) * sx)))
                ext.set("cy", str(round(int(ext.get("cy")) * sy)))


def _rename(prs: Presentation, names: tuple[str, ...], untyped: bool = False) -> None:
    for layout, name in zip(prs.slide_layouts, names, strict=True):
        layout.name = name
        if untyped:
            layout._element.attrib.pop("type", None)


def _rect(tree: etree._Element, shape_id: int, name: str, box: tuple[int, int, int, int], color: str,
          first: bool = False) -> None:
    """A filled rectangle of artwork (``color``: a scheme colour name or RRGGBB)."""
    x, y, cx, cy = box
    scheme = color.startswith(("accent", "tx", "bg"))
    fill = f'<a:schemeClr val="{color}"/>' if scheme else f'<a:srgbClr val="{color}"/>'
    sp = parse_xml(
        f'<p:sp {nsdecls("p", "a")}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill>{fill}</a:solidFill><a:ln><a:noFill/></a:ln>'
        f'</p:spPr></p:sp>')
    if first:
        tree.insert(2, sp)  # after nvGrpSpPr and grpSpPr: behind everything
    else:
        tree.append(sp)


def _title_band(prs: Presentation) -> None:
    """A full-bleed band in accent1 behind the content titles, white titles on it."""
    master = prs.slide_master
    title = next(ph for ph in master.placeholders if ph.placeholder_format.type == 1)
    height = title.top + title.height + IN // 10
    _rect(master.shapes._spTree, 90, "Title band", (0, 0, prs.slide_width, height), "accent1", first=True)
    _white(master._element.find(f"{qn('p:txStyles')}/{qn('p:titleStyle')}/{qn('a:lvl1pPr')}"))
    for layout in prs.slide_layouts:  # the cover and section layouts have their own look: no band, dark titles
        if layout._element.get("type") in ("title", "secHead") or layout.name in (UNTYPED[0], UNTYPED[2]):
            layout._element.set("showMasterSp", "0")
            for ph in layout.placeholders:
                if ph.placeholder_format.type in (1, 3):  # title, centre title
                    _colour(ph._element.find(qn("p:txBody")), "tx1")


def _footer_bar(prs: Presentation) -> None:
    """A dark bar along the bottom with the footer placeholders on it, in white."""
    bar = round(0.45 * IN)
    top = prs.slide_height - bar
    _rect(prs.slide_master.shapes._spTree, 91, "Footer bar", (0, top, prs.slide_width, bar), "tx2", first=True)
    for part in [prs.slide_master, *prs.slide_layouts]:
        for ph in part.placeholders:
            if ph.placeholder_format.type in (13, 15, 16):  # slide number, footer, date
                if ph._element.find(f"{qn('p:spPr')}/{qn('a:xfrm')}") is not None:
                    ph.top, ph.height = top + IN // 20, bar - IN // 10
                if part is prs.slide_master:
                    lvl = ph._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}")
                    if lvl is not None:
                        _white(lvl)


def _white(lvl: etree._Element | None, color: str = "bg1") -> None:
    if lvl is None:
        return
    rpr = lvl.find(qn("a:defRPr"))
    if rpr is None:
        rpr = etree.SubElement(lvl, qn("a:defRPr"))
    for old in rpr.findall(qn("a:solidFill")):
        rpr.remove(old)
    rpr.insert(0, parse_xml(f'<a:solidFill {nsdecls("a")}><a:schemeClr val="{color}"/></a:solidFill>'))


def _colour(tx_body: etree._Element | None, color: str) -> None:
    """A placeholder's first-level text in ``color`` (its own list style)."""
    if tx_body is None:
        return
    lst = tx_body.find(qn("a:lstStyle"))
    if lst is None:
        lst = etree.SubElement(tx_body, qn("a:lstStyle"))
        tx_body.insert(1, lst)
    lvl = lst.find(qn("a:lvl1pPr"))
    if lvl is None:
        lvl = etree.SubElement(lst, qn("a:lvl1pPr"))
    _white(lvl, color)


def _logo(prs: Presentation) -> None:
    """A small square logo in the top right corner."""
    size = round(0.6 * IN)
    _rect(prs.slide_master.shapes._spTree, 92, "Logo",
          (prs.slide_width - size - IN // 5, IN // 5, size, size), "accent2")


def _dark(prs: Presentation) -> None:
    """A dark background: the colour map swaps light and dark, the background is the dark colour."""
    master = prs.slide_master._element
    color_map = master.find(qn("p:clrMap"))
    for key, value in {"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2"}.items():
        color_map.set(key, value)
    csld = master.find(qn("p:cSld"))
    for old in csld.findall(qn("p:bg")):
        csld.remove(old)
    csld.insert(0, parse_xml(f'<p:bg {nsdecls("p", "a")}><p:bgPr><a:solidFill><a:schemeClr val="bg1"/></a:solidFill>'
                             '<a:effectLst/></p:bgPr></p:bg>'))
    _scheme(prs, {"dk1": "1B2631", "lt1": "F4F6F7", "dk2": "212F3D", "lt2": "D6EAF8", "accent1": "F5B041"})


def _theme_xml(prs: Presentation) -> tuple[object, etree._Element]:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_master.part.part_related_by(RT.THEME)
    return part, etree.fromstring(part.blob)


def _save_theme(part: object, root: etree._Element) -> None:
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # type: ignore[attr-defined]


def _scheme(prs: Presentation, colors: dict[str, str]) -> None:
    part, root = _theme_xml(prs)
    scheme = root.find(f"{qn('a:themeElements')}/{qn('a:clrScheme')}")
    for slot, value in colors.items():
        element = scheme.find(qn(f"a:{slot}"))
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, qn("a:srgbClr")).set("val", value)
    _save_theme(part, root)


def _fonts(prs: Presentation, major: str, minor: str, ea: str = "") -> None:
    part, root = _theme_xml(prs)
    scheme = root.find(f"{qn('a:themeElements')}/{qn('a:fontScheme')}")
    for group, face in (("majorFont", major), ("minorFont", minor)):
        fonts = scheme.find(qn(f"a:{group}"))
        fonts.find(qn("a:latin")).set("typeface", face)
        fonts.find(qn("a:ea")).set("typeface", ea)
    _save_theme(part, root)


def _example_slide(prs: Presentation) -> None:
    """An example slide, as templates ship them, with a hyperlink and speaker notes."""
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Replace this example"
    run = slide.placeholders[1].text_frame.paragraphs[0].add_run()
    run.text = "Our website"
    run.hyperlink.address = "https://example.com/brand-guide"
    slide.notes_slide.notes_text_frame.text = "Delete this slide."


Recipe = Callable[[Presentation], None]
MASTERS: dict[str, tuple[str, list[Recipe]]] = {
    "classic-4x3": ("python-pptx's 4:3 default, Calibri", []),
    "wide-10in": ("16:9 at 10 × 5.63 in", [lambda p: _resize(p, 10, 5.625)]),
    "wide-13in": ("16:9 at 13.33 × 7.5 in, full-bleed title band, footer bar, logo",
                  [lambda p: _resize(p, 13.333, 7.5), _title_band, _footer_bar, _logo]),
    "sixteen-ten": ("16:10 at 10 × 6.25 in", [lambda p: _resize(p, 10, 6.25)]),
    "a4": ("A4 (PowerPoint's 10.83 × 7.5 in), footer bar", [lambda p: _resize(p, 10.833, 7.5), _footer_bar]),
    "chinese": ("layouts named by Chinese PowerPoint, 微软雅黑, 16:9",
                [lambda p: _resize(p, 13.333, 7.5), lambda p: _rename(p, CHINESE),
                 lambda p: _fonts(p, "Arial", "Arial", "微软雅黑")]),
    "japanese": ("layouts named by Japanese PowerPoint, 游ゴシック, title band",
                 [lambda p: _resize(p, 13.333, 7.5), lambda p: _rename(p, JAPANESE),
                  lambda p: _fonts(p, "游ゴシック Light", "游ゴシック", "游ゴシック"), _title_band]),
    "german": ("layouts named by German PowerPoint, 4:3, footer bar",
               [lambda p: _rename(p, GERMAN), _footer_bar]),
    "untyped": ("untyped layouts with the company's own names: needs a mapping",
                [lambda p: _rename(p, UNTYPED, untyped=True)]),
    "dark": ("a dark background, Georgia and Verdana, a logo, 16:9 at 10 in",
             [lambda p: _resize(p, 10, 5.625), _dark, lambda p: _fonts(p, "Georgia", "Verdana"), _logo]),
    "hyperlink": ("an example slide with a hyperlink, Trebuchet",
                  [_example_slide, lambda p: _fonts(p, "Trebuchet MS", "Trebuchet MS")]),
}


def make(name: str) -> bytes:
    """The master ``name`` as ``.pptx`` bytes."""
    prs = _base()
    for step in MASTERS[name][1]:
        step(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def write_all(folder: Path, names: list[str] | None = None) -> list[Path]:
    """Write the masters (all, or ``names``) into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names or list(MASTERS):
        path = folder / f"{name}.pptx"
        path.write_bytes(make(name))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the masters into")
    parser.add_argument("--only", nargs="+", choices=list(MASTERS), help="make only these")
    args = parser.parse_args(argv)
    for path in write_all(args.out, args.only):
        print(f"{path}  ({MASTERS[path.stem][0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
