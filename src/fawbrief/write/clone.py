"""A loaded presentation's copy: a theme is vetted and parsed once per build, each deck written on a copy.

Writing a deck changes the presentation it writes on (slides, notes, pictures,
core properties, a notes master), so each deck needs its own. Opening the theme
again for each one reads the file, vets it, inflates the zip and parses every
part. ``clone_package`` instead copies the parsed package: a new object for
every part, with its own copy of the part's XML tree and relationships pointing
at the new parts; binary parts (pictures, fonts, media) share their bytes, which
nothing changes. The copy is a plain python-pptx package, written exactly as the
original would be.

python-pptx caches derived objects (``lazyproperty``) in each object's
``__dict__``; they refer to the original's objects, so the copy leaves them out
and python-pptx makes them afresh on first use. Internals used (tested against
python-pptx 1.0.2): a part's ``_element`` and ``_package``, a package's or part's
``_rels`` with its own ``_rels`` dict, and ``_Relationship``'s constructor.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from pptx.opc.package import OpcPackage, Part, XmlPart, _Relationship
from pptx.util import lazyproperty

T = TypeVar("T")


def clone_package(package: OpcPackage) -> tuple[OpcPackage, dict[Part, Part]]:
    """A copy of ``package`` sharing no mutable state with it, and each original part's copy."""
    twin = _uncached_copy(package)
    parts = {part: _uncached_copy(part) for part in package.iter_parts()}
    for original, part in parts.items():
        part._package = twin  # type: ignore[attr-defined]
        if isinstance(original, XmlPart):
            part._element = copy.deepcopy(original._element)  # type: ignore[attr-defined]
    _copy_rels(package, twin, parts)
    for original, part in parts.items():
        _copy_rels(original, part, parts)
    return twin, parts


def _uncached_copy(obj: T) -> T:
    """A new object of ``obj``'s class with its attributes but none of python-pptx's cached values."""
    cls = type(obj)
    twin = object.__new__(cls)
    twin.__dict__.update((name, value) for name, value in vars(obj).items()
                         if not isinstance(getattr(cls, name, None), lazyproperty))
    return twin


def _copy_rels(source: Any, target: Any, parts: dict[Part, Part]) -> None:
    """``target`` gets ``source``'s relationships (same ids, types, order), internal ones to the copies."""
    copied = target._rels._rels  # a fresh, empty collection: the cached one was left out
    for r_id, rel in source._rels.items():
        to = rel.target_ref if rel.is_external else parts[rel.target_part]
        copied[r_id] = _Relationship(rel._base_uri, r_id, rel.reltype, rel._target_mode, to)
