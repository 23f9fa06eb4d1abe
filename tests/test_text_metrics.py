"""One text-measurement model: the shipped Arimo faces' advance widths, read without fontTools,
used by lint, the writer's bullet size and the charts; the two documented estimates stay estimates."""

from __future__ import annotations

import io
from pathlib import Path

import fontpkg
import pytest
from fontTools.ttLib import TTFont

from fawbrief.charts import style as S
from fawbrief.core import text_metrics as M
from fawbrief.core.font_tables import read_tables
from fawbrief.model.slides import Bullet, Run
from fawbrief.write.blocks import Area
from fawbrief.write.place import bullet_size as _bullet_size


@pytest.mark.parametrize("face", M.LATIN_FACES, ids=lambda path: path.name)
def test_font_tables_read_what_fonttools_reads(face: Path) -> None:
    font = TTFont(face)
    ours = read_tables(face.read_bytes())
    cmap = font.getBestCmap()
    assert ours.units_per_em == font["head"].unitsPerEm
    assert set(ours.cmap) == set(cmap)
    assert all(ours.advance(code) == font["hmtx"][name][0] for code, name in cmap.items())
    assert ours.advance(0x4E00) is None  # 一: no glyph in Arimo


def test_the_bmp_cmap_alone_reads_the_same(tmp_path: Path) -> None:
    """A font with only the format 4 (BMP) subtable, as many corporate fonts are."""
    font = TTFont(M.LATIN_FACES[0])
    font["cmap"].tables = [t for t in font["cmap"].tables if t.format == 4]
    buffer = io.BytesIO()
    font.save(buffer)
    bmp = read_tables(buffer.getvalue())
    full = read_tables(M.LATIN_FACES[0].read_bytes())
    assert bmp.cmap == {code: glyph for code, glyph in full.cmap.items() if code <= 0xFFFF}


def test_shipped_faces_measure_like_the_variable_font() -> None:
    """The static faces are the ``fontpkg-arimo`` variable font pinned at 400 and 700: same widths."""
    variable = TTFont(io.BytesIO(Path(fontpkg.path("Arimo")).read_bytes()), lazy=True)
    upm = variable["head"].unitsPerEm
    sets = {False: variable.getGlyphSet(location={"wght": 400}), True: variable.getGlyphSet(location={"wght": 700})}
    metrics = M.FontMetrics()
    for code, name in variable.getBestCmap().items():
        char = chr(code)
        for bold in (False, True):
            expected = 1.0 if M.is_wide(char) else sets[bold][name].width / upm
            assert metrics.em(char, bold) == expected, (hex(code), bold)


def test_wide_characters_and_the_two_estimates() -> None:
    assert M.is_wide("一") and M.is_wide("，") and not M.is_wide("A") and not M.is_wide("½")
    assert M.width_units("900万辆") == 7 and M.has_wide("900万") and not M.has_wide("900")
    assert M.figure_ems("60,000") == pytest.approx(6 * 0.58) and M.figure_ems("") == pytest.approx(0.58)
    assert M.rough_width_in("iiii\nWW", 72) == pytest.approx(4 * 0.55)  # the widest line, by count only
    assert M.text_width_in("iiii", 72) < M.text_width_in("WW", 72)  # measured


def _bullets(text: str, count: int) -> list[Bullet]:
    return [Bullet((Run(text),)) for _ in range(count)]


def test_bullet_size_is_measured_not_counted() -> None:
    """Same character count, different widths: a count (the old estimate) could not tell these apart."""
    box = Area(0, 0, 4 * 914400, int(3.5 * 914400))  # 4 x 3.5 in
    assert _bullet_size(_bullets("illicit little lilies fill " * 2, 4), box) == 18.0
    assert _bullet_size(_bullets("WOMBAT MEMO WOW MAXIMUM MW " * 2, 4), box) == 16.0


def test_chinese_bullets_shrink_on_taller_lines() -> None:
    """One line per bullet either way; five Chinese lines do not fit where five Latin ones do."""
    box = Area(0, 0, 5 * 914400, int(2.3 * 914400))
    latin, chinese = _bullets("x" * 30, 5), _bullets("一" * 17, 5)
    assert _bullet_size(latin, box) == 18.0
    assert _bullet_size(chinese, box) == 16.0


def test_columns_fit_measures_bold_labels() -> None:
    """Labels of equal length: narrow digits fit a column, wide capitals do not."""
    categories = ["A", "B", "C", "D", "E", "F"]
    assert S.columns_fit(4.0, categories, ["1.11"] * 6, 1)
    assert not S.columns_fit(4.0, categories, ["WWWW"] * 6, 1)


@pytest.mark.parametrize("text", ["Annual exports reached over 60,000 units", "一汽解放是中国第一个卡车品牌",
                                  "Sales 销量 1.62 million  ", "word ", "", "a-b/c—d"])
def test_the_one_line_shortcut_agrees_with_wrap(text: str) -> None:
    metrics = M.default_metrics()
    pieces = [M.Piece(text, 18), M.Piece(" figure 9", 18, bold=True)]
    for width in range(20, 900, 7):
        line = M._single_line(pieces, width, metrics)
        if line is None:
            continue
        wrapped = M.wrap(pieces, width, width, metrics).lines
        assert len(wrapped) == 1 and (wrapped[0].size, wrapped[0].wide) == (line.size, line.wide), width


def test_a_paragraph_laid_out_again_is_the_same_layout_and_other_breaks_give_their_own() -> None:
    """``wrap`` remembers layouts (the writer fits, breaks and checks the same paragraphs again and again):
    asked again it gives the same lines; with other break rules, other widths or weights, its own."""
    from fawbrief.core.text_words import break_points

    pieces = [M.Piece("一汽解放2024年销售卡车34.4万辆，", 20.0), M.Piece("exports 60,000 units", 20.0, True)]
    metrics = M.default_metrics()
    first = M.wrap(pieces, 150.0, 150.0, metrics)
    assert M.wrap(list(pieces), 150.0, 150.0, metrics) is first
    fresh = M._wrap(pieces, 150.0, 150.0, metrics, True)
    assert [line.text for line in fresh.lines] == [line.text for line in first.lines]
    words = M.wrap(pieces, 150.0, 150.0, metrics.with_breaks(break_points, shared_wide=True))
    assert words is not first
    assert [line.text for line in words.lines] == [
        line.text for line in M._wrap(pieces, 150.0, 150.0, metrics.with_breaks(break_points, True), True).lines]
    wider = M.wrap(pieces, 400.0, 400.0, metrics)
    assert len(wider.lines) < len(first.lines)
    light = M.wrap([M.Piece(p.text, p.size) for p in pieces], 150.0, 150.0, metrics)
    assert light.lines[-1].width < first.lines[-1].width or len(light.lines) < len(first.lines)
