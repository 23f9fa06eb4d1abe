"""Which facts each sentence of a slide cites, recorded inside the slide beside its fact list.

``slide_facts`` records the facts a slide uses; the claim rule of ``fawbrief lint`` needs more: which
facts *this* sentence cites, since a claim ("ranked first", "the only Chinese brand") is carried only by
a fact cited on the same sentence. The record is a second extension of the slide's ``p:extLst``::

    <p:ext uri="{5C40CE7A-DD80-4330-976D-93A1FC0CB1D7}">
      <fb:cites xmlns:fb="urn:fawbrief:facts:1">
        <fb:text key="3f1c…" ids="jiefang.brand.consecutive_years_first"/>
      </fb:cites>
    </p:ext>

``key`` is a digest of the sentence's text with its white space collapsed (``text_key``), so the record
holds no second copy of the words and a sentence edited by hand no longer matches: it then cites nothing
and its claims must stand on their own. Applications that do not know the URI skip the extension, as
they skip the fact list (see ``slide_facts``). Only lxml is used here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from lxml import etree

from fawbrief.core.namespaces import PML, clark
from fawbrief.core.slide_facts import FACTS_NS
from fawbrief.core.text_rules import join_layout_breaks

CITES_EXT_URI = "{5C40CE7A-DD80-4330-976D-93A1FC0CB1D7}"

_EXT_LST = clark(PML, "extLst")
_EXT = clark(PML, "ext")
_CITES = f"{{{FACTS_NS}}}cites"
_TEXT = f"{{{FACTS_NS}}}text"


def text_key(text: str) -> str:
    """The record's key for a sentence: a digest of its words, white space collapsed. The line breaks the writer
    places only to lay a text out (``\\v`` as read back) are dropped first: beside a Chinese character such a
    break stands between two words with no space, and read back as white space it would give the text another
    key, so lint would find no citation for a Chinese line the writer broke (a planned event's caption, say)."""
    return hashlib.sha256(" ".join(join_layout_breaks(text).split()).encode("utf-8")).hexdigest()[:16]


def record_cites(sld: etree._Element, sentences: Iterable[tuple[str, Sequence[str]]]) -> None:
    """Write ``(text, fact ids)`` pairs into the ``p:sld`` element's extension list, replacing any old
    record; sentences with the same text are merged."""
    merged: dict[str, list[str]] = {}
    for text, ids in sentences:
        if text.strip():
            merged.setdefault(text_key(text), []).extend(ids)
    ext_lst = sld.find(_EXT_LST)
    if ext_lst is None:
        ext_lst = etree.SubElement(sld, _EXT_LST)
    for old in ext_lst.findall(_EXT):
        if old.get("uri") == CITES_EXT_URI:
            ext_lst.remove(old)
    ext = etree.SubElement(ext_lst, _EXT, uri=CITES_EXT_URI)
    cites = etree.SubElement(ext, _CITES, nsmap={"fb": FACTS_NS})
    for key, ids in merged.items():
        etree.SubElement(cites, _TEXT, key=key, ids=" ".join(dict.fromkeys(ids)))


def read_cites(sld: etree._Element) -> dict[str, tuple[str, ...]] | None:
    """Sentence key → the fact ids it cites, or None when the slide has no record."""
    for ext in sld.iterfind(f"{_EXT_LST}/{_EXT}"):
        if ext.get("uri") != CITES_EXT_URI:
            continue
        cites = ext.find(_CITES)
        if cites is not None:
            return {text.get("key", ""): tuple((text.get("ids") or "").split()) for text in cites.iterfind(_TEXT)}
    return None
