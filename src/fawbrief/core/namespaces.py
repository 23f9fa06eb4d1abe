"""The OOXML namespaces the tool spells itself (python-pptx's ``qn`` knows its own).

Modules that read or rewrite package XML with lxml alone (the reader, the package
vetting, the normaliser, the PDF page count) use these, so each URI is written once.
``clark`` gives the ``{namespace}local`` name lxml's ``find`` and ``Element`` take.
"""

from __future__ import annotations

#: PresentationML: slides, layouts, masters, ``p:extLst``.
PML = "http://schemas.openxmlformats.org/presentationml/2006/main"
#: DrawingML: text, shapes, themes (``a:``).
DML = "http://schemas.openxmlformats.org/drawingml/2006/main"
#: Relationship ids inside parts (``r:id``).
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: Extended (application) properties, ``docProps/app.xml``.
EXTENDED_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
#: Package relationship parts (``*.rels``).
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
#: ``[Content_Types].xml``.
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
#: The relationship type of a package thumbnail.
THUMBNAIL_REL = f"{PACKAGE_RELS}/metadata/thumbnail"


def clark(namespace: str, local: str) -> str:
    """``{namespace}local``: an element or attribute name as lxml spells it."""
    return f"{{{namespace}}}{local}"
