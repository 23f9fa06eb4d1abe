"""A shape's box (left, top, width, height in EMU), read once from its own transform or its layout's.

python-pptx answers ``shape.left`` (and ``top``, ``width``, ``height``) of a placeholder that has no
transform of its own by finding the layout placeholder it inherits from, anew for each of the four:
a walk over the layout's shapes every time. The line-break pass and ``lint`` ask for the box of
every shape on every slide, so a build repeated that search for every placeholder four times over.
``shape_box`` gives the same answer: a shape's own ``a:xfrm`` when it has one (a partial one goes to
python-pptx, which reads each value where it is), and when it has none, its layout placeholder's box,
looked up once per layout and placeholder idx and kept while the layout is alive (a weak map, so
nothing outlives the presentation it came from).

The module works on the shape objects python-pptx hands out without importing python-pptx (``core``
imports no later stage or reader): it reads their lxml elements, ``part`` and ``_base_placeholder``.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from fawbrief.core.namespaces import DML, PML, clark

Box = tuple[int, int, int, int]

_SP_XFRM = f"{clark(PML, 'spPr')}/{clark(DML, 'xfrm')}"
#: Where each kind of shape keeps its transform.
_XFRM = {
    clark(PML, "sp"): _SP_XFRM,
    clark(PML, "pic"): _SP_XFRM,
    clark(PML, "cxnSp"): _SP_XFRM,
    clark(PML, "graphicFrame"): clark(PML, "xfrm"),
    clark(PML, "grpSp"): f"{clark(PML, 'grpSpPr')}/{clark(DML, 'xfrm')}",
}
_OFF, _EXT = clark(DML, "off"), clark(DML, "ext")
_PH = f"./*/{clark(PML, 'nvPr')}/{clark(PML, 'ph')}"

#: Inherited boxes: layout part -> placeholder idx -> box (``None``: python-pptx finds no base).
_INHERITED: WeakKeyDictionary[Any, dict[int, Box | None]] = WeakKeyDictionary()


def shape_box(shape: Any) -> Box:
    """``shape``'s left, top, width and height in EMU, as python-pptx gives them (``None`` read as 0)."""
    element = shape._element
    path = _XFRM.get(element.tag)
    xfrm = element.find(path) if path is not None else None
    if xfrm is not None:
        own = _own_box(xfrm)
        return own if own is not None else _python_pptx_box(shape)  # partial: each value where it is
    if _inherits(shape, element):
        ph = element.find(_PH)
        idx = int(ph.get("idx", "0")) if ph is not None else 0
        layout_part = shape.part.slide_layout.part
        boxes = _INHERITED.setdefault(layout_part, {})
        if idx not in boxes:
            base = shape._base_placeholder
            boxes[idx] = shape_box(base) if base is not None else None
        box = boxes[idx]
        if box is not None:
            return box
    return _python_pptx_box(shape)


def _own_box(xfrm: Any) -> Box | None:
    """The box in a transform, when it holds all four values."""
    off, ext = xfrm.find(_OFF), xfrm.find(_EXT)
    if off is None or ext is None:
        return None
    try:
        return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))
    except (TypeError, ValueError):  # a value missing or malformed: python-pptx says what it makes of it
        return None


def _inherits(shape: Any, element: Any) -> bool:
    """Whether ``shape`` is a slide placeholder, which takes a missing box from its layout's placeholder
    (a layout's own placeholders inherit from the master; those are few and left to python-pptx)."""
    if not hasattr(shape, "_base_placeholder") or element.find(_PH) is None:
        return False
    part = getattr(shape, "part", None)
    layout = getattr(part, "slide_layout", None)
    return layout is not None and layout.part is not part


def _python_pptx_box(shape: Any) -> Box:
    return (int(shape.left or 0), int(shape.top or 0), int(shape.width or 0), int(shape.height or 0))
