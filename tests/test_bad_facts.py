"""README: When things go wrong, facts: every bad fact file gets exit 2 and one line naming
``file:line[:col]``, no traceback; all errors of a run come together (capped);
CJK, emoji and RTL text reach the slide intact."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from pptx import Presentation

from badinput import DATA, edit, invoke, line_of, no_traceback, one_error, override, run
from conftest import unsourced

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
  - id: jiefang.probe.place
    label: Where the probe was built
    value: Changchun, Jilin
    as_of: "1956"
    source:
      document: jiefang-profile
      paragraph: 1
      excerpt: "In 1956, in Changchun, Jilin"
"""
SHOWN = "data/facts/probe.yaml"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    """A copy of data/ plus facts/probe.yaml, a small fact file the tests break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    (target / "facts" / "probe.yaml").write_text(PROBE, encoding="utf-8")
    return target


def probe(data: Path) -> Path:
    return data / "facts" / "probe.yaml"


def facts_error(data: Path, old: str, new: str) -> tuple[str, str]:
    """Plant ``new`` in place of ``old``; run ``fawbrief facts``; return (message, new text)."""
    text = edit(probe(data), old, new)
    return one_error(invoke("facts", "--data", data), 2), text


def test_probe_file_is_good(data: Path) -> None:
    out = invoke("facts", "jiefang.probe", "--data", data, "--json")
    assert out.code == 0, out.stderr
    assert [f["id"] for f in json.loads(out.stdout)] == ["jiefang.probe.exports", "jiefang.probe.place"]


# --- malformed, empty, duplicate keys, aliases ----------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("    unit: units\n", "    unit: [units\n", "    as_of", "malformed YAML"),
        ("    value: 60000\n", "    value: 60000\n   bad indent: 1\n", "   bad", "malformed YAML"),
        ('    as_of: "2025"\n', '    as_of: "2025\n', None, "malformed YAML"),
        ("    unit: units\n", "    unit: units\n    unit: units\n", "    as_of", "duplicate key 'unit'"),
        ("    unit: units\n", "    unit: &u units\n", "&u", "anchors are not allowed (&u)"),
        ("    unit: units\n", "    unit: *u\n", "*u", "aliases are not allowed"),
    ],
    ids=["unclosed-flow", "bad-indent", "unclosed-quote", "duplicate-key", "anchor", "alias"],
)
def test_malformed_yaml_names_line_and_column(data: Path, old: str, new: str, needle: str | None,
                                              message: str) -> None:
    msg, text = facts_error(data, old, new)
    assert msg.startswith(f"{SHOWN}:"), msg
    assert message in msg
    line = msg.split(":")[1]
    assert line.isdigit()
    if needle == "    as_of":  # reported on the line after the mistake (where YAML notices it)
        assert int(line) == line_of(text, needle) - (1 if "duplicate" in message else 0), msg
    elif needle is not None:
        assert int(line) == line_of(text, needle), msg


@pytest.mark.parametrize(("content", "message"), [("", "file is empty"), ("\n  \n\t\n", "file is empty"),
                                                  ("# only a comment\n", "file holds no YAML document")])
def test_empty_file(data: Path, content: str, message: str) -> None:
    probe(data).write_text(content, encoding="utf-8")
    assert one_error(invoke("facts", "--data", data), 2) == f"{SHOWN}:1: {message}"


def test_not_utf8_names_the_line(data: Path) -> None:
    probe(data).write_bytes(PROBE.encode().replace(b"Where the probe", b"Where the pr\xf6be"))
    msg = one_error(run("facts", "--data", data), 2)
    assert msg.startswith(f"{SHOWN}:{line_of(PROBE, 'Where the probe')}: not UTF-8")


def test_billion_laughs_is_refused_at_once(data: Path) -> None:
    bomb = "subject: jiefang\nfacts:\n" + "".join(
        f"  - &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else 'lol'}]\n" for i in range(10))
    probe(data).write_text(bomb, encoding="utf-8")
    start = time.monotonic()
    msg = one_error(run("facts", "--data", data), 2)
    assert time.monotonic() - start < 30
    assert msg == f"{SHOWN}:3:5: anchors are not allowed (&l0)"


@pytest.mark.parametrize(
    "body",
    ["facts: " + "[" * 10_000 + "]" * 10_000, "facts: " + "{a: " * 10_000 + "1" + "}" * 10_000,
     "facts:\n" + "- " * 10_000 + "x"],
    ids=["flow-seq", "flow-map", "block-seq"],
)
def test_nesting_10000_deep_fails_cleanly(data: Path, body: str) -> None:
    probe(data).write_text("subject: jiefang\n" + body + "\n", encoding="utf-8")
    out = run("facts", "--data", data)  # a subprocess: a segfault would show as a negative code
    msg = one_error(out, 2)
    assert msg.startswith(f"{SHOWN}:") and msg.endswith("nesting deeper than 32 levels")


def test_file_over_the_size_cap(data: Path) -> None:
    probe(data).write_text(PROBE + "#" * (3 * 1024 * 1024) + "\n", encoding="utf-8")
    assert "larger than" in one_error(invoke("facts", "--data", data), 2)


# --- schema: unknown keys, wrong types, non-finite numbers, YAML 1.1 traps -------------------
@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("    unit: units\n", "    unti: units\n", "unti", "unti: unknown key (did you mean 'unit'?)"),
        ("    label: Annual", "    lable: Annual", "lable", "lable: unknown key (did you mean 'label'?)"),
        ("      figure:", "      figur:", "figur:", "source.figur: unknown key (did you mean 'figure'?)"),
        ("    unit: units\n", "    unit: units\n    colour: red\n", "colour", "colour: unknown key"),
        ("      paragraph: 4", "      paragraph: four", "four", "source.paragraph: Input should be a valid integer"),
        ("      paragraph: 4", "      paragraph: [4]", "[4]", "source.paragraph: Input should be a valid integer"),
        ("      paragraph: 4", "      paragraph: 0", "paragraph: 0", "source.paragraph: Input should be greater than"),
        ("    value: 60000", "    value: {a: 1}", "{a: 1}", "value: must be a number, a text or a list of texts"),
        ("    value: 60000", "    value: true", "true", "value:"),
        ("    label: Annual exports of the probe", "    label: 12", "12\n", "label: Input should be a valid string"),
        ('    as_of: "2025"', "    as_of: 2025", "2025\n", "as_of: Input should be a valid string"),
        ("    value: 60000", "    value: .nan", ".nan", "value: Input should be a finite number"),
        ("    value: 60000", "    value: .inf", ".inf", "value: Input should be a finite number"),
        ("    value: 60000", "    value: -.Inf", "-.Inf", "value: Input should be a finite number"),
        ("    unit: units\n", "    unit: units\n    qualifier: NO\n", "NO", "qualifier: Input should be"),
        ("    unit: units\n", "    unit: units\n    status: off\n", "off", "status: Input should be"),
        ('    as_of: "2025"', "    as_of: 1.10", "1.10", "as_of: Input should be a valid string"),
    ],
    ids=["unit-typo", "label-typo", "figure-typo", "unknown-key", "paragraph-text", "paragraph-list",
         "paragraph-zero", "value-map", "value-bool", "label-int", "as_of-int", "nan", "inf", "minus-inf",
         "qualifier-NO", "status-off", "as_of-1.10"],
)
def test_schema_error_names_line_and_column(data: Path, old: str, new: str, needle: str, message: str) -> None:
    msg, text = facts_error(data, old, new)
    assert msg.startswith(f"{SHOWN}:{line_of(text, needle)}:"), msg
    assert message in msg


def test_yaml_11_traps_stay_text(data: Path) -> None:
    """``NO`` is not False, ``12:30`` is not 750, ``1.10`` is a number only where numbers go."""
    text = edit(probe(data), "    label: Where the probe was built", "    label: NO")
    text = edit(probe(data), '    as_of: "1956"', "    as_of: 12:30")
    edit(probe(data), "    value: 60000", "    value: 1.10")
    out = invoke("facts", "jiefang.probe", "--data", data, "--json")
    assert out.code == 0, out.stderr
    exports, place = json.loads(out.stdout)
    assert (place["label"], place["as_of"]) == ("NO", "12:30")
    assert exports["value"] == 1.1
    assert "as_of: 12:30" in text


@pytest.mark.parametrize(("formula", "message"), [
    ("jiefang.probe.exports * 1e305", "formula result is not a finite number"),
    ('"1e400"', "formula result is not a finite number"),  # unquoted, 1e400 is a YAML 1.2 number, not a formula
    ("1e400 - 1e400", "formula result is not a finite number"),
    ("jiefang.probe.exports / (jiefang.probe.exports - 60000)", "formula divides by zero"),
    ("jiefang.probe.place * 2", "formula uses 'jiefang.probe.place', which is not a number"),
    ("jiefang.probe.exprts * 2", "formula uses unknown fact 'jiefang.probe.exprts' (did you mean"),
])
def test_bad_derived_fact_names_its_line(data: Path, formula: str, message: str) -> None:
    """A derived value is never inf or NaN (native charts would fail on it) and errors name the fact."""
    derived = (f"  - id: jiefang.probe.derived\n    label: A derived figure\n    formula: {formula}\n"
               "    unit: units\n    as_of: \"2025\"\n")
    probe(data).write_text(PROBE + derived, encoding="utf-8")
    msg = one_error(invoke("facts", "--data", data), 2)
    line = line_of(PROBE + derived, "  - id: jiefang.probe.derived")
    assert msg.startswith(f"{SHOWN}:{line}: jiefang.probe.derived: {message}"), msg


# --- characters ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("replacement", "code"),
    [
        ("Where the \x1b[2Jprobe", "U+001B"),
        ('"Where the \\x1b[31mprobe"', "U+001B"),
        ("Where the \x07probe", "U+0007"),
        ("Where the \x85probe", "U+0085"),
        ("Where the \x9bprobe", "U+009B"),
        ("Where the \ufffeprobe", "U+FFFE"),
        ('"Where the \\uFFFF probe"', "U+FFFF"),
        ('"Where the \\ud800 probe"', "U+D800"),
        ('"Where the \\udfff probe"', "U+DFFF"),
        ("Where the \u202eeborp", "U+202E"),
        ("Where the \u2066probe\u2069", "U+2066"),
        ('"Where the \\u202Dprobe"', "U+202D"),
    ],
    ids=["raw-esc", "escaped-esc", "bell", "nel", "csi", "raw-fffe", "escaped-ffff", "surrogate-hi",
         "surrogate-lo", "rlo", "lri", "lro"],
)
def test_unsafe_characters_are_refused_with_location(data: Path, replacement: str, code: str) -> None:
    text = edit(probe(data), "Where the probe was built", replacement)
    out = invoke("facts", "--data", data)
    msg = one_error(out, 2)
    line = line_of(text, replacement)
    assert msg.startswith(f"{SHOWN}:{line}:"), msg
    assert msg.endswith(f"unsafe character {code} in text")


def test_unsafe_character_in_a_key_or_comment(data: Path) -> None:
    text = edit(probe(data), "    unit: units", "    \"un\\x1bit\": units")
    msg = one_error(invoke("facts", "--data", data), 2)
    assert msg == f"{SHOWN}:{line_of(text, 'un')}:5: unsafe character U+001B in text"
    commented = PROBE.replace("  - id: jiefang.probe.place", "  # note \x1b[2J\n  - id: jiefang.probe.place")
    probe(data).write_text(commented, encoding="utf-8")
    assert "unsafe character U+001B" in one_error(invoke("facts", "--data", data), 2)


def test_lone_surrogate_bytes_are_not_utf8(data: Path) -> None:
    probe(data).write_bytes(PROBE.encode().replace(b"the probe was", b"the \xed\xa0\x80 was"))
    assert "not UTF-8" in one_error(invoke("facts", "--data", data), 2)


def test_file_name_with_control_characters_is_echoed_escaped(data: Path) -> None:
    bad = data / "facts" / "evil\x1b[31m.yaml"
    bad.write_text("subject: [\n", encoding="utf-8")
    msg = one_error(run("facts", "--data", data), 2)
    assert msg.startswith("data/facts/evil\\x1b[31m.yaml:2:1: malformed YAML"), msg


CJK_LABEL = "一汽解放 出口 🚚 صادرات الشاحنات 👩‍🔧 트럭"
CJK_VALUE = "长春，吉林 🏭 עברית ‏Changchun"


def test_cjk_emoji_and_rtl_reach_the_slide_intact(tmp_path: Path, data: Path) -> None:
    unsourced(data)  # the planted words are in no source document
    edit(probe(data), "    label: Annual exports of the probe", f"    label: {CJK_LABEL}")
    edit(probe(data), "    label: Where the probe was built", f'    label: "{CJK_LABEL} ✓"')
    edit(probe(data), "    value: Changchun, Jilin", f"    value: {CJK_VALUE}")
    blocks = """{% block probe %}
<slide layout="content" key="probe">
  <title>{{ label("jiefang.probe.exports") }}</title>
  <kpi fact="jiefang.probe.exports"/>
  <bullet>{{ fact("jiefang.probe.place") }}</bullet>
  <notes><p>{{ label("jiefang.probe.place") }}</p></notes>
</slide>
{% endblock %}"""
    templates = override(tmp_path / "tpl", "jiefang", blocks, ["probe"])
    out_dir = tmp_path / "out"
    out = run("build", "jiefang", "--data", data, "-t", templates, "-o", out_dir)
    assert out.code == 0, out.stderr
    no_traceback(out)
    slide = Presentation(str(out_dir / "jiefang-executive.pptx")).slides[0]
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    assert slide.shapes.title.text_frame.text == CJK_LABEL
    assert any(CJK_LABEL in text and "60,000" in text for text in texts if text != CJK_LABEL), texts
    assert any(text == CJK_VALUE for text in texts), texts
    assert f"{CJK_LABEL} ✓" in slide.notes_slide.notes_text_frame.text
    listed = invoke("facts", "jiefang.probe", "--data", data, "--json")
    assert CJK_VALUE in listed.stdout and CJK_LABEL in listed.stdout


# --- ids -----------------------------------------------------------------------------------
@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "/etc/passwd", "jiefang/probe.x", "jiefang.probe/../x",
                                    "C:\\\\probe.x", "jiefang..probe", "Jiefang.Probe", "jiefang", "jiefang.probe.x "])
def test_path_like_or_malformed_ids(data: Path, bad_id: str) -> None:
    msg, text = facts_error(data, "  - id: jiefang.probe.place", f'  - id: "{bad_id}"')
    line = line_of(text, f'id: "{bad_id}"')
    assert msg.startswith(f"{SHOWN}:{line}:9: id: String should match pattern"), msg


def test_duplicate_id_in_one_file_and_across_files(data: Path) -> None:
    msg, text = facts_error(data, "  - id: jiefang.probe.place", "  - id: jiefang.probe.exports")
    second = text.rindex("  - id: jiefang.probe.exports")
    assert msg == f"{SHOWN}:{text.count(chr(10), 0, second) + 1}: duplicate fact id 'jiefang.probe.exports'"
    edit(probe(data), "  - id: jiefang.probe.exports\n    label: Where",
         "  - id: jiefang.history.first_truck_year\n    label: Where")
    msg = one_error(invoke("facts", "--data", data), 2)
    # jiefang.yaml is read before probe.yaml: the later file's fact is the duplicate
    assert msg == f"{SHOWN}:13: duplicate fact id 'jiefang.history.first_truck_year'"


# --- many errors at once, capped; --debug ----------------------------------------------------
def test_all_errors_of_a_run_are_reported_together(data: Path) -> None:
    edit(probe(data), "    unit: units", "    unti: units")
    edit(probe(data), "      paragraph: 1", "      paragraph: one")
    (data / "facts" / "broken.yaml").write_text("subject: jiefang\nfacts: [\n", encoding="utf-8")
    out = run("facts", "--data", data)
    assert out.code == 2
    no_traceback(out)
    lines = out.stderr.splitlines()
    assert lines[0] == "fawbrief: errors:"
    assert sorted(lines[1:]) == sorted([
        "data/facts/broken.yaml:3:1: malformed YAML: expected the node content, but found '<stream end>'",
        f"{SHOWN}:6:5: unti: unknown key (did you mean 'unit'?)",
        f"{SHOWN}:19:18: source.paragraph: Input should be a valid integer",
    ]), out.stderr


def test_error_list_is_capped(data: Path) -> None:
    fact = PROBE.split("facts:\n")[1].split("  - id: jiefang.probe.place")[0]
    many = "".join(fact.replace("jiefang.probe.exports", f"jiefang.probe.n{i}").replace("unit:", "unti:")
                   for i in range(30))
    probe(data).write_text("subject: jiefang\nfacts:\n" + many, encoding="utf-8")
    out = invoke("facts", "--data", data)
    assert out.code == 2
    lines = out.stderr.splitlines()
    assert len(lines) == 1 + 20 + 1
    assert lines[-1] == "... and 10 more errors"


def test_debug_shows_the_traceback(data: Path) -> None:
    edit(probe(data), "    unit: units", "    unti: units")
    out = run("--debug", "facts", "--data", data)
    assert out.code == 2
    assert "Traceback" in out.stderr and out.stderr.rstrip().endswith("(did you mean 'unit'?)")
