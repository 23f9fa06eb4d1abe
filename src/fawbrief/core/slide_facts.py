"""Which facts a slide uses, recorded inside the slide itself.

Storage choice: an extension element at the end of the slide part,

```xml
<p:sld>
  …
  <p:extLst>
    <p:ext uri="{5C40CE7A-DD80-4330-976D-93A1FC0CB1D6}">
      <fb:facts xmlns:fb="urn:fawbrief:facts:1">
        <fb:fact id="jiefang.exports.annual_units"/>
      </fb:facts>
    </p:ext>
  </p:extLst>
</p:sld>
```

``p:extLst`` is the schema's own extension point (the last child of ``p:sld``): an
application that does not know an ``ext`` URI skips it, so PowerPoint opens the
deck without a repair prompt and LibreOffice renders it unchanged. Why not the
alternatives: a custom attribute on a shape is a schema violation (PowerPoint
"repairs" the file); a document-level property part would map facts to slide
*positions*, which break as soon as someone reorders slides; speaker notes are
for people; a shape ``name`` is visible in the selection pane and gets edited.
The record travels with its slide; an editor that drops unknown extensions on
save (PowerPoint may) simply leaves a deck whose slides have no record, which
``dump`` shows as "not recorded" rather than as "no facts".

Only lxml is used here, so the writer and ``dump`` share one definition.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from fawbrief.core.namespaces import PML, clark

FACTS_EXT_URI = "{5C40CE7A-DD80-4330-976D-93A1FC0CB1D6}"
FACTS_NS = "urn:fawbrief:facts:1"

_EXT_LST = clark(PML, "extLst")
_EXT = clark(PML, "ext")
_FACTS = f"{{{FACTS_NS}}}facts"
_FACT = f"{{{FACTS_NS}}}fact"


def record_facts(sld: etree._Element, fact_ids: Sequence[str]) -> None:
    """Write ``fact_ids`` (in order) into the ``p:sld`` element's extension list, replacing any old record."""
    ext_lst = sld.find(_EXT_LST)
    if ext_lst is None:
        ext_lst = etree.SubElement(sld, _EXT_LST)  # last child of p:sld, as the schema requires
    for old in ext_lst.findall(_EXT):
        if old.get("uri") == FACTS_EXT_URI:
            ext_lst.remove(old)
    ext = etree.SubElement(ext_lst, _EXT, uri=FACTS_EXT_URI)
    facts = etree.SubElement(ext, _FACTS, nsmap={"fb": FACTS_NS})
    for fact_id in fact_ids:
        etree.SubElement(facts, _FACT, id=fact_id)


def read_facts(sld: etree._Element) -> list[str] | None:
    """The fact ids recorded on a ``p:sld`` element, or None when the slide has no record."""
    for ext in sld.iterfind(f"{_EXT_LST}/{_EXT}"):
        if ext.get("uri") != FACTS_EXT_URI:
            continue
        facts = ext.find(_FACTS)
        if facts is not None:
            return [fact.get("id", "") for fact in facts.iterfind(_FACT)]
    return None
