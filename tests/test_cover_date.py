"""The build date on the cover (``built_on``) is the build's own value, not a fact: the markup's digit check
and lint's number rule let exactly that date through, in the deck's language, and nothing beside it."""

from __future__ import annotations

from pathlib import Path

from badinput import invoke, one_error, override
from fawbrief.facts.base import load_factbase
from fawbrief.read.lint import Linter

DATA = Path(__file__).resolve().parents[1] / "data"


def linter() -> Linter:
    return Linter(load_factbase(DATA), DATA)
BLOCKS = ('{% block probe %}<slide layout="title" key="probe"><title>T</title>'
          '<subtitle>SUBTITLE</subtitle></slide>{% endblock %}')


def build(tmp_path: Path, subtitle: str, *args: str, epoch: str = "1764633600") -> tuple[object, Path]:
    templates = override(tmp_path / "tpl", "jiefang", BLOCKS.replace("SUBTITLE", subtitle), ["probe", "sources"])
    out = tmp_path / "out"
    import os

    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch  # 2025-12-02 00:00 UTC
    try:
        return invoke("build", "jiefang", "-t", templates, "-o", out, *args), out
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def test_the_build_date_may_stand_on_the_cover_in_each_language(tmp_path: Path) -> None:
    result, out = build(tmp_path, '{{ _("built %(d)s", d=built_on) }}', "--strict")
    assert result.code == 0, result.stderr
    findings = linter().lint_file(out / "jiefang-executive.pptx")
    assert not [f for f in findings if "trace to no fact" in f.message], findings


def test_a_figure_beside_the_build_date_is_still_caught(tmp_path: Path) -> None:
    result, _ = build(tmp_path, '{{ built_on }} and 12 trucks')
    assert "number not from a fact: " in one_error(result, 2)


def test_lint_allows_only_the_date_the_package_records(tmp_path: Path) -> None:
    """The same cover built on another day: its date is in the package, so it passes; a date typed into the
    template (not the build's) is a number from nowhere."""
    result, out = build(tmp_path, "{{ built_on }}", epoch="1700000000")
    assert result.code == 0, result.stderr
    assert not [f for f in linter().lint_file(out / "jiefang-executive.pptx") if "trace to no fact" in f.message]
    typed = tmp_path / "typed"
    result, out = build(typed, "{{ built_on }}")
    assert result.code == 0
    from pptx import Presentation

    prs = Presentation(str(out / "jiefang-executive.pptx"))
    prs.slides[0].placeholders[1].text_frame.text = "Nov 3, 2031"
    prs.save(str(out / "edited.pptx"))
    found = [f for f in linter().lint_file(out / "edited.pptx") if "trace to no fact" in f.message]
    assert found and "2031" in found[0].message, found
