"""Languages are data: a language added to a project with files only (no Python), its profile's rules, and the
profile's bad input named at its file:line. The README's "Adding a language" walks through the same steps."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from conftest import REPO
from fawbrief.cli import main
from fawbrief.facts.base import load_factbase
from fawbrief.facts.formatting import format_fact, format_period
from fawbrief.facts.language import load_languages
from fawbrief.read.dump import canonical
from fawbrief.read.dump_markdown import to_markdown

GERMAN = """\
name: Deutsch
locale: de
separator: " "
numbers: {compact: long, auto_multiple: 1000000, money_from: 0, group_from: 10000}
units:
  year: {figure: "{n}"}
  x: {figure: "{n}-fach"}
  RMB: {figure: "{n} RMB"}
  yuan: {unit: Yuan}
qualifiers: {exceeding: über, over: über, more_than: mehr als, nearly: fast, about: etwa, up_to: bis zu}
lists: {between: ", ", last: " und ", last_when_joined: null}
periods:
  day: d. MMMM yyyy
  month: MMMM yyyy
  rules:
    - {match: '(\\d{4})', write: '{1}'}
    - {match: 'H1 (\\d{4})', write: '1. Halbjahr {1}'}
    - {match: 'H2 (\\d{4})', write: '2. Halbjahr {1}'}
    - {match: 'by (\\d{4})', write: 'bis {1}'}
    - {match: '(\\d{3})0s', write: '{1}0er-Jahre'}
    - {match: 'undated', write: undatiert}
sentences:
  - pattern: '(?i)\\b(?:um|von)\\s+[+−±-]\\d'
    says: a sign inside prose
"""


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("languages") / "proj"
    code, output = _invoke("new", str(root))
    assert code == 0, output
    return root


def _translate_messages(path: Path) -> None:
    """What a translator does to the catalog ``fawbrief messages`` wrote (here: marks every text as German)."""
    with path.open("rb") as stream:
        catalog = read_po(stream)
    for message in catalog:
        if message.id:
            message.string = "DE " + re.sub(r"\d", "#", str(message.id))  # translations hold no digits
    with path.open("wb") as stream:
        write_po(stream, catalog, width=116)


def _translate_facts(path: Path, data: Path) -> None:
    """Fill the facts.yaml skeleton: every empty value gets German words (here: the English ones, marked)."""
    factbase = load_factbase(data)
    text = path.read_text(encoding="utf-8")
    lines, current = [], None
    for line in text.splitlines():
        match = re.match(r"  (\S[^:]*):  #", line)
        if match:
            current = match[1]
        if line.strip() == 'label: ""':
            line = line.replace('""', json.dumps("DE " + factbase.facts[current].label, ensure_ascii=False))
        elif line.lstrip().startswith('as_of: ""'):
            line = '    as_of: ' + json.dumps("DE " + factbase.facts[current].as_of, ensure_ascii=False)
        elif line.lstrip().startswith("value:") and current in factbase.facts:
            value = factbase.facts[current].value
            line = line.split(":")[0] + ": " + json.dumps(value, ensure_ascii=False)
        elif current in factbase.documents and re.match(r'    (title|short|publisher|date): ""', line):
            key = line.split(":")[0].strip()
            line = f"    {key}: " + json.dumps(getattr(factbase.documents[current], key), ensure_ascii=False)
        elif re.match(r'  [^ ].*: ""$', line):  # a count noun
            line = line.replace('""', json.dumps(line.split(":")[0].strip().strip('"')))
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_language_is_added_with_files_only(project: Path, tmp_path: Path) -> None:
    folder = project / "data" / "i18n" / "de"
    folder.mkdir()
    (folder / "language.yaml").write_text(GERMAN, encoding="utf-8")
    code, output = _invoke("-C", str(project), "list", "--json")
    assert code == 0 and "de" in [lang["code"] for lang in json.loads(output)["languages"]]

    code, output = _invoke("-C", str(project), "messages", "--lang", "de")
    assert code == 0, output
    assert (folder / "messages.po").is_file() and (folder / "facts.yaml").is_file()
    code, output = _invoke("-C", str(project), "build", "jiefang", "--lang", "de", "-o", str(tmp_path))
    assert code == 2  # nothing translated yet: every missing word is named, nothing is written
    assert "no de translation for msgid" in output or "String should have at least 1 character" in output
    assert not list(tmp_path.glob("*.pptx"))

    _translate_messages(folder / "messages.po")
    _translate_facts(folder / "facts.yaml", REPO / "data")  # the facts the new project copied
    code, output = _invoke("-C", str(project), "build", "--all", "--lang", "de", "-o", str(tmp_path))
    assert code == 0, output
    assert sorted(p.name for p in tmp_path.glob("*.pptx")) == [
        "auto-city-executive-de.pptx", "faw-vw-executive-de.pptx", "jiefang-executive-de.pptx"]
    dump = to_markdown(canonical((tmp_path / "jiefang-executive-de.pptx").read_bytes(), "jiefang"))
    assert "DE " in dump  # the catalog's words
    assert "60.000" in dump  # German digit grouping (the exports card); "60,000" stays only in quoted excerpts
    code, output = _invoke("-C", str(project), "messages", "--check")
    assert code == 0, output  # the translated catalogs are complete


def test_the_profile_decides_numbers_hedges_lists_and_periods(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "i18n" / "de").mkdir(parents=True)
    (data / "i18n" / "en").mkdir(parents=True)
    (data / "i18n" / "de" / "language.yaml").write_text(GERMAN, encoding="utf-8")
    (data / "i18n" / "en" / "language.yaml").write_bytes((REPO / "data/i18n/en/language.yaml").read_bytes())
    languages = load_languages(data)
    assert languages.codes == ("en", "de") and languages.source.code == "en"
    de = languages.get("de")
    base = load_factbase(REPO / "data")
    exports = base.get("jiefang.exports.annual_units")  # 60,000 units
    assert format_fact(exports, de).number == "60.000"
    assert format_fact(exports, languages.source).number == "60,000"
    assert format_period("H1 2020", de) == "1. Halbjahr 2020" and format_period("1980s", de) == "1980er-Jahre"
    assert format_period("2025-10-30", de) == "30. Oktober 2025"
    assert format_period("H1 2020", languages.source) == "H1 2020"


@pytest.mark.parametrize(("text", "expected"), [
    (GERMAN.replace("locale: de", "locale: xx_QQ"), r"language\.yaml:2:\d+: locale: .*not a locale Babel knows"),
    (GERMAN.replace("name: Deutsch\n", "name: Deutsch\nsource: true\n"),
     "exactly one language must say 'source: true'"),
    (GERMAN.replace("'{1}0er-Jahre'", "'{2}0er-Jahre'"), r"language\.yaml:\d+:\d+: .*write names group \{2\}"),
    (GERMAN.replace("separator:", "seperator:"), r"language\.yaml:3:1: seperator: unknown key"),
])
def test_a_bad_profile_is_named_at_its_line(project: Path, text: str, expected: str, tmp_path: Path) -> None:
    folder = project / "data" / "i18n" / "de"
    folder.mkdir(exist_ok=True)
    saved = (folder / "language.yaml").read_text(encoding="utf-8") if (folder / "language.yaml").exists() else None
    (folder / "language.yaml").write_text(text, encoding="utf-8")
    try:
        code, output = _invoke("-C", str(project), "build", "jiefang", "-o", str(tmp_path))
    finally:
        if saved is None:
            (folder / "language.yaml").unlink()
        else:
            (folder / "language.yaml").write_text(saved, encoding="utf-8")
    assert code == 2, output
    assert re.search(expected, output), output
    assert "Traceback" not in output


def test_no_python_module_names_a_language_deck_subject_or_audience() -> None:
    """Ids are data: the built-in project's languages, decks, subjects and audiences appear in no module's code
    (comments and docstrings may mention them)."""
    import ast

    import yaml

    ids = {path.parent.name for path in (REPO / "data" / "i18n").glob("*/language.yaml")}
    ids |= {deck["id"] for deck in yaml.safe_load((REPO / "data" / "decks.yaml").read_text())["decks"]}
    ids |= {path.stem for path in (REPO / "data" / "facts").glob("*.yaml")}
    ids |= {path.stem for path in (REPO / "data" / "audiences").glob("*.yaml")}
    assert {"en", "zh-CN", "jiefang", "executive"} <= ids
    ids -= {"media"}  # also an OOXML placeholder type (read/text_style.py), not the audience
    found = []
    for path in sorted((REPO / "src" / "fawbrief").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in ids and id(node) not in docstrings:
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r}")
    assert found == []


def test_the_built_in_catalogs_are_in_step_and_messages_writes_nothing_then() -> None:
    before = (REPO / "data/i18n/zh-CN/messages.po").read_bytes()
    code, output = _invoke("-C", str(REPO), "messages", "--check")
    assert code == 0, output
    code, output = _invoke("-C", str(REPO), "messages")
    assert code == 0 and "wrote" not in output
    assert (REPO / "data/i18n/zh-CN/messages.po").read_bytes() == before
