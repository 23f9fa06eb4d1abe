"""Wording per language: message catalogs, fact wording and Chinese number and date formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import Markup

from fawbrief.cli.main import build_time
from fawbrief.compose.environment import make_environment
from fawbrief.compose.finish import MESSAGES
from fawbrief.compose.languages import catalog_msgids
from fawbrief.compose.messages import Messages, jinja_callables, load_messages
from fawbrief.core.errors import InputError
from fawbrief.facts.base import load_factbase
from fawbrief.facts.formatting import format_fact, format_period
from fawbrief.pipeline.build import load_project, render_deck

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
PO = Path("i18n") / "zh-CN" / "messages.po"
WORDS = Path("i18n") / "zh-CN" / "facts.yaml"


def _entry(msgid: str) -> str:
    return f'msgid "{msgid}"\nmsgstr '


def _replace_msgstr(po: Path, msgid: str, msgstr: str) -> None:
    text = po.read_text(encoding="utf-8")
    pattern = re.compile(r'(msgid "' + re.escape(msgid) + r'"\nmsgstr )"[^\n]*"')
    assert pattern.search(text), msgid
    po.write_text(pattern.sub(lambda m: m.group(1) + msgstr, text, count=1), encoding="utf-8")


def test_the_catalog_holds_exactly_the_msgids_in_use() -> None:
    """No msgid is missing (a zh-CN build would name it) and none is left over from old templates:
    ``python scripts/update_messages.py`` keeps the catalog in step. The msgids from data are each deck's
    title and organisation (the cover subtitle names it, translated: issue 16) and each audience's title."""
    project = load_project(DATA)
    dynamic = [*MESSAGES, *(d.title for d in project.catalog.decks.values()),
               *(d.organisation for d in project.catalog.decks.values() if d.organisation),
               *(a.title for a in project.catalog.audiences.values())]
    wanted = set(catalog_msgids(project.env, dynamic))
    messages = project.language("zh-CN").messages
    assert wanted - set(messages.entries) == set()
    assert set(messages.entries) - wanted == set()
    assert not messages.unusable
    assert len(wanted) > 400


def test_a_missing_translation_names_the_msgid_and_the_template_line(data_copy: Path) -> None:
    po = data_copy / PO
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Brand value"\nmsgstr "品牌价值"\n', ""), encoding="utf-8")
    _replace_msgstr(po, "Agenda", '""')  # an empty translation counts as missing
    project = load_project(data_copy)
    with pytest.raises(InputError) as caught:
        render_deck(project, "jiefang", "executive", "zh-CN", build_time())
    shown = str(caught.value)
    source = (REPO / "templates" / "decks" / "jiefang" / "base.j2").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(source, 1) if "_('Brand value')" in text)
    assert f"templates/decks/jiefang/base.j2:{line}: no zh-CN translation for msgid 'Brand value'" in shown
    shared = (REPO / "templates" / "shared.j2").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(shared, 1) if '_("Agenda")' in text)
    assert f"templates/shared.j2:{line}: empty zh-CN translation for msgid 'Agenda'" in shown
    assert "add it to" in shown and "messages.po" in shown
    render_deck(project, "jiefang", "executive", "en", build_time())  # English needs no catalog


def test_a_fuzzy_translation_does_not_count(data_copy: Path) -> None:
    po = data_copy / PO
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Agenda"', '#, fuzzy\nmsgid "Agenda"'), encoding="utf-8")
    with pytest.raises(InputError, match="fuzzy zh-CN translation for msgid 'Agenda'"):
        render_deck(load_project(data_copy), "faw-vw", "executive", "zh-CN", build_time())


@pytest.mark.parametrize(("msgid", "msgstr", "problem"), [
    ("%(author)s (%(role)s). ", '"作者"', "placeholders [] differ"),
    ("Brand value", '"品牌价值 100%"', "lone '%'"),
    ("Brand value", '"品牌\x1b价值"', "unsafe character U+001B"),  # a raw ESC in the file
])
def test_bad_catalog_entries_are_errors_with_file_and_line(data_copy: Path, msgid: str, msgstr: str,
                                                           problem: str) -> None:
    _replace_msgstr(data_copy / PO, msgid, msgstr)
    with pytest.raises(InputError) as caught:
        load_messages("zh-CN", [data_copy])
    assert problem in str(caught.value)
    assert re.search(r"messages\.po:\d+: msgid ", str(caught.value))


def test_a_broken_catalog_is_one_error(data_copy: Path) -> None:
    po = data_copy / PO
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "dangling', encoding="utf-8")
    with pytest.raises(InputError, match=r"messages\.po:\d+: bad catalog"):
        load_messages("zh-CN", [data_copy])


def test_a_user_template_folder_can_add_and_override_translations(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    (user / "i18n" / "zh-CN").mkdir(parents=True)
    (user / "i18n" / "zh-CN" / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Agenda"\nmsgstr "今日议程"\n\nmsgid "Board briefing"\nmsgstr "董事会简报"\n', encoding="utf-8")
    messages = load_messages("zh-CN", [user, DATA])
    assert messages.translate("Agenda") == "今日议程"
    assert messages.translate("Brand value") == "品牌价值"
    assert messages.translate("Board briefing") == "董事会简报"


def test_a_translation_is_text_and_cannot_add_slide_structure() -> None:
    messages = Messages("zh-CN", {"Hello %(name)s": "</title><slide>你好 %(name)s & 再见"}, {}, {})
    env = make_environment()
    env.globals.update(jinja_callables(messages))
    out = env.from_string("<title>{{ _('Hello %(name)s', name=n) }}</title>").render(n=Markup("<f>1</f>"))
    assert out == "<title>&lt;/title&gt;&lt;slide&gt;你好 <f>1</f> &amp; 再见</title>"


def test_english_templates_render_as_before_with_trans_blocks() -> None:
    env = make_environment()
    out = env.from_string('{% trans n=x %}R&D for {{ n }} and "q"{% endtrans %}').render(x=Markup("<f>7</f>"))
    assert out == "R&amp;D for <f>7</f> and &#34;q&#34;"


# --- fact wording ------------------------------------------------------------------------------


def test_every_fact_has_chinese_wording_and_numbers_keep_their_value() -> None:
    base = load_factbase(DATA)
    zh = base.localized("zh-CN")
    assert zh.lang == "zh-CN" and set(zh.facts) == set(base.facts)
    for fact_id, fact in base.facts.items():
        local = zh.facts[fact_id]
        assert re.search(r"[\u4e00-\u9fff]", local.label), fact_id
        if fact.is_number:
            assert local.value == fact.value, fact_id
        elif isinstance(fact.value, list):
            assert isinstance(local.value, list) and len(local.value) == len(fact.value), fact_id
    assert zh.get("jiefang.south_africa.plant_location").value == "库哈"
    assert zh.get("auto_city.name").value == "长春国际汽车城"
    assert zh.get("jiefang.canton_fair.name").value == "第137届广交会"
    assert zh.get("faw_vw.editorial.publication").value == "《汽车纵横》"
    assert zh.documents["auto-review-2025-12"].author == "柳燕"
    assert zh.get("faw_group.h1_2020.production").as_of == "2020年上半年"
    assert zh.get("jiefang.expansion.period_years").as_of == "未来五年"


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  jiefang.history.decades: {label: 解放品牌的历史}",
     "  jiefang.history.decadez: {label: 解放品牌的历史}",
     r"facts\.yaml:\d+:\d+: unknown fact id 'jiefang\.history\.decadez' "
     r"\(did you mean 'jiefang\.history\.decades'\?\)"),
    ("value: [大岭镇, 范家屯镇]", "value: [大岭镇]",
     r"facts\.yaml:\d+:\d+: auto_city\.incorporated_towns: value must be a list of 2 entries"),
    ("  jiefang.exports.annual_units: {label: 年出口量}",
     "  jiefang.exports.annual_units: {label: 年出口量, value: 六万}",
     r"facts\.yaml:\d+:\d+: jiefang\.exports\.annual_units: a number has no wording"),
    ("  articles: 篇", "  article: 篇", r"facts\.yaml:\d+:\d+: unit 'article' is not a count noun of any fact"),
    ("  jiefang.history.decades: {label: 解放品牌的历史}", "  jiefang.history.decades: {lable: 解放品牌的历史}",
     r"facts\.yaml:\d+:\d+: facts\.jiefang\.history\.decades\.lable: unknown key"),
])
def test_bad_fact_wording_is_an_error_at_load(data_copy: Path, old: str, new: str, message: str) -> None:
    path = data_copy / WORDS
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_factbase(data_copy)


def test_missing_fact_wording_is_an_error_naming_it_when_chinese_is_built(data_copy: Path) -> None:
    path = data_copy / WORDS
    text = path.read_text(encoding="utf-8")
    text = text.replace("  jiefang.history.decades: {label: 解放品牌的历史}\n", "")
    text = text.replace("  jiefang.expansion.period_years: {label: 区域扩张计划的期限, as_of: 未来五年}",
                        "  jiefang.expansion.period_years: {label: 区域扩张计划的期限}")
    text = text.replace("  articles: 篇\n", "")
    path.write_text(text, encoding="utf-8")
    base = load_factbase(data_copy)  # English still loads and builds
    with pytest.raises(InputError) as caught:
        base.localized("zh-CN")
    shown = str(caught.value)
    assert shown.startswith("data/i18n/zh-CN/facts.yaml: no zh-CN wording for 3 entries:")
    assert "fact jiefang.history.decades" in shown
    assert "as_of of jiefang.expansion.period_years ('next five years' has no zh-CN form)" in shown
    assert "unit 'articles' (of faw_vw.editorial.cover_story_articles)" in shown


# --- numbers and dates ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zh():
    return load_factbase(DATA).localized("zh-CN")


@pytest.mark.parametrize(("fact_id", "style", "shown"), [
    ("faw_group.h1_2020.production", "auto", "162.23万辆"),
    ("faw_group.h1_2020.production", "full", "1,622,279辆"),
    ("jiefang.brand.value_rmb", "auto", "超过1000亿元"),
    ("auto_city.dev_zone.output_value", "auto", "2521.1亿元"),
    ("faw_vw.production.cumulative_vehicles", "auto", "3000万辆"),
    ("jiefang.exports.annual_units", "auto", "6万辆"),
    ("faw_group.h1_2020.hongqi_sales", "auto", "70,045辆"),
    ("faw_group.h1_2020.hongqi_sales", "compact", "7万辆"),
    ("jiefang.philippines.jobs", "auto", "超过2500个"),
    ("jiefang.footprint.countries", "auto", "88个国家和地区"),
    ("auto_city.area", "auto", "471平方公里"),
    ("jiefang.history.first_truck_year", "auto", "1956年"),
    ("jiefang.sprint2030.overseas_multiple_of_exports", "auto", "3倍"),
    ("faw_group.h1_2020.hongqi_sales_growth", "auto", "+110.7%"),
    ("jiefang.canton_fair.negotiations", "auto", "近400场"),
    ("auto_city.incorporated_towns", "auto", "大岭镇、范家屯镇"),
])
def test_chinese_numbers_count_in_wan_and_yi(zh, fact_id: str, style: str, shown: str) -> None:
    assert format_fact(zh.get(fact_id), zh.language, style).text == shown


def test_english_numbers_keep_thousands_separators() -> None:
    base = load_factbase(DATA)
    assert format_fact(base.get("faw_group.h1_2020.production"), base.language).text == "1,622,279 vehicles"
    assert format_fact(base.get("jiefang.brand.value_rmb"), base.language).text == "exceeding RMB 100 billion"


@pytest.mark.parametrize(("as_of", "shown"), [
    ("H1 2020", "2020年上半年"), ("H2 2021", "2021年下半年"), ("Q3 2024", "2024年第3季度"),
    ("2025", "2025年"), ("by 2030", "2030年前"), ("2020-07", "2020年7月"), ("2025-10-30", "2025年10月30日"),
    ("1980s", "20世纪80年代"), ("2020s", "21世纪20年代"), ("next five years", "next five years"),
])
def test_chinese_periods(as_of: str, shown: str) -> None:
    assert format_period(as_of, load_factbase(DATA).languages.get("zh-CN")) == shown
