"""Vet a theme file before python-pptx (or anything else) unpacks it.

A corporate theme is a zip package someone else made. Before it is opened this
module checks, from the zip's central directory and its small XML parts only:

- size caps: the file, the number of members, the total unpacked size and the
  compression ratio of each large member (a zip bomb fails here, unread);
- no macros: no ``vbaProject.bin`` and no macro-enabled content types (``.pptm``,
  ``.potm``, ``.ppsm``);
- no ActiveX controls (``ppt/activeX/``) and no embedded OLE objects (chart
  workbooks are fine);
- no external relationships (``TargetMode="External"`` in any ``.rels``):
  LibreOffice would fetch, or embed local files into the PDF, from such links.

A ``.potx`` passes (``theme.py`` rewrites its content type for python-pptx).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from fawbrief.core.errors import InputError
from fawbrief.core.namespaces import PACKAGE_RELS, clark

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 5_000
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_RATIO = 100  # unpacked / packed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_XML_READ = 4 * 1024 * 1024  # [Content_Types].xml and each .rels we parse

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
_FORBIDDEN_TYPES = (("macroenabled", "macros"), ("vbaproject", "macros"), ("activex", "ActiveX controls"),
                    ("oleobject", "embedded OLE objects"))
_FORBIDDEN_PARTS = (("vbaproject.bin", "macros"), ("ppt/activex/", "ActiveX controls"))


def read_vetted(path: Path) -> bytes:
    """The theme's bytes, once they pass every check; ``InputError`` naming the file otherwise."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"theme file is larger than {MAX_FILE_BYTES // 2**20} MiB", path=path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("theme file not found", path=path) from None
    except OSError as error:
        raise InputError(f"cannot read theme: {error.strerror or error}", path=path) from None
    vet(data, path)
    return data


def vet(data: bytes, path: Path) -> None:
    """Refuse a package that is not a plain, self-contained PowerPoint file."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"theme file is larger than {MAX_FILE_BYTES // 2**20} MiB", path=path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise InputError("not a PowerPoint file", path=path) from None
    with archive:
        infos = archive.infolist()
        _check_sizes(infos, path)
        names = {info.filename.casefold() for info in infos}
        if "[content_types].xml" not in names:
            raise InputError("not a PowerPoint file", path=path, hint="no [Content_Types].xml")
        for info in infos:
            _check_member(info, path)
        _check_content_types(_read_xml(archive, "[Content_Types].xml", path), path)
        for info in infos:
            if info.filename.casefold().endswith(".rels"):
                _check_relationships(_read_xml(archive, info.filename, path), info.filename, path)


def _check_sizes(infos: list[zipfile.ZipInfo], path: Path) -> None:
    if not infos:
        raise InputError("not a PowerPoint file", path=path, hint="the zip package is empty")
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"theme package has {len(infos)} parts, more than {MAX_MEMBERS}", path=path)
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise InputError(f"theme package unpacks to {total // 2**20} MiB, more than "
                         f"{MAX_UNPACKED_BYTES // 2**20} MiB (a zip bomb?)", path=path)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(f"theme part {info.filename!r} compresses more than {MAX_RATIO}:1 (a zip bomb?)",
                             path=path)


def _check_member(info: zipfile.ZipInfo, path: Path) -> None:
    name = info.filename
    folded = name.casefold()
    if info.flag_bits & 0x1:
        raise InputError(f"theme part {name!r} is encrypted", path=path)
    if name.startswith(("/", "\\")) or ".." in posixpath.normpath(name).split("/"):
        raise InputError(f"theme part {name!r} has an unsafe path", path=path)
    for marker, what in _FORBIDDEN_PARTS:
        if marker in folded:
            raise InputError(f"theme contains {what} ({name})", path=path,
                             hint="save it as a plain .pptx or .potx without them")


def _read_xml(archive: zipfile.ZipFile, name: str, path: Path) -> etree._Element:
    info = archive.getinfo(name) if name in archive.namelist() else next(
        i for i in archive.infolist() if i.filename.casefold() == name.casefold())
    if info.file_size > MAX_XML_READ:
        raise InputError(f"theme part {name!r} is larger than {MAX_XML_READ // 2**20} MiB", path=path)
    try:
        return etree.fromstring(archive.read(info), _PARSER)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise InputError(f"theme part {name!r} is damaged", path=path) from None


def _check_content_types(root: etree._Element, path: Path) -> None:
    for element in root:
        content_type = (element.get("ContentType") or "").casefold()
        for marker, what in _FORBIDDEN_TYPES:
            if marker in content_type:
                raise InputError(f"theme contains {what} (content type {element.get('ContentType')})",
                                 path=path, hint="save it as a plain .pptx or .potx without them")


def _check_relationships(root: etree._Element, name: str, path: Path) -> None:
    for rel in root.iter(clark(PACKAGE_RELS, "Relationship")):
        if (rel.get("TargetMode") or "").casefold() == "external":
            target = (rel.get("Target") or "")[:120]
            raise InputError(f"theme links to an external target {target!r} (in {name})", path=path,
                             hint="external links are refused; remove the link from the theme")
