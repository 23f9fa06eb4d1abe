"""Bad input the catalogue missed (issue 19, items 8, 11, 12, 14, 15, 17, 20): each is exit 2 with one line
naming the file and line of the culprit, and every problem that can be found together is reported together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from badinput import edit, invoke, line_of, one_error, override
from conftest import REPO

PROBE = """\
subject: jiefang
facts:
  - id: jiefang.probe.exports
    label: Annual exports of the probe
    value: 60000
    unit: units
    as_of: "2025"
    source:
      document: jiefang-profile
      paragraph: 4
      excerpt: "its annual exports have surged to 60,000 units"
      figure: "60,000"
"""
SHOWN = "data/facts/probe.yaml"
CYCLE = """\
  - id: jiefang.probe.a
    label: A (derived)
    formula: jiefang.probe.b * 2
    unit: x
    as_of: "2025"
  - id: jiefang.probe.b
    label: B (derived)
    formula: jiefang.probe.a * 2
    unit: x
    as_of: "2025"
"""


@pytest.fixture()
def data(data_copy: Path) -> Path:
    (data_copy / "facts" / "probe.yaml").write_text(PROBE, encoding="utf-8")
    return data_copy


def probe(data: Path) -> Path:
    return data / "facts" / "probe.yaml"


def brand(root: Path, body: str, name: str = "executive.j2", extends: str = "decks/jiefang/base.j2") -> Path:
    """A template folder whose ``decks/jiefang/NAME`` replaces the brand slide with ``body`` (on line 3)."""
    folder = root / "decks" / "jiefang"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f'{{% extends "{extends}" %}}\n{{% block brand %}}\n{body}\n{{% endblock %}}\n',
                               encoding="utf-8")
    return root


# --- item 8: noncharacters --------------------------------------------------------------------------
@pytest.mark.parametrize("char", ["\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"])
def test_noncharacters_in_a_label_are_refused(data: Path, char: str) -> None:
    text = edit(probe(data), "Annual exports of the probe", f"Annual {char}exports")
    msg = one_error(invoke("facts", "--data", data), 2)
    line = line_of(text, "Annual ")
    column = text.splitlines()[line - 1].index(char) + 1
    assert msg == f"{SHOWN}:{line}:{column}: unsafe character U+{ord(char):04X} in text"


def test_noncharacters_in_template_text_are_refused(tmp_path: Path) -> None:
    templates = brand(tmp_path / "tpl", '<slide key="brand"><title>Our &#xFDD0;brand</title></slide>')
    msg = one_error(invoke("build", "jiefang", "-t", templates, "-o", tmp_path / "out"), 2)
    assert msg.endswith("unsafe character U+FDD0 in text"), msg


# --- item 11: YAML 1.2 numbers ------------------------------------------------------------------------
def test_exponent_numbers_are_numbers(data: Path) -> None:
    edit(probe(data), "    value: 60000", "    value: 6e4")
    out = invoke("facts", "jiefang.probe", "--data", data, "--json")
    assert out.code == 0, out.stderr
    assert json.loads(out.stdout)[0]["value"] == 60000


@pytest.mark.parametrize("number", ["1e400", "-1E400"])
def test_an_infinite_exponent_number_is_refused_where_it_stands(data: Path, number: str) -> None:
    text = edit(probe(data), "    value: 60000", f"    value: {number}")
    msg = one_error(invoke("facts", "--data", data), 2)
    assert msg.startswith(f"{SHOWN}:{line_of(text, number)}:12: value: Input should be a finite number"), msg


# --- item 12: numerals other than ASCII digits --------------------------------------------------------
@pytest.mark.parametrize("text", ["⁹⁰,⁰⁰⁰ units", "Ⅸ models", "九万辆", "二〇二五年", "三千家", "①"])
def test_numerals_in_template_text_are_numbers_not_from_a_fact(tmp_path: Path, text: str) -> None:
    templates = brand(tmp_path / "tpl", f'<slide key="brand"><title>We sold {text}</title></slide>')
    msg = one_error(invoke("build", "jiefang", "-t", templates, "-o", tmp_path / "out"), 2)
    assert "number not from a fact" in msg, msg
    assert msg.startswith(f"{templates}/decks/jiefang/executive.j2:3: "), msg


def test_chinese_numerals_in_a_translation_are_numbers_not_from_a_fact(tmp_path: Path) -> None:
    """The zh-CN decks are where Chinese numerals would appear: through a catalog's translation. The
    planted translation is the sources slide's title, which every deck closes with (issue 16 dropped the
    agenda slide, whose msgid this test used to plant in)."""
    po = tmp_path / "tpl" / "i18n" / "zh-CN" / "messages.po"
    po.parent.mkdir(parents=True)
    head = CATALOG.split('msgid "Agenda')[0]
    po.write_text(head + 'msgid "Sources"\nmsgstr "资料来源：出口九万辆"\n', encoding="utf-8")
    result = invoke("build", "jiefang", "--lang", "zh-CN", "-t", tmp_path / "tpl", "-o", tmp_path / "out")
    msg = one_error(result, 2)
    shared = (REPO / "templates" / "shared.j2").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(shared, 1) if '_("Sources")' in text)
    assert msg.startswith(f"templates/shared.j2:{line}: "), msg
    assert "number not from a fact: '资料来源：出口九万辆'" in msg, msg


@pytest.mark.parametrize("text", ["CO₂ per km²", "一汽解放", "七月", "星期二", "十二月刊", "核心零部件", "百年品牌",
                                  "两项数据", "第二届"])
def test_words_that_hold_numeral_characters_still_build(tmp_path: Path, text: str) -> None:
    templates = brand(tmp_path / "tpl", f'<slide key="brand"><title>Brand: {text}</title></slide>')
    result = invoke("build", "jiefang", "-t", templates, "-o", tmp_path / "out")
    assert result.code == 0, result.stderr


def test_lint_finds_chinese_numerals_that_trace_to_no_fact(tmp_path: Path) -> None:
    from pptx import Presentation

    assert invoke("build", "jiefang", "--lang", "zh-CN", "-o", tmp_path).code == 0
    path = tmp_path / "jiefang-executive-zh-CN.pptx"
    clean = invoke("lint", path)
    assert (clean.code, clean.stdout.splitlines()) == (0, []), clean.stdout  # every rule, the grid rules included
    prs = Presentation(str(path))
    title = prs.slides[2].shapes.title.text_frame.paragraphs[0]
    title.runs[-1].text = title.runs[-1].text + "，出口九万辆"
    prs.save(str(path))
    result = invoke("lint", path)
    assert result.code == 1
    assert "number 九万 traces to no fact" in result.stdout, result.stdout


# --- item 14: a malformed catalog ----------------------------------------------------------------------
CATALOG = '''\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Agenda
msgstr "议程"
'''


@pytest.mark.parametrize(("entry", "line"), [('msgid "Agenda\nmsgstr "议程"\n', 5),
                                             ('msgid "Agenda"\nmsgstr "议程\n', 6),
                                             ('msgid "Agenda"\nmsgstr "议程" x\n', 6),
                                             ('msgid "Agenda"\n"more\nmsgstr "议程"\n', 6),
                                             ('msgid "Agenda"\nmsgstr 议程\n', 6)])
def test_a_malformed_catalog_line_is_refused(tmp_path: Path, entry: str, line: int) -> None:
    po = tmp_path / "tpl" / "i18n" / "zh-CN" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(CATALOG.split("msgid \"Agenda")[0] + entry, encoding="utf-8")
    msg = one_error(invoke("build", "jiefang", "--lang", "zh-CN", "-t", tmp_path / "tpl", "-o", tmp_path / "o"), 2)
    assert msg.startswith(f"{po}:{line}: bad catalog: "), msg


def test_a_repeated_msgid_names_its_line(tmp_path: Path) -> None:
    po = tmp_path / "tpl" / "i18n" / "zh-CN" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(CATALOG.replace('msgid "Agenda\n', 'msgid "Agenda"\n') + '\nmsgid ""\n"Agen"\n"da"\nmsgstr "又"\n',
                  encoding="utf-8")
    msg = one_error(invoke("build", "jiefang", "--lang", "zh-CN", "-t", tmp_path / "tpl", "-o", tmp_path / "o"), 2)
    assert msg == f"{po}:8: a msgid appears more than once"


def test_a_markup_root_that_is_not_a_deck_names_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "tpl" / "decks" / "jiefang"
    folder.mkdir(parents=True)
    (folder / "executive.j2").write_text("{# not a deck #}\n<slide><title>x</title></slide>\n", encoding="utf-8")
    msg = one_error(invoke("build", "jiefang", "-t", tmp_path / "tpl", "-o", tmp_path / "out"), 2)
    assert msg == f"{folder / 'executive.j2'}:2: markup root must be <deck>, not <slide>"


# --- item 15: errors name their place ------------------------------------------------------------------
def test_a_derived_fact_cycle_names_the_file_and_line(data: Path) -> None:
    text = PROBE + CYCLE
    probe(data).write_text(text, encoding="utf-8")
    msg = one_error(invoke("facts", "--data", data), 2)
    assert msg == (f"{SHOWN}:{line_of(text, '- id: jiefang.probe.a')}: derived facts depend on each other in "
                   "a cycle: jiefang.probe.a → jiefang.probe.b → jiefang.probe.a")


def test_invalid_utf8_in_a_template_names_the_file_and_line(tmp_path: Path) -> None:
    templates = brand(tmp_path / "tpl", "<slide><title>x</title></slide>")
    path = templates / "decks" / "jiefang" / "executive.j2"
    path.write_bytes(path.read_bytes().replace(b"<title>x", b"<title>\xff"))
    byte = path.read_bytes().index(b"\xff")
    msg = one_error(invoke("build", "jiefang", "-t", templates, "-o", tmp_path / "out"), 2)
    assert msg == f"{path}:3: not UTF-8 (byte {byte})"


@pytest.mark.parametrize(("body", "message"), [
    ('<slide key="brand"><title>Ours</title><kpi fact="jiefang.nope"/></slide>', "unknown fact id 'jiefang.nope'"),
    ('<slide key="brand"><title>Ours &#x202E;brand</title></slide>', "unsafe character U+202E in text"),
    ('<slide key="brand"><title>Ours {{ "\\u202e" }}brand</title></slide>', "unsafe character U+202E"),
    ('<slide key="brand"><title>Ours</title><bullet level="7">x</bullet></slide>', "bullet level must be"),
    ('<slide key="brand"><title>Ours</title><bullet>Sold 9</bullet></slide>', "number not from a fact"),
    ('<slide key="brand"><title>Ours</title><bullet>x</bullet></slid>', "not well-formed"),
])
def test_markup_errors_name_the_line_of_a_users_base_template(tmp_path: Path, body: str, message: str) -> None:
    """The culprit is in the user's shadowing base.j2, which the audience template extends."""
    templates = brand(tmp_path / "tpl", f"\n{body}", name="base.j2", extends="builtin:decks/jiefang/base.j2")
    msg = one_error(invoke("build", "jiefang", "-t", templates, "-o", tmp_path / "out"), 2)
    assert msg.startswith(f"{templates}/decks/jiefang/base.j2:4: "), msg
    assert message in msg, msg


def test_markup_errors_in_a_builtin_template_name_its_line(tmp_path: Path) -> None:
    templates = override(tmp_path / "tpl", "jiefang", '{% block brand %}<slide key="b"><title>x</title>'
                         '<kpi fact="jiefang.nope"/></slide>{% endblock %}')
    msg = one_error(invoke("build", "jiefang", "-t", templates, "-o", tmp_path / "out"), 2)
    assert msg.startswith(f"{templates}/decks/jiefang/executive.j2:2: unknown fact id 'jiefang.nope' in <kpi>"), msg


# --- item 17: chart data a renderer refuses is bad input ----------------------------------------------
def test_a_negative_funnel_value_is_bad_input_naming_the_fact(tmp_path: Path, data_copy: Path) -> None:
    edit(data_copy / "facts" / "auto-city.yaml", "formula: auto_city.projects.total - auto_city.projects.started",
         "formula: auto_city.projects.started - auto_city.projects.total")
    templates = brand(tmp_path / "tpl", '<slide key="brand"><title>Funnel</title><chart kind="funnel"><series>'
                      '<point fact="auto_city.projects.not_started" label="Waiting"/></series></chart></slide>')
    for charts in ("image", "native"):
        result = invoke("build", "jiefang", "--charts", charts, "--data", data_copy, "-t", templates,
                        "-o", tmp_path / "out")
        msg = one_error(result, 2)
        assert msg.startswith(f"{templates}/decks/jiefang/executive.j2:3: "), msg
        assert "auto_city.projects.not_started" in msg and "negative" in msg, msg
    assert not (tmp_path / "out").exists()


# --- item 20: one message per problem, every problem in one run ------------------------------------------
def test_an_unknown_audience_is_reported_once() -> None:
    result = invoke("build", "--all", "-a", "nobody", "-o", "/nonexistent/out")
    msg = one_error(result, 2)
    assert msg.startswith("unknown audience 'nobody'"), msg


def test_missing_wording_and_missing_msgids_come_together(tmp_path: Path, data_copy: Path) -> None:
    edit(data_copy / "i18n" / "zh-CN" / "facts.yaml", "  jiefang.exports.annual_units: {label: 年出口量}\n", "")
    templates = brand(tmp_path / "tpl", "<slide><title>{{ _('A brand new line') }}</title></slide>")
    result = invoke("build", "jiefang", "--lang", "zh-CN", "--data", data_copy, "-t", templates,
                    "-o", tmp_path / "out")
    assert result.code == 2, result.stderr
    assert "no zh-CN translation for msgid 'A brand new line'" in result.stderr, result.stderr
    assert "wording" in result.stderr and "jiefang.exports.annual_units" in result.stderr, result.stderr
