"""Periods (``read/lint_periods``): a slide showing figures older than the freshness window names their period
in the sentence, its title or an as-of tag; the cover dates the data; an undated document is never stamped
with a year. Caught in both languages by ``build --strict`` and ``lint``, naming the slide and the period."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from deckfind import deck_spec, first_recording
from fawbrief.cli.main import main
from fawbrief.read.lint_periods import period_end, window_start
from wordplant import planted_slide, strict_build

DATA = Path(__file__).resolve().parents[1] / "data"
#: The build date is today's unless SOURCE_DATE_EPOCH pins it (the cover shows it since issue 16): the tests
#: that read the window's start in a message pin it to 1 January 2026, so the window starts on 1 January 2024.
PINNED = str(int(datetime(2026, 1, 1, tzinfo=UTC).timestamp()))
STALE_VOLUMES = """
{% block volumes_title %}Jiefang sold more vehicles than it built{% endblock %}
"""


def test_a_stale_slide_without_its_period_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED)
    # The volumes slide is the investors' (the executive deck no longer has it); its number is read from the deck.
    code, output = strict_build(tmp_path, "auto-city", STALE_VOLUMES, audience="investor")
    assert code == 1, output
    number = planted_slide(tmp_path, "auto-city", "volumes", "investor")
    assert (f'slide {number}: "Title 1": figures from H1 2020 (faw_group.h1_2020.hongqi_production, '
            in output)
    assert "are older than the freshness window (from 2024-01-01) and the slide does not name their period: " \
           "say H1 2020 in the sentence, the title or an as-of tag (a chart or picture on the slide)" in output
    assert f'slide {number}: "Table": figures from H1 2020 (faw_group.h1_2020.production' in output


def test_a_stale_chinese_slide_without_its_period_is_caught(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "auto-city", """
{% block volumes_title %}解放销量高于产量{% endblock %}
""", lang="zh-CN", audience="investor")
    assert code == 1, output
    number = planted_slide(tmp_path, "auto-city", "volumes", "investor", "zh-CN")
    assert f'slide {number}: "Title 1": figures from 2020年上半年 (faw_group.h1_2020.hongqi_production' in output
    assert "say 2020年上半年 in the sentence, the title or an as-of tag" in output


def test_the_period_in_the_sentence_or_a_kpi_tag_is_enough(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "auto-city", """
{% block zone_title %}The development zone's output reached {{ fact("auto_city.dev_zone.output_value") }}{% endblock %}
{% block output_title %}Group growth, as reported{% endblock %}
{% block output_body %}<bullet>Group production rose {{ fact("faw_group.h1_2020.production_growth", sign=False) }}
  in {{ asof("faw_group.h1_2020.production") }}.</bullet>{% endblock %}
""")
    # The zone's KPI cards carry "H1 2020"; the bullet names its period: no period finding. The slide of one
    # planted bullet is too empty by issue 16's grid rule, and that is the only finding.
    output_slide = planted_slide(tmp_path, "auto-city", "output")
    findings = [line for line in output.splitlines() if ": slide " in line]
    assert code == 1 and len(findings) == 1, output
    assert findings[0].startswith(f'auto-city-executive.pptx: slide {output_slide}: "Title 1": slide too empty')


def test_the_window_follows_the_build_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2021, 6, 1, tzinfo=UTC).timestamp())))
    code, output = strict_build(tmp_path, "auto-city", STALE_VOLUMES)
    assert code == 0, output  # built in June 2021, H1 2020 is inside a two-year window


def test_a_cover_that_does_not_date_its_data_is_caught(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "faw-vw", """
{% block title_slide_subtitle %}{{ _(audience.title) }}{% endblock %}
""")
    assert code == 1, output
    assert ('slide 1: "Title 1": the cover does not date the data of auto-review-2025-12 (2025-12-09): '
            "FAW-Volkswagen's 30 millionth vehicle") in output


def test_a_cover_that_does_not_say_undated_is_caught_in_chinese(tmp_path: Path) -> None:
    code, output = strict_build(tmp_path, "jiefang", """
{% block title_slide_subtitle %}{{ _(audience.title) }}{% endblock %}
""", lang="zh-CN")
    assert code == 1, output
    assert "slide 1: \"Title 1\": the cover does not say that jiefang-profile is undated ('未注明日期')" in output


def test_a_fact_of_the_undated_profile_stamped_with_a_year_is_caught(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    facts = data / "facts" / "jiefang.yaml"
    text = facts.read_text(encoding="utf-8")
    stamped = text.replace("    value: 60000\n    unit: units\n    as_of: undated",
                           '    value: 60000\n    unit: units\n    as_of: "2025"')
    assert stamped != text
    facts.write_text(stamped, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "jiefang", "--strict", "--data", str(data), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output
    assert ("jiefang.exports.annual_units is stamped 2025 (as_of '2025'), but jiefang-profile is undated and its "
            "paragraph 4 gives no such year: use as_of: undated") in result.output
    number, _ = first_recording(deck_spec("jiefang", data=data), "jiefang.exports.annual_units")
    assert f'jiefang-executive.pptx: slide {number}: ' in result.output  # the first slide recording the fact


def test_periods_end_where_they_should() -> None:
    assert period_end("H1 2020") == date(2020, 6, 30)
    assert period_end("H2 2020") == date(2020, 12, 31)
    assert period_end("2020-07") == date(2020, 7, 31)
    assert period_end("2020-02") == date(2020, 2, 29)
    assert period_end("2020-07-30") == date(2020, 7, 30)
    assert period_end("Q3 2019") == date(2019, 9, 30)
    assert period_end("1980s") == date(1989, 12, 31)
    assert period_end("2025") == date(2025, 12, 31)
    for open_ended in ("by 2030", "next five years", "undated"):
        assert period_end(open_ended) is None
    assert window_start(date(2026, 1, 1)) == date(2024, 1, 1)
    assert window_start(date(2024, 2, 29), 1) == date(2023, 2, 28)
