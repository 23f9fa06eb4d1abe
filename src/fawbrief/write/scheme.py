"""A theme's colour scheme, fonts and real background, read from its XML, and ``Paint``: a colour as the
writer gives it to a shape (a literal ``srgbClr``, or a scheme slot with PowerPoint's brightness).

Scheme slots resolve through the master's colour map (``bg1`` → ``lt1`` …), and a brightness the way
PowerPoint shows ``lumMod``/``lumOff`` (luminance in HSL), so roles can be checked for contrast. The
slide's real background (``ground``) is the content layout's or master's ``p:bg``: a solid colour,
the average of a gradient's stops, or of a picture's pixels.
"""

from __future__ import annotations

import colorsys
import io
from dataclasses import dataclass

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation

from fawbrief.core import tokens as T

SLOTS = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink",
         "folHlink")
MAP_DEFAULT = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}


@dataclass(frozen=True)
class Paint:
    """A colour as a shape gets it: literal (``srgbClr``) or a scheme slot with a brightness."""

    rgb: str  # "#RRGGBB": what it resolves to on this theme (for contrast and pictures)
    scheme: str | None = None  # "tx1", "bg1", "accent1" …; None: literal
    brightness: float = 0.0  # PowerPoint's: +0.25 is "lighter 25%", -0.05 "darker 5%"

    def element(self) -> etree._Element:
        """``a:srgbClr`` or ``a:schemeClr`` (with ``a:lumMod``/``a:lumOff``), for a ``solidFill``."""
        if self.scheme is None:
            color = etree.Element(qn("a:srgbClr"))
            color.set("val", T.hex_digits(self.rgb))
            return color
        color = etree.Element(qn("a:schemeClr"))
        color.set("val", self.scheme)
        mod, off = lum(self.brightness)
        if mod is not None:
            etree.SubElement(color, qn("a:lumMod")).set("val", str(mod))
        if off is not None:
            etree.SubElement(color, qn("a:lumOff")).set("val", str(off))
        return color

    def apply(self, color_format: object) -> None:
        """Set a python-pptx ``ColorFormat`` (a fill's or line's colour) to this paint."""
        if self.scheme is None:
            color_format.rgb = RGBColor.from_string(T.hex_digits(self.rgb))  # type: ignore[attr-defined]
            return
        color_format.theme_color = MSO_THEME_COLOR.from_xml(self.scheme)  # type: ignore[attr-defined]
        if self.brightness:
            color_format.brightness = self.brightness  # type: ignore[attr-defined]




@dataclass(frozen=True)
class SchemeColors:
    """A theme's colours as the master maps them, its fonts, and the master itself (for its background)."""

    name: str
    rgb: dict[str, str]  # slot or colour-map name → "#RRGGBB"
    fonts: dict[str, str]  # "major latin", "minor ea" … → typeface ("" when unnamed)
    master: object

    def paint(self, name: str, brightness: float = 0.0) -> Paint:
        """The scheme colour ``name`` (``tx1``, ``accent1`` …) at ``brightness``."""
        return Paint(brighten(self.rgb.get(name, T.BLACK), brightness), name, brightness)

    def matches(self, slots: dict[str, str]) -> bool:
        """Whether the scheme's slots hold exactly these colours."""
        return all(self.rgb.get(slot, "").upper() == color.upper() for slot, color in slots.items())

    def ground(self) -> str:
        """The colour the slide's background shows (the content layout's, else the master's), else ``bg1``."""
        layouts = list(self.master.slide_layouts)  # type: ignore[attr-defined]
        content = next((layout for layout in layouts if layout._element.get("type") == "obj"), None)
        for part in (content, self.master):
            if part is None:
                continue
            bg = part._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")  # type: ignore[attr-defined]
            found = self._background(part, bg) if bg is not None else None
            if found is not None:
                return found
        return self.rgb.get("bg1", T.WHITE)

    def _background(self, part: object, bg: etree._Element) -> str | None:
        pr = bg.find(qn("p:bgPr"))
        if pr is None:
            ref = bg.find(qn("p:bgRef"))
            return self.color(ref[0]) if ref is not None and len(ref) else None
        fill = pr[0] if len(pr) else None
        kind = etree.QName(fill).localname if fill is not None else ""
        if kind == "solidFill" and len(fill):
            return self.color(fill[0])
        if kind == "gradFill":
            stops = [self.color(gs[0]) for gs in fill.iter(qn("a:gs")) if len(gs)]
            return _average([c for c in stops if c]) if stops else None
        if kind == "blipFill":
            return _picture_colour(part, fill)
        return None

    def color(self, element: etree._Element) -> str | None:
        """The colour an ``a:srgbClr``/``a:schemeClr``/``a:sysClr`` element shows, its lumMod/lumOff applied."""
        kind = etree.QName(element).localname
        if kind == "srgbClr":
            base = "#" + (element.get("val") or "000000")
        elif kind == "schemeClr":
            base = self.rgb.get(element.get("val") or "", "")
        elif kind == "sysClr":
            base = "#" + (element.get("lastClr") or "000000")
        else:
            return None
        if not base:
            return None
        mod = element.find(qn("a:lumMod"))
        off = element.find(qn("a:lumOff"))
        return _lum_mod(base, int(mod.get("val")) if mod is not None else 100000,
                        int(off.get("val")) if off is not None else 0)


def read_scheme(prs: Presentation) -> SchemeColors:
    """The colours, fonts and first master of ``prs``'s theme."""
    master = prs.slide_masters[0]
    theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    scheme = theme.find(f"{qn('a:themeElements')}/{qn('a:clrScheme')}")
    slots = {name: _slot_rgb(scheme.find(qn(f"a:{name}")) if scheme is not None else None) for name in SLOTS}
    color_map = master._element.find(qn("p:clrMap"))
    mapped = {key: (color_map.get(key) if color_map is not None else None) or default
              for key, default in MAP_DEFAULT.items()}
    rgb = {**slots, **{key: slots.get(slot, T.BLACK) for key, slot in mapped.items()}}
    return SchemeColors(scheme.get("name", "") if scheme is not None else "", rgb, _fonts(theme), master)


def _slot_rgb(slot: etree._Element | None) -> str:
    if slot is None or not len(slot):
        return T.BLACK
    color = slot[0]
    if etree.QName(color).localname == "sysClr":
        value = color.get("lastClr") or ("FFFFFF" if color.get("val") == "window" else "000000")
    else:
        value = color.get("val") or "000000"
    return "#" + value.upper()


def _fonts(theme: etree._Element) -> dict[str, str]:
    found = {}
    scheme = theme.find(f"{qn('a:themeElements')}/{qn('a:fontScheme')}")
    for group in ("major", "minor"):
        fonts = scheme.find(qn(f"a:{group}Font")) if scheme is not None else None
        for script in ("latin", "ea"):
            face = fonts.find(qn(f"a:{script}")) if fonts is not None else None
            found[f"{group} {script}"] = (face.get("typeface") or "") if face is not None else ""
    return found


def lum(brightness: float) -> tuple[int | None, int | None]:
    """``lumMod``/``lumOff`` for a brightness, as PowerPoint writes them."""
    if brightness > 0:
        return round((1 - brightness) * 100000), round(brightness * 100000)
    if brightness < 0:
        return round((1 + brightness) * 100000), None
    return None, None


def brighten(color: str, brightness: float) -> str:
    """The colour PowerPoint shows for ``color`` at ``brightness``."""
    if not brightness:
        return color
    mod, off = lum(brightness)
    return _lum_mod(color, mod or 100000, off or 0)


def _lum_mod(color: str, mod: int, off: int) -> str:
    r, g, b = (c / 255 for c in T.rgb(color))
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    light = min(max(light * mod / 100000 + off / 100000, 0.0), 1.0)
    return "#" + "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(h, light, s))


def _average(colors: list[str | None]) -> str | None:
    values = [T.rgb(c) for c in colors if c]
    if not values:
        return None
    return "#" + "".join(f"{round(sum(v[i] for v in values) / len(values)):02X}" for i in range(3))


def _picture_colour(part: object, fill: etree._Element) -> str | None:
    """The average colour of a background picture (None when it cannot be read)."""
    from PIL import Image, ImageStat

    blip = fill.find(qn("a:blip"))
    r_id = blip.get(qn("r:embed")) if blip is not None else None
    try:
        blob = part.part.related_part(r_id).blob  # type: ignore[attr-defined]
        with Image.open(io.BytesIO(blob)) as image:
            if image.mode.startswith("I;16") or image.mode == "I":
                image = image.point(lambda v: v / 256).convert("L")
            mean = ImageStat.Stat(image.convert("RGB")).mean
    except Exception:  # any picture Pillow cannot read: the background stays unknown
        return None
    return "#" + "".join(f"{round(c):02X}" for c in mean)
