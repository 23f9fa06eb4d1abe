"""The template sandbox, search path and the fact() helper."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fawbrief.compose.environment import FactHelpers, make_environment
from fawbrief.compose.rendering import render
from fawbrief.core.errors import InputError


def env_with(tmp_path: Path, files: dict[str, str], user: dict[str, str] | None = None):
    builtin = tmp_path / "builtin"
    for name, text in files.items():
        (builtin / name).parent.mkdir(parents=True, exist_ok=True)
        (builtin / name).write_text(text, encoding="utf-8")
    dirs = []
    if user is not None:
        folder = tmp_path / "user"
        folder.mkdir(exist_ok=True)
        for name, text in user.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        dirs.append(folder)
    return make_environment(dirs, builtin=builtin)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('{{ "".__class__.__mro__ }}', "sandbox"),
        ('{{ ""|attr("__class__") }}', "sandbox"),
        ('{{ "{0.__class__}".format(1) }}', "sandbox"),
        ('{{ "a" * 10**8 }}', "sandbox"),
        ("{{ nothing_here }}", "'nothing_here' is undefined"),
        ("{% if %}", "template syntax error"),
        ('{% include "../secret.j2" %}', "template not found"),
        ('{% include "/etc/passwd" %}', "template not found"),
    ],
)
def test_template_errors_name_file_and_line(tmp_path: Path, source: str, message: str) -> None:
    (tmp_path / "secret.j2").write_text("secret", encoding="utf-8")
    env = env_with(tmp_path, {"t.j2": "line one\n" + source})
    with pytest.raises(InputError) as info:
        render(env, "t.j2", {})
    text = str(info.value)
    assert message in text
    assert "t.j2:2" in text, text
    assert "\n" not in text


def test_symlink_out_of_template_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.j2"
    outside.write_text("stolen", encoding="utf-8")
    env = env_with(tmp_path, {"t.j2": '{% include "link.j2" %}'})
    os.symlink(outside, tmp_path / "builtin" / "link.j2")
    with pytest.raises(InputError, match="sandbox"):
        render(env, "t.j2", {})


def test_user_folder_shadows_and_can_extend_builtin(tmp_path: Path) -> None:
    files = {"page.j2": "A{% block b %}builtin{% endblock %}Z", "other.j2": "other-builtin"}
    user = {"page.j2": '{% extends "builtin:page.j2" %}{% block b %}user{% endblock %}'}
    env = env_with(tmp_path, files, user)
    assert render(env, "page.j2", {}) == "AuserZ"
    assert render(env, "other.j2", {}) == "other-builtin"


def test_fact_helper_marks_and_escapes(factbase) -> None:
    helpers = FactHelpers(factbase, "en")
    some = next(f for f in factbase if f.is_number and not f.derived)
    marked = str(helpers.fact(some.id))
    assert marked.startswith(f'<f id="{some.id}">') and marked.endswith("</f>")
    with pytest.raises(InputError, match="did you mean"):
        helpers.fact(some.id + "x")


def test_autoescape_keeps_fact_text_as_text(tmp_path: Path) -> None:
    env = env_with(tmp_path, {"t.j2": "<title>{{ text }}</title>"})
    out = render(env, "t.j2", {"text": "</title><slide>"})
    assert out == f'<title fawbrief-at="{tmp_path}/builtin/t.j2:1">&lt;/title&gt;&lt;slide&gt;</title>'


# --- compiled templates on disk ----------------------------------------------------------------------
def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from fawbrief.compose.environment import BriefEnvironment

    seen: list[str] = []
    original = BriefEnvironment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        seen.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(BriefEnvironment, "compile", counting)
    return seen


def test_bytecode_cache_skips_compiling_an_unchanged_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "t.j2").write_text("{% for i in range(3) %}{{ i }}{% endfor %}", encoding="utf-8")
    seen = _compiles(monkeypatch)
    first = render(make_environment((), builtin=builtin, bytecode_dir=tmp_path / "bc"), "t.j2", {})
    second = render(make_environment((), builtin=builtin, bytecode_dir=tmp_path / "bc"), "t.j2", {})
    assert first == second == "012"
    assert seen == ["t.j2"]  # the second environment loaded the compiled code
    (builtin / "t.j2").write_text("changed", encoding="utf-8")
    assert render(make_environment((), builtin=builtin, bytecode_dir=tmp_path / "bc"), "t.j2", {}) == "changed"
    assert seen == ["t.j2", "t.j2"]


@pytest.mark.parametrize("source", ['{{ "a" * 10**8 }}', '{{ "".__class__.__mro__ }}', '{{ "x"|center(10**8) }}'])
def test_sandbox_bounds_hold_in_cached_bytecode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "t.j2").write_text(source, encoding="utf-8")
    seen = _compiles(monkeypatch)
    for _ in range(2):
        with pytest.raises(InputError, match="sandbox"):
            render(make_environment((), builtin=builtin, bytecode_dir=tmp_path / "bc"), "t.j2", {})
    assert len(seen) == 1  # the second failure ran the cached code


def test_unusable_bytecode_folder_only_costs_a_compile(tmp_path: Path) -> None:
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "t.j2").write_text("ok", encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert render(make_environment((), builtin=builtin, bytecode_dir=blocker / "bc"), "t.j2", {}) == "ok"
    folder = tmp_path / "bc"
    env = make_environment((), builtin=builtin, bytecode_dir=folder)
    for entry in folder.iterdir():  # the folder vanishes after the environment was made
        entry.rmdir()
    folder.rmdir()
    assert render(env, "t.j2", {}) == "ok"
