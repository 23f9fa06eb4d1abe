"""Lengths as OOXML stores them: English Metric Units (EMU), and the conversions the tool needs.

Every position and size in a ``.pptx`` is a whole number of EMU, chosen so that inches,
points and centimetres all convert exactly: 914,400 EMU per inch, 12,700 per point
(72 points per inch), 360,000 per centimetre. Font sizes are in points (``sz`` in
hundredths of a point). The default insets are PowerPoint's for a text body
(``a:bodyPr`` ``lIns``/``rIns`` and ``tIns``/``bIns``) and a table cell (``a:tcPr``
``marL``/``marR`` and ``marT``/``marB``): they apply whenever the attribute is absent.
"""

from __future__ import annotations

EMU_PER_INCH = 914_400
PT_PER_INCH = 72
EMU_PER_PT = EMU_PER_INCH // PT_PER_INCH  # 12,700
EMU_PER_CM = EMU_PER_INCH * 100 // 254  # 360,000: an inch is 2.54 cm exactly

#: PowerPoint's inset left and right of text when a body or cell states none: 0.1 in (91,440).
DEFAULT_INSET_LR = EMU_PER_INCH // 10
#: PowerPoint's inset above and below text when a body or cell states none: 0.05 in (45,720).
DEFAULT_INSET_TB = EMU_PER_INCH // 20


def emu_to_pt(emu: float) -> float:
    """EMU as points (not rounded: measurements compare fractions of a point)."""
    return emu / EMU_PER_PT


def pt_to_emu(points: float) -> int:
    """Points as whole EMU, the only lengths a package can hold."""
    return round(points * EMU_PER_PT)


def emu_to_in(emu: float) -> float:
    """EMU as inches (charts are drawn at their placed size in inches)."""
    return emu / EMU_PER_INCH


def in_to_emu(inches: float) -> int:
    """Inches as whole EMU."""
    return round(inches * EMU_PER_INCH)
