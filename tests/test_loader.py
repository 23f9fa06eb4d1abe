"""The strict YAML loader and the fact schema: good files load, bad ones fail
with one line naming the file, line and column."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from fawbrief.core.errors import InputError, InputErrors
from fawbrief.facts.base import load_factbase
from fawbrief.facts.yaml_loader import load_yaml

GOOD_FACT = """\
subject: jiefang
facts:
  - id: jiefang.test.exports
    label: Annual exports
    value: 60000
    unit: units
    as_of: "2025"
    source:
      document: jiefang-profile
      paragraph: 4
      excerpt: "annual exports have surged to 60,000 units"
      figure: "60,000"
"""


def write(tmp_path: Path, text: str, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_data(tmp_path: Path, facts_text: str, data_dir: Path) -> Path:
    """A data folder with the real sources.yaml and one fact file."""
    root = tmp_path / "d"
    (root / "facts").mkdir(parents=True, exist_ok=True)
    (root / "sources.yaml").write_bytes((data_dir / "sources.yaml").read_bytes())
    (root / "facts" / "jiefang.yaml").write_text(facts_text, encoding="utf-8")
    return root


@pytest.fixture()
def data_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "data"


def test_good_file_loads_with_positions(tmp_path: Path) -> None:
    loaded = load_yaml(write(tmp_path, GOOD_FACT))
    assert loaded.data["facts"][0]["value"] == 60000
    assert loaded.where(("facts", 0, "value")) == (5, 12)


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: [1, 2\n", "malformed YAML", 2),
        ("a: 1\na: 2\n", "duplicate key 'a'", 2),
        ("a: &x 1\nb: *x\n", "anchors are not allowed", 1),
        ("b: *x\n", "aliases are not allowed", 1),
        ("a: \"bad \\x1b char\"\n", "unsafe character U+001B", 1),
        ("a: \"\\uFFFE\"\n", "unsafe character U+FFFE", 1),
        ("a: \"\\ud800\"\n", "unsafe character", 1),
        ("a: \"x\\u202Ey\"\n", "unsafe character U+202E", 1),
    ],
)
def test_bad_yaml_names_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_yaml(path)
    assert message in str(info.value)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}")
    assert "\n" not in str(info.value)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file is empty"):
        load_yaml(write(tmp_path, "\n  \n"))


def test_deep_nesting_is_refused_without_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="nesting deeper than"):
        load_yaml(path)


def test_yaml_11_traps_stay_strings(tmp_path: Path) -> None:
    loaded = load_yaml(write(tmp_path, "a: NO\nb: 12:30\nc: 1.10\nd: on\ne: 2025-10-30\n"))
    assert loaded.data == {"a": "NO", "b": "12:30", "c": 1.1, "d": "on", "e": "2025-10-30"}


def test_cjk_and_emoji_load_intact(tmp_path: Path) -> None:
    loaded = load_yaml(write(tmp_path, "a: 一汽解放 🚚 شاحنة\n"))
    assert loaded.data["a"] == "一汽解放 🚚 شاحنة"


def test_good_fact_file(tmp_path: Path, data_dir: Path) -> None:
    base = load_factbase(make_data(tmp_path, GOOD_FACT, data_dir))
    fact = base.get("jiefang.test.exports")
    assert fact.subject == "jiefang"
    assert fact.value == 60000


@pytest.mark.parametrize(
    ("change", "message", "line", "col"),
    [
        (("    unit: units", "    unitt: units"), "unitt: unknown key (did you mean 'unit'?)", 6, 5),
        (("value: 60000", "value: .nan"), "value: Input should be a finite number", 5, 12),
        (("value: 60000", "value: .inf"), "value: Input should be a finite number", 5, 12),
        (("paragraph: 4", "paragraph: four"), "source.paragraph: Input should be a valid integer", 10, 18),
        (("as_of: \"2025\"", "as_of: 2025"), "as_of: Input should be a valid string", 7, 12),
        (("id: jiefang.test.exports", "id: ../etc/passwd"), "id: String should match pattern", 3, 9),
        (("subject: jiefang", "subject: Trucks!"), "subject: String should match pattern", 1, 10),
    ],
)
def test_bad_fact_names_file_line_col(tmp_path: Path, data_dir: Path, change: tuple[str, str], message: str,
                                      line: int, col: int) -> None:
    root = make_data(tmp_path, GOOD_FACT.replace(*change), data_dir)
    with pytest.raises(InputError) as info:
        load_factbase(root)
    text = str(info.value)
    assert text.startswith(f"d/facts/jiefang.yaml:{line}:{col}: "), text
    assert message in text


def test_missing_source_and_unknown_document(tmp_path: Path, data_dir: Path) -> None:
    text = GOOD_FACT.replace("document: jiefang-profile", "document: nowhere")
    with pytest.raises(InputError, match="unknown document 'nowhere'"):
        load_factbase(make_data(tmp_path, text, data_dir))
    cut = GOOD_FACT.split("    source:")[0]
    with pytest.raises(InputError, match="every fact needs a source"):
        load_factbase(make_data(tmp_path, cut, data_dir))


def test_duplicate_fact_ids(tmp_path: Path, data_dir: Path) -> None:
    body = GOOD_FACT.split("facts:\n")[1]
    with pytest.raises(InputError, match=r"duplicate fact id 'jiefang\.test\.exports'"):
        load_factbase(make_data(tmp_path, GOOD_FACT + body, data_dir))


def test_all_errors_of_a_run_are_reported_together(tmp_path: Path, data_dir: Path) -> None:
    text = GOOD_FACT.replace("unit: units", "unitt: units").replace("paragraph: 4", "paragraph: x")
    with pytest.raises(InputErrors) as info:
        load_factbase(make_data(tmp_path, text, data_dir))
    assert len(info.value.errors) == 2


DERIVED = GOOD_FACT + """\
  - id: jiefang.test.doubled
    label: Twice the exports
    formula: 2 * jiefang.test.exports
    unit: units
    as_of: "2025"
"""


def test_derived_fact_computed(tmp_path: Path, data_dir: Path) -> None:
    base = load_factbase(make_data(tmp_path, DERIVED, data_dir))
    fact = base.get("jiefang.test.doubled")
    assert fact.derived and fact.value == 120000.0
    assert fact.derived_from == ("jiefang.test.exports",)


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("2 * jiefang.test.exprts", "unknown fact 'jiefang.test.exprts' (did you mean 'jiefang.test.exports'?)"),
        ("__import__('os')", "formula may only use"),
        ("jiefang.test.exports / 0", "divides by zero"),
        ("jiefang.test.doubled + 1", "cycle"),
    ],
)
def test_bad_formulas(tmp_path: Path, data_dir: Path, formula: str, message: str) -> None:
    text = DERIVED.replace("formula: 2 * jiefang.test.exports", f"formula: \"{formula}\"")
    with pytest.raises(InputError) as info:
        load_factbase(make_data(tmp_path, text, data_dir))
    assert message in str(info.value)
