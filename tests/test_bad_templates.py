"""README: When things go wrong, templates: syntax errors, undefined names, unknown facts, sandbox
escapes, includes that leave the template folders and output bombs each get exit
2 and one line naming the template file and line; nothing is written."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pptx import Presentation

from badinput import invoke, no_traceback, one_error, override, run

TITLE_LINE = 4  # line of the probe slide in the override written by probe()


def probe(tmp_path: Path, slide_body: str, *, extra: str = "") -> Path:
    """A template folder overriding the jiefang executive deck with one slide;
    ``slide_body`` sits on line 4 of ``decks/jiefang/executive.j2``."""
    blocks = f'{{% block probe %}}\n<slide layout="content" key="probe">{slide_body}</slide>\n{{% endblock %}}{extra}'
    return override(tmp_path / "tpl", "jiefang", blocks, ["probe"])


def build(tmp_path: Path, templates: Path, *, subprocess: bool = False, debug: bool = False) -> object:
    args = [*(["--debug"] if debug else []), "build", "jiefang", "-t", templates, "-o", tmp_path / "out"]
    return run(*args) if subprocess else invoke(*args)


def override_file(templates: Path) -> str:
    return str(templates / "decks" / "jiefang" / "executive.j2")


def fails_at(tmp_path: Path, body: str, message: str, *, line: int | None = TITLE_LINE,
             subprocess: bool = False) -> str:
    templates = probe(tmp_path, body)
    msg = one_error(build(tmp_path, templates, subprocess=subprocess), 2)
    where = override_file(templates) + (f":{line}:" if line else ":")
    assert msg.startswith(where), msg
    assert message in msg, msg
    assert not (tmp_path / "out").exists(), "a failed build must not touch the output folder"
    return msg


def test_probe_override_builds(tmp_path: Path) -> None:
    templates = probe(tmp_path, '<title>Exports: {{ fact("jiefang.exports.annual_units") }}</title>')
    out = build(tmp_path, templates)
    assert out.code == 0, out.stderr
    prs = Presentation(str(tmp_path / "out" / "jiefang-executive.pptx"))
    assert [s.shapes.title.text_frame.text for s in prs.slides] == ["Exports: 60,000 units"]


# --- syntax, undefined names, unknown facts ---------------------------------------------------
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<title>{% if %}</title>", "template syntax error: Expected an expression"),
        ("<title>{{ 1 + }}</title>", "template syntax error"),
        ("<title>{% evil %}</title>", "template syntax error: Encountered unknown tag 'evil'"),
        ("<title>{{ nope }}</title>", "template error: 'nope' is undefined"),
        ("<title>{{ deck.nope }}</title>", "template error: 'dict object' has no attribute 'nope'"),
        ("<title>{{ nope() }}</title>", "template error: 'nope' is undefined"),
        ("<title>{{ fact() }}</title>", "missing 1 required positional argument"),
    ],
    ids=["if-no-expr", "dangling-op", "unknown-tag", "undefined", "no-attribute", "undefined-call",
         "helper-arity"],
)
def test_syntax_and_undefined_names_name_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    fails_at(tmp_path, body, message)


def test_unclosed_block_names_the_file(tmp_path: Path) -> None:
    msg = fails_at(tmp_path, "<title>{% for x in y %}</title>", "template syntax error", line=None)
    assert "Unexpected end of template" in msg or "endfor" in msg


@pytest.mark.parametrize("helper", ["fact", "asof", "label", "items", "value", "cite"])
def test_unknown_fact_id_suggests_the_nearest(tmp_path: Path, helper: str) -> None:
    fails_at(tmp_path, f'<title>{{{{ {helper}("jiefang.exports.annual_unit") }}}}</title>',
             "unknown fact id 'jiefang.exports.annual_unit' (did you mean 'jiefang.exports.annual_units'?)")


@pytest.mark.parametrize("second", [1, 2])
def test_an_unknown_fact_in_a_trans_block_is_put_on_its_own_line(tmp_path: Path, second: int) -> None:
    """Jinja hoists a {% trans %}'s first call into an assignment without a line; the error used to name the
    line of the output before it. Here the bad fact is the first (then the second) value of a trans on the line
    after a bullet with output of its own."""
    good, bad = 'fact("jiefang.exports.annual_units")', 'fact("jiefang.exports.annual_unit")'
    values = f"a={bad}, b={good}" if second == 1 else f"a={good}, b={bad}"
    body = ('<title>T</title><bullet>{{ fact("jiefang.exports.annual_units") }}</bullet>\n'
            f'<bullet>{{% trans {values} %}}Both {{{{ a }}}} and {{{{ b }}}}{{% endtrans %}}</bullet>')
    fails_at(tmp_path, body, "unknown fact id 'jiefang.exports.annual_unit' "
             "(did you mean 'jiefang.exports.annual_units'?)", line=TITLE_LINE + 1)


@pytest.mark.parametrize("element", [
    '<kpi fact="{id}"/>', '<chart kind="bar"><series name="S"><point fact="{id}" label="L"/></series></chart>'])
def test_unknown_fact_id_in_an_element_suggests_the_nearest(tmp_path: Path, element: str) -> None:
    body = "<title>T</title>" + element.format(id="jiefang.exports.anual_units")
    templates = probe(tmp_path, body)
    out = build(tmp_path, templates)
    assert out.code == 2
    no_traceback(out)
    assert (f"{override_file(templates)}:{TITLE_LINE}: unknown fact id 'jiefang.exports.anual_units' in <"
            in out.stderr.splitlines()[-1 if "kpi" in element else 1]), out.stderr
    assert "(did you mean 'jiefang.exports.annual_units'?)" in out.stderr


# --- sandbox escapes --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "expr",
    [
        '"".__class__.__mro__',
        '""|attr("__class__")',
        '"{0.__class__}".format(1)',
        '"{0.__class__}".format_map([1])',
        '"%s"|format(deck.__class__)',
        "().__class__.__base__.__subclasses__()",
        "self.__init__.__globals__",
        "cycler.__init__.__globals__",
        "namespace.__init__.__globals__",
        "fact.__self__.factbase",
        "fact.__func__.__globals__",
        "deck.items.__self__.__class__",
        "range.__self__",
    ],
)
def test_sandbox_escapes_are_refused(tmp_path: Path, expr: str) -> None:
    templates = probe(tmp_path, f"<title>{{{{ {expr} }}}}</title>")
    out = build(tmp_path, templates)
    msg = one_error(out, 2)
    assert msg.startswith(override_file(templates) + f":{TITLE_LINE}: "), msg
    assert "sandbox" in msg or "undefined" in msg or "no attribute" in msg, msg
    assert out.stdout == ""


def test_sandbox_escape_through_the_real_cli(tmp_path: Path) -> None:
    msg = fails_at(tmp_path, '<title>{{ "".__class__.__mro__[1].__subclasses__() }}</title>', "sandbox:",
                   subprocess=True)
    assert "access to attribute '__class__' of 'str' object is unsafe" in msg


def test_immutable_sandbox_refuses_mutation(tmp_path: Path) -> None:
    fails_at(tmp_path, "<title>{% set xs = [] %}{{ xs.append(1) }}</title>", "sandbox:")


@pytest.mark.parametrize(("expr", "message"), [('"{0}".format()', "IndexError"), ('"{x}".format()', "KeyError"),
                                               ("1 / 0", "ZeroDivisionError"), ("1.0e308 * 1.0e308 > 0", "")])
def test_python_errors_in_expressions_are_template_errors(tmp_path: Path, expr: str, message: str) -> None:
    """Not internal errors (exit 70): the template is at fault, and the line is named."""
    templates = probe(tmp_path, f"<title>{{% if {expr} %}}yes{{% endif %}}</title>")
    out = build(tmp_path, templates)
    if not message:
        assert out.code == 0, out.stderr
        return
    msg = one_error(out, 2)
    assert msg.startswith(f"{override_file(templates)}:{TITLE_LINE}: template error: {message}"), msg


# --- includes that leave the template folders ---------------------------------------------------
@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.j2"
    path.write_text("<title>TOP SECRET</title>", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ('{% include "../secret.j2" %}', "template not found: ../secret.j2"),
        ('{% include "../../../secret.j2" %}', "template not found"),
        ('{% include "decks/../../secret.j2" %}', "template not found"),
        ('{% include "SECRET" %}', "template not found"),
        ('{% include "builtin:../secret.j2" %}', "template not found"),
        ('{% import "../secret.j2" as s %}', "template not found"),
        ('{% from "/etc/passwd" import x %}', "template not found: /etc/passwd"),
        ('{% include "/etc/passwd" %}', "template not found: /etc/passwd"),
        ('{% include "\\\\etc\\\\passwd" %}', "template not found"),
    ],
)
def test_includes_outside_the_template_folders_are_refused(tmp_path: Path, secret: Path, statement: str,
                                                          message: str) -> None:
    fails_at(tmp_path, statement.replace("SECRET", str(secret)), message)


def test_extends_outside_is_refused(tmp_path: Path, secret: Path) -> None:
    folder = tmp_path / "tpl" / "decks" / "jiefang"
    folder.mkdir(parents=True)
    (folder / "executive.j2").write_text('{% extends "../../secret.j2" %}\n', encoding="utf-8")
    msg = one_error(build(tmp_path, tmp_path / "tpl"), 2)
    assert msg.startswith(f"{folder / 'executive.j2'}:1: template not found"), msg


def test_symlinked_file_leading_out_is_refused(tmp_path: Path, secret: Path) -> None:
    templates = probe(tmp_path, '{% include "decks/jiefang/leak.j2" %}')
    os.symlink(secret, templates / "decks" / "jiefang" / "leak.j2")
    out = build(tmp_path, templates, subprocess=True)
    msg = one_error(out, 2)
    assert msg.startswith(f"{override_file(templates)}:{TITLE_LINE}: sandbox: template 'decks/jiefang/leak.j2'")
    assert "TOP SECRET" not in out.stdout + out.stderr


def test_symlinked_folder_leading_out_is_refused(tmp_path: Path, secret: Path) -> None:
    templates = probe(tmp_path, '{% include "outside/secret.j2" %}')
    os.symlink(secret.parent, templates / "outside")
    fails_at(tmp_path, '{% include "outside/secret.j2" %}', "sandbox: template 'outside/secret.j2' resolves outside")


def test_symlink_shadowing_a_builtin_is_refused(tmp_path: Path, secret: Path) -> None:
    folder = tmp_path / "tpl" / "decks" / "jiefang"
    folder.mkdir(parents=True)
    os.symlink(secret, folder / "executive.j2")
    msg = one_error(build(tmp_path, tmp_path / "tpl"), 2)
    assert "resolves outside" in msg and "TOP SECRET" not in msg


def test_missing_template_folder(tmp_path: Path) -> None:
    msg = one_error(invoke("build", "jiefang", "-t", tmp_path / "nope", "-o", tmp_path / "out"), 2)
    assert msg == f"{tmp_path / 'nope'}: template folder does not exist"


# --- output bombs: bounded ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ('"a" * 10**8', "sandbox: repetition result too large"),
        ("[0] * 10**8", "sandbox: repetition result too large"),
        ("9 ** 64 ** 64 ** 64", "sandbox: exponent too large"),
        ("(10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) "
         "* (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60)"
         "* (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60) * (10 ** 60)",
         "sandbox: product too large"),
        ('"a"|center(10**9)', "sandbox: argument too large"),
        ('"a".ljust(10**9)', "sandbox: argument too large"),
        ('"x"|indent(10**9, true)', "sandbox: argument too large"),
        ('"%999999999d" % 1', "sandbox: format width too large"),
        ('"%*d" % (10**9, 1)', "sandbox: argument too large"),
        ('"%999999999d"|format(1)', "sandbox: format width too large"),
        ('"{:>999999999}".format(1)', "sandbox: format width too large"),
        ('"{:{w}}".format(1, w=10**9)', "sandbox: argument too large"),
        ('("a" * 100000)|replace("a", "a" * 1000)', "sandbox: replace result too large"),
        ('("a" * 100000).replace("a", "a" * 1000)', "sandbox: replace result too large"),
        ("[1]|batch(10**9, 0)|list", "sandbox: argument too large"),
        ("lipsum(n=10**6)", "'lipsum' is undefined"),
    ],
)
def test_output_bombs_fail_fast(tmp_path: Path, expr: str, message: str) -> None:
    start = time.monotonic()
    fails_at(tmp_path, f"<title>{{{{ {expr} }}}}</title>", message)
    assert time.monotonic() - start < 20


def test_a_times_10_to_the_8_through_the_real_cli(tmp_path: Path) -> None:
    start = time.monotonic()
    fails_at(tmp_path, '<title>{{ "a" * 10**8 }}</title>', "sandbox: repetition result too large", subprocess=True)
    assert time.monotonic() - start < 30


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<title>T</title>{% for i in range(100000) %}<bullet>{{ "b" * 90000 }}</bullet>{% endfor %}',
         "sandbox: template output larger than 2000000 characters"),  # a block is joined in memory
        ('{% set a = "a" * 100000 %}{% set b = a~a~a~a~a~a~a~a~a~a %}{% set c = b~b~b~b~b~b~b~b~b~b %}'
         "<title>{{ c|length }}</title>", "sandbox: concatenation longer than 2000000 characters"),
        ('{% set a = "a" * 100000 %}<title>{{ ([a] * 1000)|join }}</title>', "sandbox: repetition result too large"),
        ('{% set a = "a" * 100000 %}<title>{{ [a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a]|join }}'
         "</title>", "sandbox: join result longer than 2000000 characters"),
    ],
    ids=["block-loop", "concat-chain", "list-repeat", "join"],
)
def test_total_output_is_capped_in_memory(tmp_path: Path, body: str, message: str) -> None:
    templates = probe(tmp_path, body)
    msg = one_error(build(tmp_path, templates), 2)
    assert message in msg and msg.split(":")[1].isdigit(), msg  # file:line of the template that blew up


def test_text_field_is_capped(tmp_path: Path) -> None:
    templates = probe(tmp_path, '<title>{{ "a" * 5000 }}</title>')
    msg = one_error(build(tmp_path, templates), 2)
    assert msg == f"{override_file(templates)}:{TITLE_LINE}: slide 1 title: text longer than 2000 characters"


def test_attribute_is_capped(tmp_path: Path) -> None:
    templates = probe(tmp_path, '<title>T</title><kpi fact="jiefang.exports.annual_units" label="{{ "a" * 5000 }}"/>')
    msg = one_error(build(tmp_path, templates), 2)
    assert msg == f"{override_file(templates)}:{TITLE_LINE}: <kpi label>: attribute longer than 2000 characters"


# --- characters ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "code"), [("\x1b[31m", "U+001B"), ("\x85", "U+0085"), ("\u202e", "U+202E"),
                                             ("\ufffe", "U+FFFE"), ("\x00", "U+0000")])
def test_raw_unsafe_character_in_a_template_names_the_line(tmp_path: Path, text: str, code: str) -> None:
    fails_at(tmp_path, f"<title>Red {text} text</title>", f"template syntax error: unsafe character {code}")


@pytest.mark.parametrize(("expr", "code"), [('"\\x1b[31m"', "U+001B"), ('"\\x9b"', "U+009B"), ('"\\ud800"', "U+D800"),
                                             ('"\\u2066"', "U+2066"), ('"\\uffff"', "U+FFFF")])
def test_unsafe_character_made_by_an_expression(tmp_path: Path, expr: str, code: str) -> None:
    templates = probe(tmp_path, f"<title>Red {{{{ {expr} }}}} text</title>")
    msg = one_error(build(tmp_path, templates, subprocess=code == "U+D800"), 2)
    assert msg == f"{override_file(templates)}:{TITLE_LINE}: unsafe character {code} in slide text", msg


@pytest.mark.parametrize(("ref", "code"), [("&#x85;", "U+0085"), ("&#x202E;", "U+202E"), ("&#x9b;", "U+009B")])
def test_unsafe_character_reference_is_refused(tmp_path: Path, ref: str, code: str) -> None:
    templates = probe(tmp_path, f"<title>Red {ref} text</title>")
    msg = one_error(build(tmp_path, templates), 2)
    assert msg == f"{override_file(templates)}:{TITLE_LINE}: slide 1: unsafe character {code} in text"


def test_control_characters_never_reach_pptx_as_escapes(tmp_path: Path) -> None:
    """python-pptx would write U+001B as the literal text ``_x001B_``: nothing like it in a built deck."""
    templates = probe(tmp_path, '<title>Clean {{ "\\x1b" if false else "text" }}</title>')
    assert build(tmp_path, templates).code == 0
    import zipfile

    with zipfile.ZipFile(tmp_path / "out" / "jiefang-executive.pptx") as deck:
        xml = b"".join(deck.read(n) for n in deck.namelist() if n.endswith(".xml"))
    assert b"_x00" not in xml


def test_non_utf8_template(tmp_path: Path) -> None:
    templates = probe(tmp_path, "<title>T</title>")
    path = Path(override_file(templates))
    path.write_bytes(path.read_bytes().replace(b"<title>T", b"<title>\xff"))
    msg = one_error(build(tmp_path, templates), 2)
    assert "UnicodeDecodeError" in msg or "UTF-8" in msg


def test_user_strings_are_echoed_escaped(tmp_path: Path) -> None:
    out = build(tmp_path, probe(tmp_path, '<title>{{ fact("jiefang.\\x1b[2J") }}</title>'), subprocess=True)
    msg = one_error(out, 2)
    assert "unknown fact id 'jiefang.\\x1b[2J'" in msg


# --- many errors at once; --debug --------------------------------------------------------------
def test_errors_of_every_variant_come_together(tmp_path: Path) -> None:
    root = tmp_path / "tpl"
    for audience, line in (("executive", "{{ nope }}"), ("investor", '{{ fact("jiefang.x.y") }}')):
        folder = root / "decks" / "jiefang"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{audience}.j2").write_text(
            '{% extends "decks/jiefang/base.j2" %}\n{% block brand %}\n<slide><title>' + line +
            "</title></slide>\n{% endblock %}\n", encoding="utf-8")
    out = run("build", "jiefang", "-a", "executive", "-a", "investor", "-t", root, "-o", tmp_path / "out")
    assert out.code == 2
    no_traceback(out)
    lines = out.stderr.splitlines()
    assert lines[0] == "fawbrief: errors:" and len(lines) == 3, out.stderr
    assert lines[1].startswith(f"{root}/decks/jiefang/executive.j2:3: template error: 'nope' is undefined")
    assert lines[2].startswith(f"{root}/decks/jiefang/investor.j2:3: unknown fact id 'jiefang.x.y'")
    assert not (tmp_path / "out").exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    out = build(tmp_path, probe(tmp_path, "<title>{{ nope }}</title>"), subprocess=True, debug=True)
    assert out.code == 2
    assert "Traceback" in out.stderr and "'nope' is undefined" in out.stderr.splitlines()[-1]
