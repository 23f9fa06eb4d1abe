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
from dataclasses import replace
from pathlib import Path

import pptx
import pytest

from fawbrief.core.errors import InputError
from fawbrief.core.slide_facts import read_facts
from fawbrief.facts.language import load_languages
from fawbrief.model.slides import Bullet, ChartSpec, Run, Timeline, facts_in, plain
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


def test_grid_rules_on_a_master(corpus: Path, specs, project) -> None:
    """Issue 16's grid rules hold on a 4:3 master too: the writer keeps a number with its unit (no 'RMB 100 /
    billion' in a card, no '3 / trucks' in a caption) and fits every text as it then breaks it."""
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
    """A list too long for its slide continues on the following slides under the same title, every bullet
    once and in order, and each slide records the facts of the bullets it shows, not those moved on (lint
    reads the record as what the slide shows). Issue 16's decks hold no list that long even on a 4:3
    master, so one is planted in the first content slide with a list: its bullets' words seven times over,
    numbered and citing nothing, then its bullets themselves, the list its only block."""
    spec = specs["jiefang", "executive", "en"]
    index, slide = next((i, s) for i, s in enumerate(spec.slides) if s.layout == "content" and s.key != "sources"
                        and any(isinstance(block, Bullet) for block in s.blocks))
    bullets = [block for block in slide.blocks if isinstance(block, Bullet)]
    assert any(facts_in(bullet.text) for bullet in bullets)
    filler = [Bullet((Run(f"Point {n}: {plain(b.text)}"),), b.level) for n, b in enumerate(bullets * 7, 1)]
    planted = (*filler, *bullets)
    long = replace(spec, slides=(*spec.slides[:index], replace(slide, blocks=planted), *spec.slides[index + 1:]))
    deck = pptx.Presentation(io.BytesIO(write(long, Theme.open(corpus / "classic-4x3.pptx"), WriteOptions())))
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert len(titles) > len(long.slides)
    repeated = [a for a, b in itertools.pairwise(titles) if a == b]
    assert repeated, titles  # the continuation keeps the slide's title
    parts = list(itertools.takewhile(lambda s: s.shapes.title.text_frame.text == titles[index],
                                     list(deck.slides)[index:]))
    assert len(parts) >= 2, titles
    wanted = [plain(bullet.text) for bullet in planted]
    shown: list[str] = []
    for part in parts:
        texts = [p.text.replace("\v", "") for shape in part.shapes if shape.has_text_frame
                 and shape != part.shapes.title for p in shape.text_frame.paragraphs
                 if p.text.replace("\v", "") in wanted]
        assert texts, "a continuation slide without its part of the list"
        on_slide = planted[len(shown):len(shown) + len(texts)]
        assert read_facts(part._element) == list(replace(slide, blocks=on_slide).facts)
        shown += texts
    assert shown == wanted
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


def _timeline_above_list(slide) -> bool:
    """A slide the writer sets with a timeline above a list (no chart beside the list)."""
    kinds = {type(block) for block in slide.blocks}
    return Timeline in kinds and Bullet in kinds and ChartSpec not in kinds


def test_a_timeline_too_short_for_its_captions_grows_into_the_list_room(corpus: Path, specs, project) -> None:
    """On 16:9 at 10 in a title leaves the timeline above a list too little height for its captions at 12 pt:
    the timeline grows and the list moves down (0 findings, was 1). The decks whose government variant has
    such a slide are found by content (issue 16 rewrote them; today jiefang's heritage slide); the other
    decks' findings on this master are test_corpus_master_builds_clean's."""
    theme = Theme.open(corpus / "wide-10in.pptx")
    decks = [deck for deck in DECKS if any(_timeline_above_list(s) for s in specs[deck, "government", "en"].slides)]
    assert decks, "no government deck has a timeline above a list any more: plant one"
    linter = Linter(project.factbase)
    for deck in decks:
        data = write(specs[deck, "government", "en"], theme, WriteOptions())
        assert [str(f) for f in linter.lint_bytes(data, f"wide-10in/{deck}-government-en")
                if f.rule not in GRID_RULES] == []
