"""Unknown attributes and elements in slide markup are input errors with "did you mean", like unknown
keys in facts: each element of the vocabulary, each of its attributes misspelt, elements out of place,
and through the CLI, exit 2 naming the template file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from badinput import invoke, one_error, override
from fawbrief.compose.markup import MarkupContext, parse_deck
from fawbrief.compose.vocabulary import VOCABULARY
from fawbrief.core.errors import InputError
from fawbrief.facts.base import load_factbase
from fawbrief.pipeline.build import DEFAULT_DATA

FACT = "jiefang.exports.annual_units"
TARGET = "jiefang.sprint2030.overseas_sales_target"
#: Every element of the vocabulary once, each with every attribute it takes.
FULL = f"""<deck title="T">
<slide layout="content" key="k">
<title>Exports <f id="{FACT}">60,000 units</f></title>
<subtitle>s</subtitle>
<bullet level="1">b</bullet>
<kpi fact="{FACT}" label="Exports" style="full"/>
<chart kind="target_actual" unit="units" title="c">
<series name="Today" role="actual" emphasis="true">
<point fact="{FACT}" label="x" note="{FACT}" style="auto" emphasis="false"/></series>
<series name="Target" role="target"><point fact="{TARGET}" label="y"/></series>
</chart>
<table><tr><th>h</th></tr><tr><td>d</td></tr></table>
<timeline><event><when>w</when><what>v</what></event></timeline>
<notes><p>n</p></notes>
</slide>
</deck>"""


@pytest.fixture(scope="module")
def factbase():  # type: ignore[no-untyped-def]
    return load_factbase(DEFAULT_DATA)


def errors(markup: str, factbase) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as info:
        parse_deck(markup, MarkupContext(factbase, "en", "decks/t/base.j2"))
    return str(info.value)


def with_attribute(tag: str, attribute: str) -> str:
    """FULL with ``attribute="x"`` added to the first ``<tag>``."""
    found = re.search(rf"<{tag}(?=[\s/>])", FULL)
    assert found, tag
    return f'{FULL[:found.end()]} {attribute}="x"{FULL[found.end():]}'


def test_the_full_vocabulary_parses(factbase) -> None:  # type: ignore[no-untyped-def]
    title, slides = parse_deck(FULL, MarkupContext(factbase, "en", "t.j2"))
    assert title == "T" and slides[0].key == "k"
    assert set(re.findall(r"<([a-z]+)", FULL)) == set(VOCABULARY)  # FULL does hold every element
    for tag, element in VOCABULARY.items():
        for attribute in element.attributes:
            assert re.search(rf"<{tag}\b[^>]*\s{attribute}=", FULL), (tag, attribute)


@pytest.mark.parametrize(("tag", "attribute"), [(tag, attribute) for tag, element in VOCABULARY.items()
                                                for attribute in element.attributes])
def test_a_misspelt_attribute_names_the_one_meant(factbase, tag: str, attribute: str) -> None:  # type: ignore[no-untyped-def]
    message = errors(with_attribute(tag, attribute + "s"), factbase)
    assert f"<{tag}>: unknown attribute '{attribute}s' (did you mean '{attribute}'?)" in message


@pytest.mark.parametrize("tag", list(VOCABULARY))
def test_any_other_attribute_is_refused(factbase, tag: str) -> None:  # type: ignore[no-untyped-def]
    message = errors(with_attribute(tag, "colour"), factbase)
    takes = ", ".join(VOCABULARY[tag].attributes) or "none"
    assert f"<{tag}>: unknown attribute 'colour' (<{tag}> takes: {takes})" in message


@pytest.mark.parametrize(("wrong", "meant"), [("kip", "kpi"), ("bulet", "bullet"), ("serie", "series"),
                                              ("timline", "timeline"), ("note", "notes"), ("tittle", "title")])
def test_a_misspelt_element_names_the_one_meant(factbase, wrong: str, meant: str) -> None:  # type: ignore[no-untyped-def]
    markup = FULL.replace("<bullet level=\"1\">b</bullet>", f"<bullet>b</bullet><{wrong}>x</{wrong}>")
    message = errors(markup, factbase)
    assert f"unknown element <{wrong}> (did you mean '{meant}'?)" in message


@pytest.mark.parametrize(("move", "message"), [
    (("<notes>", f'<point fact="{FACT}"/><notes>'), "<slide> may not hold <point> (it holds <title>, <subtitle>"),
    (("<p>n</p>", "<p>n<bullet>b</bullet></p>"), "<p> may not hold <bullet> (it holds <f>)"),
    (("<when>w</when>", "<when>w</when><p>x</p>"), "<event> may not hold <p> (it holds <when>, <what>)"),
    (('<f id="', '<f id="x"><f id="x"/></f><f id="'), "<f> may not hold <f> (it holds text only)"),
    (("<slide ", "<title>t</title><slide "), "<deck> may not hold <title> (it holds <slide>)"),
])
def test_an_element_out_of_place_is_refused(factbase, move: tuple[str, str], message: str) -> None:  # type: ignore[no-untyped-def]
    assert message in errors(FULL.replace(*move, 1), factbase)


def test_every_problem_is_reported_together(factbase) -> None:  # type: ignore[no-untyped-def]
    markup = with_attribute("kpi", "lable").replace("<bullet level", "<bullet levle")
    message = errors(markup, factbase)
    assert "'lable' (did you mean 'label'?)" in message and "'levle' (did you mean 'level'?)" in message


@pytest.mark.parametrize(("body", "message"), [
    (f'<kpi fact="{FACT}" lable="Exports"/>', "<kpi>: unknown attribute 'lable' (did you mean 'label'?)"),
    ('<bullet levle="1">x</bullet>', "<bullet>: unknown attribute 'levle' (did you mean 'level'?)"),
    ("<kip/>", "unknown element <kip> (did you mean 'kpi'?)"),
])
def test_the_cli_names_the_template_line(tmp_path: Path, body: str, message: str) -> None:
    blocks = ('{% block probe %}\n<slide layout="content" key="probe">\n<title>t</title>\n'
              f"{body}\n</slide>\n{{% endblock %}}")
    templates = override(tmp_path / "tpl", "jiefang", blocks, ["probe"])
    out = invoke("build", "jiefang", "-t", templates, "-o", tmp_path / "out")
    line = one_error(out, 2)
    assert line.startswith(f"{templates / 'decks' / 'jiefang' / 'executive.j2'}:6: "), line
    assert message in line
    assert not (tmp_path / "out").exists()
