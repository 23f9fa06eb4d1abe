"""Decks are valid Office Open XML: every native-chart deck of the built-in theme, and decks on corporate
masters, pass an OOXML validator (``openxml-audit``, strict) and the ISO/IEC 29500 transitional schemas
(ECMA-376 Part 4, ``tests/schemas/transitional``) on their slides, layouts, masters, notes and charts.

Axis ids were negative, which the schema types as ``xs:unsignedInt``; both checks caught it. In CI
(``CI`` set) a missing validator is a failure, not a skip: ``.ci/run`` installs the ``test`` extra.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from fawbrief.core.build_date import DEFAULT_BUILD_TIME
from fawbrief.pipeline.build import compose_variants, load_project
from fawbrief.write.theme import Theme
from fawbrief.write.writer import WriteOptions, write

if os.environ.get("CI"):
    import openxml_audit as audit  # CI installs the test extra: never skipped there
else:
    audit = pytest.importorskip("openxml_audit", reason="openxml-audit is not installed (pip install -e '.[test]')")

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = Path(__file__).resolve().parent / "schemas" / "transitional"
DECKS = ("jiefang", "faw-vw", "auto-city")
AUDIENCES = ("executive", "investor", "government", "partner", "media")
#: The parts the schemas judge, and the schema each one's root element is in.
PARTS = re.compile(r"ppt/(slides/slide|slideLayouts/slideLayout|slideMasters/slideMaster|notesSlides/notesSlide"
                   r"|notesMasters/notesMaster|charts/chart)\d+\.xml")


def _masters(folder: Path, names: list[str]) -> list[Path]:
    spec = importlib.util.spec_from_file_location("make_masters", REPO / "scripts" / "make_masters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_all(folder, names)


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    """PresentationML and DrawingML charts (with everything they import), as one schema."""
    imports = "".join(f'<xsd:import namespace="{ns}" schemaLocation="{(SCHEMAS / name).as_uri()}"/>' for ns, name in (
        ("http://schemas.openxmlformats.org/presentationml/2006/main", "pml.xsd"),
        ("http://schemas.openxmlformats.org/drawingml/2006/chart", "dml-chart.xsd")))
    wrapper = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:fawbrief:parts">{imports}'
    return etree.XMLSchema(etree.XML(wrapper + "</xsd:schema>"))


def xsd_problems(data: bytes, name: str, schema: etree.XMLSchema) -> list[str]:
    """Every part of the deck ``data`` that the schemas judge and that fails them, with the first error."""
    problems, checked = [], 0
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for part in package.namelist():
            if not PARTS.fullmatch(part):
                continue
            checked += 1
            if not schema.validate(etree.fromstring(package.read(part))):
                error = schema.error_log.filter_from_errors()[0]
                problems.append(f"{name}: {part}: line {error.line}: {error.message}")
    assert checked, f"{name}: no part was checked"
    return problems


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def label_problems(data: bytes, name: str) -> list[str]:
    """A chart's own label on a point that has no value shows nowhere: every ``c:dLbl`` of a series must
    name (``c:idx``) one of the series' points."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for part in (n for n in package.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)):
            for ser in etree.fromstring(package.read(part)).iter(f"{C}ser"):
                points = {pt.get("idx") for pt in ser.iterfind(f"{C}val//{C}pt")}
                labelled = {d.find(f"{C}idx").get("val") for d in ser.iterfind(f"{C}dLbls/{C}dLbl")}
                problems += [f"{name}: {part}: a label on point {idx}, which has no value" for idx in labelled - points]
    return problems


def audit_problems(data: bytes, name: str, folder: Path) -> list[str]:
    """What ``openxml-audit`` (strict) finds in the deck ``data``."""
    path = folder / name
    path.write_bytes(data)
    return [f"{name}: {error}" for error in audit.OpenXmlValidator(strict=True).validate(str(path)).errors]


@pytest.fixture(scope="module")
def project():
    return load_project(REPO / "data")


def test_the_schemas_catch_negative_axis_ids(schema: etree.XMLSchema) -> None:
    chart = (b'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea>'
             b'<c:barChart><c:barDir val="bar"/><c:ser><c:idx val="0"/><c:order val="0"/></c:ser>'
             b'<c:axId val="-2068027336"/><c:axId val="1"/></c:barChart></c:plotArea></c:chart></c:chartSpace>')
    assert not schema.validate(etree.fromstring(chart))
    assert "xs:unsignedInt" in schema.error_log.filter_from_errors()[0].message


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("deck", DECKS)
def test_every_native_chart_deck_is_valid(project, schema, deck: str, lang: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(tmp_path / "charts"))
    theme = Theme.open(None)
    problems = []
    for spec in compose_variants(project, [(deck, audience, lang) for audience in AUDIENCES], DEFAULT_BUILD_TIME):
        data = write(spec, theme, WriteOptions(charts="native"))
        name = f"{spec.deck}-{spec.audience}-{spec.lang}.pptx"
        problems += xsd_problems(data, name, schema) + audit_problems(data, name, tmp_path) + label_problems(data, name)
    assert problems == []


@pytest.mark.parametrize("charts", ["native", "image"])
def test_decks_on_corporate_masters_are_valid(project, schema, charts: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(tmp_path / "charts"))
    variants = [(deck, "executive", lang) for deck in DECKS for lang in ("en", "zh-CN")]
    specs = compose_variants(project, variants, DEFAULT_BUILD_TIME)
    problems = []
    for theme_path in _masters(tmp_path / "masters", ["classic-4x3", "dark", "chinese", "wide-13in"]):
        theme = Theme.open(theme_path)
        for spec in specs:
            data = write(spec, theme, WriteOptions(charts=charts))
            name = f"{theme_path.stem}-{spec.deck}-{spec.lang}.pptx"
            problems += xsd_problems(data, name, schema) + audit_problems(data, name, tmp_path)
    assert problems == []


SHARED = REPO.parent / "shared" / "masters"
SHARED_MAPPINGS = {"map-m3dev-untyped.pptx": {"title": "表紙", "content": "タイトルとテキスト",
                                              "title_only": "タイトルのみ", "section": "セクション見出し"}}
SHARED_NAMES = sorted(p.name for p in SHARED.glob("*.p*") if not p.name.startswith("refuse")) if SHARED.is_dir() else []


@pytest.mark.skipif(not SHARED_NAMES, reason=f"{SHARED} is not there (masters made by others)")
@pytest.mark.parametrize("name", SHARED_NAMES)
def test_native_chart_decks_on_masters_others_made_are_valid(project, schema, name: str, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(tmp_path / "charts"))
    theme = Theme.open(SHARED / name, SHARED_MAPPINGS.get(name))
    problems = []
    for spec in compose_variants(project, [("jiefang", "executive", "en"), ("auto-city", "investor", "zh-CN")],
                                 DEFAULT_BUILD_TIME):
        data = write(spec, theme, WriteOptions(charts="native"))
        name_ = f"{Path(name).stem}-{spec.deck}-{spec.lang}.pptx"
        problems += xsd_problems(data, name_, schema) + audit_problems(data, name_, tmp_path)
    assert problems == []
