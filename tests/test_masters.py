"""Corporate masters that work (issue 15): every master of the corpus (``scripts/make_masters.py``) and every
master others made (``../shared/masters/``) builds the decks with 0 lint findings.

Each master builds the three decks for one audience and language (rotating over the masters, so together
they cover every audience in both languages, with pictures and native charts); ``-m slow`` builds every
master's whole matrix. Decks are composed once and written in-process.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import os
import zipfile
from pathlib import Path

import pptx
import pytest

from fawbrief.core.errors import InputError
from fawbrief.facts.language import load_languages
from fawbrief.pipeline.build import compose_variants, load_project
from fawbrief.read.lint import Linter
from fawbrief.write.theme import Theme
from fawbrief.write.writer import WriteOptions, write

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "masters"
DECKS = ("jiefang", "faw-vw", "auto-city")
AUDIENCES = ("executive", "investor", "government", "partner", "media")
LANGUAGES = load_languages(REPO / "data").codes  # the built-in project's
VARIANTS = [(audience, lang) for lang in LANGUAGES for audience in AUDIENCES]
#: The mapping each master others made needs (its README row).
SHARED_MAPPINGS = {"map-m3dev-untyped.pptx": {"title": "表紙", "content": "タイトルとテキスト",
                                              "title_only": "タイトルのみ", "section": "セクション見出し"}}
REFUSED = "refuse-deleted-layouts.pptx"


def _make_masters_module():
    spec = importlib.util.spec_from_file_location("make_masters", REPO / "scripts" / "make_masters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = _make_masters_module()
CORPUS = list(MAKE.MASTERS)
SHARED_NAMES = sorted(p.name for p in SHARED.glob("*.p*") if p.name != REFUSED) if SHARED.is_dir() else []
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is not there (masters made by others)")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("masters")
    MAKE.write_all(folder)
    return folder


@pytest.fixture(scope="session")
def project():
    return load_project(REPO / "data")


class _Specs(dict):
    """Each variant's finished model, composed the first time a test asks for it."""

    def __init__(self, project) -> None:
        super().__init__()
        self.project = project

    def __missing__(self, variant: tuple[str, str, str]):
        from fawbrief.core.build_date import DEFAULT_BUILD_TIME

        self[variant] = compose_variants(self.project, [variant], DEFAULT_BUILD_TIME)[0]
        return self[variant]


@pytest.fixture(scope="session")
def specs(project) -> _Specs:
    return _Specs(project)


@pytest.fixture(autouse=True)
def chart_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                request: pytest.FixtureRequest) -> None:
    """Pictures in colours of the test masters go to a cache of the run's own; ``slow`` runs only if asked."""
    if request.node.get_closest_marker("slow") and "slow" not in (request.config.option.markexpr or ""):
        pytest.skip("slow: run with -m slow")
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "masters-charts"))


GRID_RULES = {"slide-too-empty", "card-sizes", "title-orphan", "number-unit-break"}


def _findings(theme: Theme, specs, project, variants: list[tuple[str, str]], charts: str,
              grid: bool = False) -> list[str]:
    """Every finding of the decks built on ``theme``; without ``grid``, not issue 16's grid rules, which
    today's content and typesetting fail on any master (tests/test_lint.py; ``test_grid_rules_on_a_master``)."""
    linter = Linter(project.factbase)
    found = []
    for audience, lang in variants:
        for deck in DECKS:
            data = write(specs[deck, audience, lang], theme, WriteOptions(charts=charts))
            found += [str(f) for f in linter.lint_bytes(data, f"{theme.path.stem}/{deck}-{audience}-{lang}")
                      if grid or f.rule not in GRID_RULES]
    return found


def _one_variant(index: int) -> tuple[list[tuple[str, str]], str]:
    return [VARIANTS[index % len(VARIANTS)]], ("native" if index % 3 == 1 else "image")


@pytest.mark.parametrize("name", CORPUS)
def test_corpus_master_builds_clean(name: str, corpus: Path, specs, project) -> None:
    theme = Theme.open(corpus / f"{name}.pptx", MAKE.MAPPINGS.get(name))
    variants, charts = _one_variant(CORPUS.index(name))
    assert _findings(theme, specs, project, variants, charts) == []


@pytest.mark.xfail(strict=True, reason="issue 16: on a 4:3 master the writer breaks 'RMB 100 / billion' in a card "
                   "and '3 / trucks' in a timeline caption (seen on the pictures); the typesetting branch keeps a "
                   "number with its unit and balances titles; then drop this mark")
def test_grid_rules_on_a_master(corpus: Path, specs, project) -> None:
    theme = Theme.open(corpus / "classic-4x3.pptx", MAKE.MAPPINGS.get("classic-4x3"))
    assert _findings(theme, specs, project, [("executive", "en")], "image", grid=True) == []


@needs_shared
@pytest.mark.parametrize("name", SHARED_NAMES)
def test_shared_master_builds_clean(name: str, specs, project) -> None:
    theme = Theme.open(SHARED / name, SHARED_MAPPINGS.get(name))
    variants, charts = _one_variant(len(CORPUS) + SHARED_NAMES.index(name))
    assert _findings(theme, specs, project, variants, charts) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", CORPUS + SHARED_NAMES)
def test_every_variant_on_every_master(name: str, corpus: Path, specs, project) -> None:
    path = corpus / f"{name}.pptx" if name in CORPUS else SHARED / name
    theme = Theme.open(path, MAKE.MAPPINGS.get(name) or SHARED_MAPPINGS.get(name))
    for charts in ("image", "native"):
        assert _findings(theme, specs, project, VARIANTS, charts) == []


@needs_shared
def test_a_master_with_only_a_title_layout_is_refused_naming_every_role() -> None:
    with pytest.raises(InputError) as caught:
        Theme.open(SHARED / REFUSED)
    lines = str(caught.value).splitlines()
    assert lines[0].endswith("theme has no layout for content (required), two, title_only")
    assert [line.split(":")[0].strip() for line in lines[1:4]] == ["content", "two", "title_only"]
    listed = "    'Title Slide' (type title): ctrTitle idx 0, subTitle idx 1, dt idx 10, ftr idx 11, sldNum idx 12"
    assert listed in lines
    assert any("--layout" in line for line in lines)


@needs_shared
def test_untyped_masters_need_their_mapping(corpus: Path) -> None:
    for path, mapping in ((SHARED / "map-m3dev-untyped.pptx", SHARED_MAPPINGS["map-m3dev-untyped.pptx"]),
                          (corpus / "untyped.pptx", MAKE.MAPPINGS["untyped"])):
        with pytest.raises(InputError, match="ambiguous, map one"):
            Theme.open(path)
        theme = Theme.open(path, mapping)
        assert theme.layout("content").name == mapping["content"]


def test_corpus_masters_are_what_they_say(corpus: Path) -> None:
    sizes = {name: tuple(round(v / 914400, 2) for v in (lambda p: (p.slide_width, p.slide_height))(
        pptx.Presentation(str(corpus / f"{name}.pptx")))) for name in CORPUS}
    assert sizes["classic-4x3"] == (10.0, 7.5) and sizes["wide-10in"] == (10.0, 5.62)
    assert sizes["wide-13in"] == (13.33, 7.5) and sizes["a4"] == (10.83, 7.5) and sizes["sixteen-ten"] == (10.0, 6.25)
    chinese = pptx.Presentation(str(corpus / "chinese.pptx"))
    assert {layout.name: layout._element.get("type") for layout in chinese.slide_layouts}["标题和内容"] == "obj"
    with zipfile.ZipFile(corpus / "hyperlink.pptx") as package:
        assert b'TargetMode="External"' in package.read("ppt/slides/_rels/slide1.xml.rels")


def test_example_slides_and_their_links_are_gone(corpus: Path, specs) -> None:
    data = write(specs["jiefang", "executive", "en"], Theme.open(corpus / "hyperlink.pptx"), WriteOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as deck:
        rels = b"".join(deck.read(name) for name in deck.namelist() if name.endswith(".rels"))
    assert b"External" not in rels and b"Replace this example" not in data


def test_the_source_line_goes_in_the_footer_placeholder(corpus: Path, specs) -> None:
    data = write(specs["faw-vw", "executive", "en"], Theme.open(corpus / "wide-13in.pptx"), WriteOptions())
    slide = pptx.Presentation(io.BytesIO(data)).slides[2]
    footer = next(shape for shape in slide.placeholders if shape.placeholder_format.type == 15)  # FOOTER
    assert footer.text_frame.text.startswith("Source")
    assert all(run.font.size is None or run.font.size.pt >= 12 for run in footer.text_frame.paragraphs[0].runs)


def test_a_long_list_continues_on_the_next_slide(corpus: Path, specs) -> None:
    spec = specs["jiefang", "executive", "en"]
    deck = pptx.Presentation(io.BytesIO(write(spec, Theme.open(corpus / "classic-4x3.pptx"), WriteOptions())))
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert len(titles) > len(spec.slides)
    repeated = [a for a, b in itertools.pairwise(titles) if a == b]
    assert repeated, titles  # the continuation keeps the slide's title
    assert os.environ["FAWBRIEF_CACHE_DIR"]


def test_the_source_line_stays_on_the_footer_bar(corpus: Path, specs) -> None:
    """A4's footer bar is low (its placeholders 0.05 in above the bottom edge) and the line needs more than
    the footer placeholder's width: it widens into the unused date placeholder's room, one line on the bar,
    instead of growing upwards off the bar (white on white)."""
    data = write(specs["jiefang", "executive", "en"], Theme.open(corpus / "a4.pptx"), WriteOptions())
    deck = pptx.Presentation(io.BytesIO(data))
    bar_top = round(7.05 * 914400)
    lines = [shape for slide in deck.slides for shape in slide.shapes if shape.name == "Source line"]
    assert len(lines) >= 8
    for line in lines:
        assert line.top >= bar_top and line.top + line.height <= deck.slide_height, line.text_frame.text
        assert line.width > round(4.5 * 914400)  # wider than the footer placeholder (3.43 in)


def test_a_timeline_too_short_for_its_captions_grows_into_the_list_room(corpus: Path, specs, project) -> None:
    """On 16:9 at 10 in a three-line title leaves the timeline above a list too little height for a
    four-line caption at 12 pt: the timeline grows and the list moves down (0 findings, was 1)."""
    theme = Theme.open(corpus / "wide-10in.pptx")
    assert _findings(theme, specs, project, [("government", "en")], "image") == []
