"""Regenerate ``templates/themes/default.pptx``, the built-in fawbrief theme.

    python scripts/make_theme.py            # rewrite the committed theme
    python scripts/make_theme.py --check    # exit 1 if the committed file is stale
    python scripts/make_theme.py -o x.pptx  # write somewhere else

Starts from python-pptx's built-in default template, keeps six standard
layouts (so a corporate master with the same layout names can replace it),
redraws master and layouts on a 16:9 grid and writes the fawbrief colour and
font scheme into the theme. The output is byte-for-byte reproducible: zip
members are stored uncompressed (no dependence on the zlib build), in a fixed
order, with fixed timestamps, fixed core properties and no thumbnail.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

import pptx
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn

from fawbrief.core import tokens as T
from fawbrief.core.build_date import DEFAULT_BUILD_TIME
from fawbrief.core.namespaces import DML
from fawbrief.core.tokens import contrast
from fawbrief.core.units import DEFAULT_INSET_TB, EMU_PER_INCH, pt_to_emu
from fawbrief.write.reproducible import STORED_ZIP, zip_parts

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "templates" / "themes" / "default.pptx"

# --- colours: the design tokens (navy titles, dark-grey ink, FAW red accent) as RRGGBB -----------
NAVY = T.hex_digits(T.NAVY)  # dk2 / tx2: titles, title-slide band
INK = T.hex_digits(T.TEXT)  # dk1 / tx1: body text
WHITE = T.hex_digits(T.WHITE)  # lt1 / bg1
MIST = T.hex_digits(T.MIST)  # lt2 / bg2: section band
RED = T.hex_digits(T.RED)  # accent2: accent bars, bullets
GREY = T.hex_digits(T.TEXT_MUTED)  # slide numbers
SCHEME = {
    "dk1": INK, "lt1": WHITE, "dk2": NAVY, "lt2": MIST,
    "accent1": T.hex_digits(T.BLUE), "accent2": RED, "accent3": T.hex_digits(T.GREY_BLUE),
    "accent4": T.hex_digits(T.AMBER), "accent5": T.hex_digits(T.GREEN), "accent6": T.hex_digits(T.GREY),
    "hlink": T.hex_digits(T.BLUE), "folHlink": T.hex_digits(T.GREY_BLUE),
}
# (text, background, where) — every text colour the theme sets, on what it sits.
TEXT_ON_BACKGROUND = [
    (NAVY, WHITE, "content titles"),
    (INK, WHITE, "body text"),
    (GREY, WHITE, "slide number"),
    (WHITE, NAVY, "title-slide title and subtitle"),
    (NAVY, MIST, "section title"),
    (INK, MIST, "section subtitle"),
]
LATIN_FONT = T.LATIN_FONT
EA_FONT = T.EA_FONT

# --- grid (EMU) ---------------------------------------------------------------
IN = EMU_PER_INCH
SLIDE_W, SLIDE_H = 12192000, 6858000  # 13.333 x 7.5 in
MARGIN = 548640  # 0.6 in
CONTENT_W = SLIDE_W - 2 * MARGIN  # 11094720 = 12.133 in
TITLE = (MARGIN, 411480, CONTENT_W, IN)  # top 0.45 in, 1.0 in high
BAR = (MARGIN, 1353312, 548640, 54864)  # 0.6 x 0.06 in at 1.48 in
BODY_TOP, BODY_BOTTOM = 1508760, 6035040  # 1.65 in .. 6.6 in
BODY = (MARGIN, BODY_TOP, CONTENT_W, BODY_BOTTOM - BODY_TOP)
GUTTER = 320040  # 0.35 in
COL_W = (CONTENT_W - GUTTER) // 2  # 5387340 = 5.89 in
LEFT_COL = (MARGIN, BODY_TOP, COL_W, BODY_BOTTOM - BODY_TOP)
RIGHT_COL = (MARGIN + COL_W + GUTTER, BODY_TOP, COL_W, BODY_BOTTOM - BODY_TOP)
SLIDE_NO_W = 822960  # 0.9 in
SLIDE_NO = (SLIDE_W - MARGIN - SLIDE_NO_W, 6355080, SLIDE_NO_W, 274320)  # footer row at 6.95 in
BAND_W = 7315200  # 8.0 in: title / section band, full height
BAND = (0, 0, BAND_W, SLIDE_H)
COVER = (0, 0, SLIDE_W, SLIDE_H)  # the cover is navy edge to edge: no empty side panel beside its text
BAND_TEXT_W = BAND_W - 2 * MARGIN
COVER_TEXT_W = CONTENT_W  # the cover's title and subtitle take the whole width (audience, organisation, dates)
COVER_TITLE = (MARGIN, 1463040, COVER_TEXT_W, 2560320)  # 1.6 .. 4.4 in, text sits on the bottom
COVER_BAR = (MARGIN, 4206240, 822960, 54864)  # 0.9 x 0.06 in at 4.6 in
COVER_SUB = (MARGIN, 4480560, COVER_TEXT_W, 1463040)  # 4.9 .. 6.5 in
SECTION_TITLE = (MARGIN, 1463040, BAND_TEXT_W, 2560320)  # the section band's text: as before, on the band
SECTION_SUB = (MARGIN, 4480560, BAND_TEXT_W, 1463040)

FIXED_TIME = DEFAULT_BUILD_TIME
SLIDE_NUMBER_FIELD = "{B6F15C1E-2C43-4D5B-9A51-6F0F2B2E7A11}"

KEEP = ["Title Slide", "Title and Content", "Section Header", "Two Content", "Title Only", "Blank"]


# --- small XML builders -----------------------------------------------------
NO_GROUP = '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
PARA_ATTRS = f'algn="l" defTabSz="{IN}" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"'


def _sz(points: float) -> int:
    """A size in hundredths of a point, as ``sz`` and ``spcPts`` take it."""
    return round(points * 100)


def _xfrm(box: tuple[int, int, int, int]) -> str:
    x, y, cx, cy = box
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'


def _fill(color: str) -> str:
    if color in SCHEME_REFS:
        return f'<a:solidFill><a:schemeClr val="{SCHEME_REFS[color]}"/></a:solidFill>'
    return f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'


# Colours the master's colour map can express are written as scheme references.
SCHEME_REFS = {NAVY: "tx2", INK: "tx1", WHITE: "bg1", MIST: "bg2", RED: "accent2"}


def _rect(shape_id: int, name: str, box: tuple[int, int, int, int], color: str) -> str:
    """A plain filled rectangle (decoration, not a placeholder)."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/>'
        f'</p:nvSpPr><p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_fill(color)}'
        '<a:ln><a:noFill/></a:ln></p:spPr>'
        '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p>'
        '</p:txBody></p:sp>'
    )


def _body_pr(anchor: str, autofit: bool = True, top: int = 0, bottom: int = 0) -> str:
    fit = "<a:normAutofit/>" if autofit else ""
    return (f'<a:bodyPr vert="horz" wrap="square" lIns="0" tIns="{top}" rIns="0" bIns="{bottom}" rtlCol="0" '
            f'anchor="{anchor}">{fit}</a:bodyPr>')


def _title_body_pr() -> str:
    return _body_pr("b", bottom=64008)  # text sits 0.07 in above the accent bar


def _content_body_pr() -> str:
    return _body_pr("t", top=73152, bottom=DEFAULT_INSET_TB)  # first line 0.08 in below the box top


def _placeholder(shape_id: int, name: str, ph: str, box: tuple[int, int, int, int], body_pr: str,
                 prompt: str | list[tuple[int, str]], lst_style: str = "") -> str:
    if isinstance(prompt, str):
        prompt = [(0, prompt)]
    paras = "".join(
        f'<a:p><a:pPr lvl="{lvl}"/><a:r><a:rPr lang="en-US"/><a:t>{text}</a:t></a:r></a:p>' if lvl
        else f'<a:p><a:r><a:rPr lang="en-US"/><a:t>{text}</a:t></a:r></a:p>'
        for lvl, text in prompt
    )
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>{NO_GROUP}<p:nvPr>{ph}</p:nvPr>'
        f'</p:nvSpPr><p:spPr>{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'<p:txBody>{body_pr}<a:lstStyle>{lst_style}</a:lstStyle>{paras}</p:txBody></p:sp>'
    )


def _slide_number(shape_id: int, name: str, idx: int) -> str:
    lst = f'<a:lvl1pPr algn="r"><a:defRPr sz="{_sz(T.SMALL_PT)}">{_fill(GREY)}</a:defRPr></a:lvl1pPr>'
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>{NO_GROUP}'
        f'<p:nvPr><p:ph type="sldNum" sz="quarter" idx="{idx}"/></p:nvPr></p:nvSpPr>'
        f'<p:spPr>{_xfrm(SLIDE_NO)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f'<p:txBody>{_body_pr("t", autofit=False, top=22860)}<a:lstStyle>{lst}</a:lstStyle>'
        f'<a:p><a:fld id="{SLIDE_NUMBER_FIELD}" type="slidenum"><a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld>'
        '<a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>'
    )


def _sp_tree(shapes: list[str]) -> etree._Element:
    return parse_xml(
        f'<p:spTree {nsdecls("a", "p", "r")}><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
        '</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
        f'<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{"".join(shapes)}</p:spTree>'
    )


def _plain_level(size: int, color: str, bold: bool = False) -> str:
    b = ' b="1"' if bold else ""
    return (f'<a:lvl1pPr marL="0" indent="0" algn="l"><a:lnSpc><a:spcPct val="95000"/></a:lnSpc>'
            f'<a:buNone/><a:defRPr sz="{size}"{b}>{_fill(color)}</a:defRPr></a:lvl1pPr>')


# --- master -------------------------------------------------------------------
def _txt_styles() -> etree._Element:
    font = '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
    levels = []
    # Bullet geometry and sizes are the writer's (design tokens): 18, 16, then 14 pt.
    for n in range(1, 10):
        size = _sz(max(T.BODY_PT - T.LEVEL_STEP_PT * (n - 1), T.LABEL_PT))
        char = "–" if n % 2 == 0 else "•"
        levels.append(
            f'<a:lvl{n}pPr marL="{T.BULLET_INDENT * n}" indent="-{T.BULLET_INDENT}" {PARA_ATTRS}>'
            '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef>'
            f'<a:spcAft><a:spcPts val="{_sz(T.BULLET_SPACE_AFTER_PT) if n == 1 else 600}"/></a:spcAft>'
            '<a:buClr><a:schemeClr val="accent2"/></a:buClr><a:buFont typeface="Arial"/>'
            f'<a:buChar char="{char}"/>'
            f'<a:defRPr sz="{size}" kern="1200">{_fill(INK)}{font}</a:defRPr></a:lvl{n}pPr>'
        )
    other = "".join(
        f'<a:lvl{n}pPr marL="{IN // 2 * (n - 1)}" {PARA_ATTRS}>'
        f'<a:defRPr sz="1800" kern="1200">{_fill(INK)}{font}</a:defRPr></a:lvl{n}pPr>'
        for n in range(1, 10)
    )
    return parse_xml(
        f'<p:txStyles {nsdecls("a", "p")}><p:titleStyle>'
        f'<a:lvl1pPr {PARA_ATTRS}><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
        '<a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="{_sz(T.TITLE_PT)}" b="1" kern="1200">{_fill(NAVY)}<a:latin typeface="+mj-lt"/>'
        '<a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/></a:defRPr></a:lvl1pPr></p:titleStyle>'
        f'<p:bodyStyle>{"".join(levels)}</p:bodyStyle>'
        f'<p:otherStyle><a:defPPr><a:defRPr lang="en-US"/></a:defPPr>{other}</p:otherStyle></p:txStyles>'
    )


BODY_PROMPT = [(0, "Click to edit Master text styles"), (1, "Second level"), (2, "Third level")]


def _master_shapes() -> list[str]:
    return [
        _placeholder(2, "Title Placeholder 1", '<p:ph type="title"/>', TITLE, _title_body_pr(),
                     "Click to edit Master title style"),
        _placeholder(3, "Text Placeholder 2", '<p:ph type="body" idx="1"/>', BODY,
                     _content_body_pr(), BODY_PROMPT),
        _slide_number(4, "Slide Number Placeholder 3", 4),
    ]


def _title_ph(shape_id: int) -> str:
    return _placeholder(shape_id, f"Title {shape_id - 1}", '<p:ph type="title"/>', TITLE,
                        _title_body_pr(), "Click to edit Master title style")


def _layout_shapes(name: str) -> list[str]:
    """Shapes of each kept layout; ids start at 2 (1 is the group)."""
    if name == "Title Slide":
        return [
            _rect(2, "Title Band", COVER, NAVY),
            _rect(3, "Accent Bar", COVER_BAR, RED),
            _placeholder(4, "Title 1", '<p:ph type="ctrTitle"/>', COVER_TITLE, _body_pr("b"),
                         "Click to edit Master title style", _plain_level(4000, WHITE, bold=True)),
            _placeholder(5, "Subtitle 2", '<p:ph type="subTitle" idx="1"/>', COVER_SUB, _body_pr("t"),
                         "Click to edit Master subtitle style", _plain_level(2000, WHITE)),
        ]
    if name == "Section Header":
        return [
            _rect(2, "Section Band", BAND, MIST),
            _rect(3, "Accent Bar", COVER_BAR, RED),
            _placeholder(4, "Title 1", '<p:ph type="title"/>', SECTION_TITLE, _body_pr("b"),
                         "Click to edit Master title style", _plain_level(3600, NAVY, bold=True)),
            _placeholder(5, "Text Placeholder 2", '<p:ph type="body" idx="1"/>', SECTION_SUB, _body_pr("t"),
                         "Click to edit Master text styles", _plain_level(2000, INK)),
            _slide_number(6, "Slide Number Placeholder 3", 12),
        ]
    if name == "Title and Content":
        return [_title_ph(2), _rect(3, "Accent Bar", BAR, RED),
                _placeholder(4, "Content Placeholder 2", '<p:ph idx="1"/>', BODY,
                             _content_body_pr(), BODY_PROMPT),
                _slide_number(5, "Slide Number Placeholder 3", 12)]
    if name == "Two Content":
        return [_title_ph(2), _rect(3, "Accent Bar", BAR, RED),
                _placeholder(4, "Content Placeholder 2", '<p:ph sz="half" idx="1"/>', LEFT_COL,
                             _content_body_pr(), BODY_PROMPT),
                _placeholder(5, "Content Placeholder 3", '<p:ph sz="half" idx="2"/>', RIGHT_COL,
                             _content_body_pr(), BODY_PROMPT),
                _slide_number(6, "Slide Number Placeholder 4", 12)]
    if name == "Title Only":
        return [_title_ph(2), _rect(3, "Accent Bar", BAR, RED),
                _slide_number(4, "Slide Number Placeholder 2", 12)]
    if name == "Blank":
        return [_slide_number(2, "Slide Number Placeholder 1", 12)]
    raise ValueError(name)


# --- theme part -----------------------------------------------------------------
def _theme_xml(blob: bytes) -> bytes:
    a = f"{{{DML}}}"
    theme = etree.fromstring(blob)
    theme.set("name", "fawbrief")
    elements = theme.find(f"{a}themeElements")
    old = elements.find(f"{a}clrScheme")
    scheme = etree.Element(f"{a}clrScheme", name="fawbrief")
    for slot, color in SCHEME.items():
        etree.SubElement(etree.SubElement(scheme, f"{a}{slot}"), f"{a}srgbClr", val=color)
    elements.replace(old, scheme)

    fonts = elements.find(f"{a}fontScheme")
    fonts.set("name", "fawbrief")
    for major_minor in ("majorFont", "minorFont"):
        group = fonts.find(f"{a}{major_minor}")
        group.find(f"{a}latin").set("typeface", LATIN_FONT)
        group.find(f"{a}ea").set("typeface", EA_FONT)
        for script in group.findall(f"{a}font"):
            if script.get("script") == "Hans":
                script.set("typeface", EA_FONT)

    # Flat, calm shapes: solid fills, thin lines, no shadows or bevels.
    fmt = elements.find(f"{a}fmtScheme")
    fmt.set("name", "fawbrief")
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    lines = "".join(
        f'<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">{solid}<a:prstDash val="solid"/>'
        '<a:miter lim="800000"/></a:ln>' for w in map(pt_to_emu, (0.5, 1, 1.5))
    )
    replacement = parse_xml(
        f'<a:fmtScheme {nsdecls("a")} name="fawbrief"><a:fillStyleLst>{solid * 3}</a:fillStyleLst>'
        f'<a:lnStyleLst>{lines}</a:lnStyleLst><a:effectStyleLst>'
        f'{"<a:effectStyle><a:effectLst/></a:effectStyle>" * 3}</a:effectStyleLst>'
        f'<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst></a:fmtScheme>'
    )
    elements.replace(fmt, replacement)
    return etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- the build ------------------------------------------------------------------
def build() -> bytes:
    """The theme file's bytes."""
    for fg, bg, where in TEXT_ON_BACKGROUND:
        if contrast(fg, bg) < 4.5:
            raise SystemExit(f"contrast too low for {where}: #{fg} on #{bg} is {contrast(fg, bg):.2f}:1")

    prs = pptx.Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    prs.part._element.find(qn("p:sldSz")).attrib.pop("type", None)  # was "screen4x3"

    for layout in list(prs.slide_layouts):
        if layout.name not in KEEP:
            prs.slide_layouts.remove(layout)  # drops sldLayoutId and the master's relationship
    assert [layout.name for layout in prs.slide_layouts] == KEEP

    master = prs.slide_master._element
    c_sld = master.find(qn("p:cSld"))
    c_sld.replace(c_sld.find(qn("p:spTree")), _sp_tree(_master_shapes()))
    master.replace(master.find(qn("p:txStyles")), _txt_styles())
    for number, layout in enumerate(prs.slide_layouts, start=1):
        layout.part.partname = PackURI(f"/ppt/slideLayouts/slideLayout{number}.xml")  # no gaps
        layout_sld = layout._element.find(qn("p:cSld"))
        layout_sld.replace(layout_sld.find(qn("p:spTree")), _sp_tree(_layout_shapes(layout.name)))
        layout._element.set("preserve", "1")

    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    theme_part.blob = _theme_xml(theme_part.blob)

    package = prs.part.package
    for rId in [r for r in package._rels if package._rels[r].reltype == RT.THUMBNAIL]:
        package.drop_rel(rId)  # the stock 4:3 thumbnail would misrepresent the theme
    for rId in [r for r in prs.part.rels if prs.part.rels[r].reltype == RT.PRINTER_SETTINGS]:
        prs.part.drop_rel(rId)  # a Mac printer blob, irrelevant
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part.blob = (part.blob.replace(b"On-screen Show (4:3)", b"Widescreen")
                         .replace(b"<vt:lpstr>Office Theme</vt:lpstr>", b"<vt:lpstr>fawbrief</vt:lpstr>"))

    core = prs.core_properties
    core.title = "fawbrief default theme"
    core.subject = "Briefing decks on FAW Jiefang, FAW-Volkswagen and Changchun International Automobile City"
    core.author = core.last_modified_by = "fawbrief"
    core.comments = "Generated by scripts/make_theme.py; do not edit by hand."
    core.keywords = core.category = ""
    core.revision = 1
    core.created = core.modified = FIXED_TIME

    buffer = io.BytesIO()
    prs.save(buffer)
    with zipfile.ZipFile(buffer) as saved:
        members = {name: saved.read(name) for name in saved.namelist()}
    return zip_parts(members, STORED_ZIP)  # the decks' canonical order and date, stored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT}")
    parser.add_argument("--check", action="store_true", help="only compare with the existing file")
    args = parser.parse_args(argv)
    data = build()
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != data:
            print(f"{args.output} is out of date; run scripts/make_theme.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
