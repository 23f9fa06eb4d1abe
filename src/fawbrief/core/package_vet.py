"""The one vetted way into a ``.pptx``/``.potx`` the tool reads: a theme, or a deck to dump, lint or preview.

A package is a zip someone else made. Before python-pptx (or LibreOffice) sees it,
this module checks it from the file's size on disk and the zip's central directory,
then reads only the small XML parts it must, each with a cap while inflating:

- the limits (one set, for every reader): the file at most ``MAX_FILE_BYTES`` (200 MiB,
  checked with ``stat`` before a byte is read); at most ``MAX_MEMBERS`` parts (10,000:
  a 2,000-slide deck with notes); all parts together at most ``MAX_UNPACKED_BYTES``
  (512 MiB) and any XML part at most ``MAX_XML_PART_BYTES`` (4 MiB: lint measures about
  half a million characters a second, so a part that size is a few seconds' work, while
  a dense slide is 100 KB), as the directory declares them; no part over 1 MiB that
  inflates more than ``MAX_RATIO`` (100:1). A zip bomb fails here, unread;
- the declared sizes hold: every compressed part is inflated once, a megabyte at a time,
  and ``zipfile`` stops each at its declared size (a part that is larger fails its CRC
  check). python-pptx then reads each part whole, in one call that would inflate a
  lying part completely; vetted, no part holds more than it declares. Only stored and
  deflated parts are accepted (the methods PowerPoint writes; ``zipfile`` inflates the
  others without a bound);
- no encrypted parts, no part paths that leave the package;
- by ``Policy``: macros (``vbaProject.bin``, macro-enabled content types), ActiveX and
  embedded OLE objects refused (themes); external relationships refused, all of them
  (themes: LibreOffice would fetch them, or embed local files into the PDF) or all but
  hyperlinks (decks to render). A theme's example slides, and whatever only they lead to,
  are dropped by the build: an external link there goes with them (``drops_slides``),
  while one in a master, layout or theme part is refused;
- an OpenDocument presentation (``.odp``/``.otp``) is named as such, with the LibreOffice
  command that converts it.

``check_package`` returns the bytes ready for python-pptx: a template's or show's main
content type (``.potx``, ``.ppsx``) rewritten as a presentation's, which is all that
python-pptx refuses in them.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from fawbrief.core.errors import InputError
from fawbrief.core.namespaces import PACKAGE_RELS, clark
from fawbrief.core.odf import convert_hint, is_odf, odf_name

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_XML_PART_BYTES = 4 * 1024 * 1024
MAX_RATIO = 100  # unpacked / packed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
CONTENT_TYPES = "[Content_Types].xml"
_CHUNK = 1024 * 1024

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_ACTIVE_TYPES = (("macroenabled", "macros"), ("vbaproject", "macros"), ("activex", "ActiveX controls"),
                 ("oleobject", "embedded OLE objects"))
_ACTIVE_PARTS = (("vbaproject.bin", "macros"), ("ppt/activex/", "ActiveX controls"))
_MAIN = b"presentationml.presentation.main+xml"
_MACRO_MAIN = b"ms-powerpoint.presentation.macroEnabled.main+xml"
#: Templates and shows are presentations in all but the main part's content type.
_AS_PRESENTATION = {
    b"presentationml.template.main+xml": _MAIN,
    b"presentationml.slideshow.main+xml": _MAIN,
    b"ms-powerpoint.template.macroEnabled.main+xml": _MACRO_MAIN,
    b"ms-powerpoint.slideshow.macroEnabled.main+xml": _MACRO_MAIN,
}


@dataclass(frozen=True)
class Policy:
    """What a reader refuses beyond the limits, and how its messages name the file."""

    label: str = ""  # "theme": "theme file is larger than …"; "": "file is larger than …"
    allow_active: bool = True  # False: refuse macros, ActiveX controls and embedded OLE objects
    external: str = "allowed"  # or "refused" (every external target) or "hyperlinks" (all but hyperlinks)
    drops_slides: bool = False  # the reader drops the slides: links only slides lead to go with them

    def name(self, noun: str) -> str:
        """``noun`` as this reader's messages say it: "theme file", or just "file"."""
        return f"{self.label} {noun}" if self.label else noun


#: A theme: nothing active, nothing external.
THEME = Policy("theme", allow_active=False, external="refused", drops_slides=True)
#: A deck LibreOffice renders: it would fetch linked pictures and objects, or embed the files they name.
RENDER = Policy(external="hyperlinks")
#: A deck read for its content (dump, lint): only the limits.
READ = Policy()


def read_package(path: Path, policy: Policy = READ) -> bytes:
    """The file's bytes, ready for python-pptx, once they pass every check; ``InputError`` naming it otherwise."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # before reading: a 1 GB file costs nothing to refuse
            raise InputError(f"{policy.name('file')} is larger than {MAX_FILE_BYTES // 2**20} MiB", path=path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{policy.name('file')} not found", path=path) from None
    except OSError as error:
        reading = f"cannot read {policy.label}" if policy.label else "cannot read"
        raise InputError(f"{reading}: {error.strerror or error}", path=path) from None
    return check_package(data, path, policy)


def read_vetted(path: Path) -> bytes:
    """A theme's bytes, vetted (``THEME``) and ready for python-pptx."""
    return read_package(path, THEME)


def check_package(data: bytes, path: str | Path, policy: Policy = READ) -> bytes:
    """Refuse a package that breaks the limits or ``policy``; else its bytes, a template's opened as a deck's."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{policy.name('file')} is larger than {MAX_FILE_BYTES // 2**20} MiB", path=path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise InputError("not a PowerPoint file", path=path,
                         hint=convert_hint(path) if odf_name(path) else None) from None
    with archive:
        infos = archive.infolist()
        _check_sizes(infos, path, policy)
        types_info = next((i for i in infos if i.filename.casefold() == CONTENT_TYPES.casefold()), None)
        if types_info is None:
            if odf_name(path) or is_odf(archive):
                raise InputError("an OpenDocument presentation, not a PowerPoint file", path=path,
                                 hint=convert_hint(path))
            raise InputError("not a PowerPoint file", path=path, hint=f"no {CONTENT_TYPES}")
        for info in infos:
            _check_member(info, path, policy)
        rels = [i for i in infos if policy.external != "allowed" and i.filename.casefold().endswith(".rels")]
        wanted = {id(types_info), *map(id, rels)}
        kept = {id(info): _inflate(archive, info, path, policy, keep=id(info) in wanted) for info in infos}
        types = kept[id(types_info)]
        if not policy.allow_active:
            _check_content_types(_parse(types, types_info.filename, path, policy), path, policy)
        parsed = {info.filename: _parse(kept[id(info)], info.filename, path, policy) for info in rels}
        dropped = _only_slides_reach(parsed) if policy.drops_slides else set()
        for name, root in parsed.items():
            if _source_of(name) not in dropped:
                _check_relationships(root, name, path, policy)
        return _as_presentation(archive, types_info, types, data)


def _check_sizes(infos: list[zipfile.ZipInfo], path: str | Path, policy: Policy) -> None:
    if not infos:
        raise InputError("not a PowerPoint file", path=path, hint="the zip package is empty")
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"{policy.name('package')} has {len(infos)} parts, more than {MAX_MEMBERS}", path=path)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise InputError(f"{policy.name('package')} unpacks to {total // 2**20} MiB, more than "
                         f"{MAX_UNPACKED_BYTES // 2**20} MiB (a zip bomb?)", path=path)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"{policy.name('part')} {info.filename!r} compresses more than {MAX_RATIO}:1 "
                             "(a zip bomb?)", path=path)
        if info.filename.casefold().endswith(_XML_SUFFIXES) and info.file_size > MAX_XML_PART_BYTES:
            raise InputError(f"{policy.name('part')} {info.filename!r} unpacks to {info.file_size / 2**20:.1f} MiB, "
                             f"more than the {MAX_XML_PART_BYTES // 2**20} MiB an XML part may take", path=path)


def _check_member(info: zipfile.ZipInfo, path: str | Path, policy: Policy) -> None:
    name = info.filename
    if info.flag_bits & 0x1:
        raise InputError(f"{policy.name('part')} {name!r} is encrypted", path=path)
    if name.startswith(("/", "\\")) or ".." in posixpath.normpath(name).split("/"):
        raise InputError(f"{policy.name('part')} {name!r} has an unsafe path", path=path)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise InputError(f"{policy.name('part')} {name!r} uses compression method {info.compress_type}",
                         path=path, hint="PowerPoint files are stored or deflated")
    if not policy.allow_active:
        for marker, what in _ACTIVE_PARTS:
            if marker in name.casefold():
                raise InputError(f"{policy.name('contains')} {what} ({name})", path=path,
                                 hint="save it as a plain .pptx or .potx without them")


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: str | Path, policy: Policy,
             keep: bool) -> bytes:
    """Inflate a member a chunk at a time, up to its declared size; its bytes when ``keep``, else ``b""``.

    A stored member that is not kept costs nothing: it cannot hold more than the file does.
    """
    if not keep and info.compress_type == zipfile.ZIP_STORED:
        return b""
    chunks = []
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                if keep:
                    chunks.append(chunk)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise InputError(f"{policy.name('part')} {info.filename!r} is damaged", path=path) from None
    return b"".join(chunks)


def _parse(blob: bytes, name: str, path: str | Path, policy: Policy) -> etree._Element:
    try:
        return etree.fromstring(blob, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        raise InputError(f"{policy.name('part')} {name!r} is damaged", path=path) from None


def _check_content_types(root: etree._Element, path: str | Path, policy: Policy) -> None:
    for element in root:
        content_type = (element.get("ContentType") or "").casefold()
        for marker, what in _ACTIVE_TYPES:
            if marker in content_type:
                raise InputError(f"{policy.name('contains')} {what} (content type {element.get('ContentType')})",
                                 path=path, hint="save it as a plain .pptx or .potx without them")


def _check_relationships(root: etree._Element, name: str, path: str | Path, policy: Policy) -> None:
    for rel in root.iter(clark(PACKAGE_RELS, "Relationship")):
        if (rel.get("TargetMode") or "").casefold() != "external":
            continue
        target = (rel.get("Target") or "")[:120]
        if policy.external == "refused":
            raise InputError(f"{policy.name('links')} to an external target {target!r} (in {name})", path=path,
                             hint="external links are refused; remove the link from the theme")
        if not (rel.get("Type") or "").endswith("/hyperlink"):
            raise InputError(f"links to an external file {target!r} (in {name})", path=path,
                             hint="LibreOffice would fetch or embed it; remove the link")


_SLIDE_REL = "/relationships/slide"
_MAIN_REL = "/relationships/officeDocument"


def _source_of(rels_name: str) -> str:
    """The part a ``.rels`` member describes: ``ppt/slides/_rels/slide1.xml.rels`` → ``ppt/slides/slide1.xml``
    (``""`` for the package's own ``_rels/.rels``)."""
    folder, _, file = rels_name.rpartition("_rels/")
    return folder + file.removesuffix(".rels")


def _targets(root: etree._Element, source: str) -> list[tuple[str, str]]:
    """``(type, part name)`` of each internal relationship of ``source``."""
    found = []
    for rel in root.iter(clark(PACKAGE_RELS, "Relationship")):
        if (rel.get("TargetMode") or "").casefold() == "external":
            continue
        target = rel.get("Target") or ""
        name = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(source), target)
        found.append((rel.get("Type") or "", posixpath.normpath(name)))
    return found


def _only_slides_reach(rels: dict[str, etree._Element]) -> set[str]:
    """The parts that only the presentation's slides lead to (the slides, their notes, pictures, charts):
    what a reader that drops the slides leaves out of the package it writes."""
    by_source = {_source_of(name): root for name, root in rels.items()}
    main = {part for kind, part in _targets(by_source.get("", etree.Element("x")), "") if kind.endswith(_MAIN_REL)}

    def walk(skip_slides: bool) -> set[str]:
        seen: set[str] = set()
        todo = [""]
        while todo:
            source = todo.pop()
            for kind, part in _targets(by_source[source], source) if source in by_source else ():
                if skip_slides and source in main and kind.endswith(_SLIDE_REL):
                    continue
                if part not in seen:
                    seen.add(part)
                    todo.append(part)
        return seen

    return walk(skip_slides=False) - walk(skip_slides=True)


def _as_presentation(archive: zipfile.ZipFile, types_info: zipfile.ZipInfo, types: bytes, data: bytes) -> bytes:
    """``data``, or a copy whose template or show main content type reads as a presentation's."""
    patched = types
    for old, new in _AS_PRESENTATION.items():
        patched = patched.replace(old, new)
    if patched == types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in archive.infolist():
            target.writestr(info, patched if info is types_info else archive.read(info))
    return out.getvalue()
