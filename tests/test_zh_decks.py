"""Chinese decks (issue 9): every deck × audience builds in zh-CN and reads as Chinese, English is
unchanged by the i18n refactor, runs carry an East Asian typeface, charts draw Chinese with the
bundled font, and LibreOffice shows Chinese text in the PDF."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from pptx import Presentation

from fawbrief.cli.main import build_time, main
from fawbrief.core.build_date import GOLDEN_BUILD_TIME
from fawbrief.model.slides import Bullet, ChartSpec, DeckSpec, Kpi, Table, Text, Timeline, facts_in, plain
from fawbrief.pipeline.build import load_project, render_deck

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
DECKS = ("jiefang", "faw-vw", "auto-city")
AUDIENCES = ("executive", "investor", "government", "partner", "media")
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
#: Latin words a Chinese slide may show: proper names and codes kept as written.
ALLOWED = {"SPRINT", "CAAM"}
EA = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def project():
    return load_project(DATA)


@pytest.fixture(scope="module")
def zh_specs(project) -> dict[tuple[str, str], DeckSpec]:
    return {(d, a): render_deck(project, d, a, "zh-CN", build_time()) for d in DECKS for a in AUDIENCES}


def test_english_rendering_is_unchanged_by_the_i18n_refactor(project) -> None:
    """Hashes of every English DeckSpec (title and slides) recorded before the templates were wrapped
    in _(): the refactor changed no word. If English wording changes on purpose, run ``fawbrief verify``
    for the readable diff and re-record tests/fixtures/en_deckspecs.sha256.json."""
    recorded = json.loads((REPO / "tests" / "fixtures" / "en_deckspecs.sha256.json").read_text())
    built = {}
    for deck in DECKS:
        for audience in AUDIENCES:
            spec = render_deck(project, deck, audience, "en", GOLDEN_BUILD_TIME)  # the cover prints it
            built[f"{deck}-{audience}"] = hashlib.sha256(repr((spec.title, spec.slides)).encode()).hexdigest()
    assert built == recorded


def _visible(spec: DeckSpec) -> list[tuple[str, str]]:
    """(where, text) for every piece of visible slide text."""
    out = [("deck title", spec.title)]
    for n, slide in enumerate(spec.slides, 1):
        out.append((f"slide {n} title", plain(slide.title)))
        if slide.subtitle:
            out.append((f"slide {n} subtitle", plain(slide.subtitle)))
        for block in slide.blocks:
            out.extend((f"slide {n} {type(block).__name__}", text) for text in _block_texts(block))
        out.extend((f"slide {n} notes", plain(note)) for note in slide.notes)
    return out


def _block_texts(block: object) -> list[str]:
    if isinstance(block, Bullet):
        return [plain(block.text)]
    if isinstance(block, Kpi):
        return [block.label, block.unit, block.period] if block.unit else [block.label, block.period]
    if isinstance(block, Table):
        cells: list[Text] = [*block.header, *(cell for row in block.rows for cell in row)]
        return [plain(cell) for cell in cells]
    if isinstance(block, Timeline):
        return [plain(t) for event in block.events for t in (event.when, event.what)]
    assert isinstance(block, ChartSpec)
    return [block.title, block.unit, block.alt_text, *(s.name for s in block.series),
            *(p.label for s in block.series for p in s.points)]


def test_every_zh_deck_is_chinese(zh_specs: dict[tuple[str, str], DeckSpec]) -> None:
    problems = []
    for (deck, audience), spec in zh_specs.items():
        assert spec.lang == "zh-CN" and spec.slides
        for where, text in _visible(spec):
            if text in ("%", "") or re.fullmatch(r"[\d.,%+−×（）() ]+", text):
                continue  # a bare unit or figure, or a figure with its growth in brackets
            if not CJK.search(text):
                problems.append(f"{deck}/{audience} {where}: no Chinese in {text!r}")
            words = set(LATIN_WORD.findall(text)) - ALLOWED
            if words:
                problems.append(f"{deck}/{audience} {where}: English words {sorted(words)} in {text!r}")
    assert not problems, "\n".join(problems[:30])


def test_zh_numbers_use_wan_and_yi(zh_specs: dict[tuple[str, str], DeckSpec]) -> None:
    kpis = {(k.fact, k.value, k.unit, k.qualifier) for spec in zh_specs.values() for s in spec.slides
            for k in s.blocks if isinstance(k, Kpi)}
    assert ("jiefang.production.cumulative_vehicles", "900万", "辆", "") in kpis
    assert ("jiefang.brand.value_rmb", "1000亿", "元", "超过") in kpis
    assert ("jiefang.exports.annual_units", "6万", "辆", "") in kpis
    assert ("faw_vw.production.cumulative_vehicles", "3000万", "辆", "") in kpis
    assert ("auto_city.dev_zone.output_value", "2521.1亿", "元", "") in kpis
    assert ("faw_group.h1_2020.production", "162.23万", "辆", "") in kpis
    # In a sentence too: the first title that shows each fact (found by the facts it records, not by its place).
    titles: dict[str, str] = {}
    for slide in zh_specs["auto-city", "executive"].slides:
        for fact in facts_in(slide.title):
            titles.setdefault(fact, plain(slide.title))
    assert "162.23万辆" in titles["faw_group.h1_2020.production"]
    assert "471平方公里" in titles["auto_city.area"]
    assert "2521.1亿元" in titles["auto_city.dev_zone.output_value"]


def test_zh_build_writes_named_decks_with_east_asian_runs(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "jiefang", "auto-city", "-a", "executive", "--lang", "zh-CN",
                                       "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.glob("*.pptx"))
    assert names == ["auto-city-executive-zh-CN.pptx", "jiefang-executive-zh-CN.pptx"]
    runs = 0
    for path in tmp_path.glob("*.pptx"):
        prs = Presentation(str(path))
        for slide in prs.slides:
            trees = [slide._element] + ([slide.notes_slide._element] if slide.has_notes_slide else [])
            for tree in trees:
                for run in tree.iter(f"{EA}r"):
                    runs += 1
                    ea = run.find(f"{EA}rPr/{EA}ea")
                    assert ea is not None and ea.get("typeface") == "Noto Sans CJK SC", etree.tostring(run)[:200]
    assert runs > 100


def test_languages_are_listed_and_accepted() -> None:
    listed = CliRunner().invoke(main, ["list", "--json"])
    languages = json.loads(listed.output)["languages"]
    assert [(lang["code"], lang["locale"], lang["source"]) for lang in languages] == [
        ("en", "en", True), ("zh-CN", "zh_Hans_CN", False)]  # the project's data/i18n/*/language.yaml
    assert "zh-CN" in CliRunner().invoke(main, ["list"]).output
    bad = CliRunner().invoke(main, ["build", "jiefang", "--lang", "fr"])
    assert bad.exit_code == 2
    assert "unknown language 'fr'" in bad.output and "en, zh-CN" in bad.output


def test_zh_chart_draws_chinese_with_the_bundled_font_and_no_warnings() -> None:
    """pytest turns warnings into errors: a missing glyph ("Glyph … missing from font") would fail here.
    Only the pip-installed font is offered for Chinese, as on a fresh machine."""
    from matplotlib import font_manager

    from fawbrief.charts import render_mpl
    from fawbrief.charts import style as S
    from fawbrief.charts.fonts import CJK_FAMILY, cjk_font_path
    from fawbrief.model.slides import ChartPoint, ChartSeries

    path = cjk_font_path()
    assert path is not None and path.suffix == ".otf", "pylopdf-fonts-zh-cn is a dependency"
    spec = ChartSpec("grouped_bar", "同比增速", (
        ChartSeries("产量", (ChartPoint("中国一汽", 1.5, "a", "+1.5%"), ChartPoint("红旗", 89.5, "b", "+89.5%"))),
        ChartSeries("销量", (ChartPoint("中国一汽", 2.3, "c", "+2.3%"), ChartPoint("解放", 35.6, "d", "+35.6%"))),
    ), unit="同比增速（%）")
    original = S.CJK_FALLBACK
    S.CJK_FALLBACK = (CJK_FAMILY,)
    try:
        png = render_mpl.render_png(spec, 6.0, 3.5, dpi=100)
    finally:
        S.CJK_FALLBACK = original
    assert png.startswith(b"\x89PNG")
    found = font_manager.findfont(font_manager.FontProperties(family=CJK_FAMILY), fallback_to_default=False)
    assert Path(found) == path
    assert render_mpl._rc_params()["font.family"].index(CJK_FAMILY) < len(S.FONT_FAMILIES) + 1


def test_cjk_wrapping_breaks_between_characters() -> None:
    from fawbrief.charts import style as S

    assert S.wrap("Industrial output above designated scale", 12) == (
        "Industrial\noutput above\ndesignated\nscale")
    lines = S.wrap("广交会展台访客中进入深度洽谈的比例，仅供参考", 12).split("\n")
    assert len(lines) > 1 and "".join(lines) == "广交会展台访客中进入深度洽谈的比例，仅供参考"
    assert not any(line.startswith(("，", "。")) for line in lines)
    assert S.name_value("目标", "18万") == "目标：18万" and S.name_value("Target", "1") == "Target: 1"


@pytest.mark.render
def test_zh_deck_renders_chinese_text_in_libreoffice(tmp_path: Path) -> None:
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        message = f"render test needs {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from fawbrief.office.pdf import convert

    result = CliRunner().invoke(main, ["build", "jiefang", "--lang", "zh-CN", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [pdf] = convert([tmp_path / "jiefang-executive-zh-CN.pptx"], tmp_path / "pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = re.sub(r"\s+", "", text)
    for phrase in ("一汽解放", "累计产量", "年出口量", "资料来源", "广交会", "900万辆"):
        assert phrase in compact, phrase
