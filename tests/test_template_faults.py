"""Templates under faults (issue 19, items 5, 6, 7): a template that never ends is stopped and named, a
damaged compiled-template cache costs only a recompile, and a template folder whose name is not UTF-8
works like any other."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from badinput import invoke, one_error, override

LOOP = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(folder))
    return folder


def looping(root: Path) -> Path:
    """An override whose brand slide loops ten billion times (line 2 of executive.j2)."""
    return override(root, "jiefang", f"{{% block brand %}}\n{LOOP}\n{{% endblock %}}")


# --- item 5: rendering time is bounded --------------------------------------------------------
def test_a_template_that_never_ends_is_stopped_and_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAWBRIEF_RENDER_TIMEOUT", "1.5")
    templates = looping(tmp_path / "tpl")
    started = time.monotonic()
    msg = one_error(invoke("build", "jiefang", "-t", templates, "-o", tmp_path / "out"), 2)
    assert time.monotonic() - started < 30
    where = templates / "decks" / "jiefang" / "executive.j2"
    assert msg == (f"{where}:3: template took longer than 1.5 s to render "
                   "(a loop that never ends? FAWBRIEF_RENDER_TIMEOUT=SECONDS sets the limit)")
    assert not (tmp_path / "out").exists()


def test_the_default_limit_is_documented() -> None:
    from fawbrief.compose import time_limit

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert time_limit.RENDER_TIMEOUT_S == 10
    assert "FAWBRIEF_RENDER_TIMEOUT" in readme and "10 seconds" in readme


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "inf", ""])
def test_a_bad_limit_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("FAWBRIEF_RENDER_TIMEOUT", value)
    result = invoke("build", "jiefang", "-o", tmp_path / "out")
    if value == "":
        assert result.code == 0, result.stderr  # unset in effect: the default
        return
    assert one_error(result, 2) == (f"FAWBRIEF_RENDER_TIMEOUT: not a number of seconds: {value!r} "
                                    "(a positive number, or 0 for no limit)")


def test_no_limit_with_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fawbrief.compose import time_limit

    monkeypatch.setenv("FAWBRIEF_RENDER_TIMEOUT", "0")
    assert time_limit.render_timeout() is None
    assert invoke("build", "jiefang", "-o", tmp_path / "out").code == 0


# --- item 6: a damaged template cache costs a compile, never a build ----------------------------
def damaged(entry: bytes) -> list[bytes]:
    """Ways a cache entry can be damaged: cut short, garbage, and a valid header with garbage after it."""
    from jinja2.bccache import bc_magic

    header = bc_magic + pickle.dumps(pickle.loads(entry[len(bc_magic):]), 2)  # magic and source checksum
    return [entry[:20], entry[: len(entry) // 2], os.urandom(3000), b"\xff\xfe" * 100,
            bc_magic + b"\xff" * 100, header + os.urandom(200), header, bc_magic + pickle.dumps(b"x", 2)]


def test_a_damaged_template_cache_costs_only_a_compile(tmp_path: Path, cache: Path) -> None:
    assert invoke("build", "jiefang", "-o", tmp_path / "good").code == 0
    good = (tmp_path / "good" / "jiefang-executive.pptx").read_bytes()
    entries = sorted((cache / "templates").rglob("*.cache"))
    assert entries, "the build filled the template cache"
    originals = {path: path.read_bytes() for path in entries}
    for variant in range(len(damaged(originals[entries[0]]))):
        for path, data in originals.items():
            path.write_bytes(damaged(data)[variant])
        result = invoke("build", "jiefang", "-o", tmp_path / f"v{variant}")
        assert result.code == 0, (variant, result.stderr)
        assert (tmp_path / f"v{variant}" / "jiefang-executive.pptx").read_bytes() == good


# --- item 7: a template folder named in bytes that are not UTF-8 ------------------------------------
def test_a_template_folder_whose_name_is_not_utf8(tmp_path: Path, cache: Path) -> None:
    root = Path(os.fsdecode(bytes(tmp_path) + b"/tpl-\xff"))
    templates = override(root, "jiefang", "{% block brand %}<slide><title>Our brand</title></slide>{% endblock %}")
    assert invoke("build", "jiefang", "-t", templates, "-o", tmp_path / "out").code == 0
    assert invoke("build", "jiefang", "-t", templates, "-o", tmp_path / "again").code == 0  # from the cache
    override(root, "jiefang", "{% block brand %}<slide><title>{{ nope }}</title></slide>{% endblock %}")
    msg = one_error(invoke("build", "jiefang", "-t", templates, "-o", tmp_path / "bad"), 2)
    assert msg == f"{tmp_path}/tpl-\\udcff/decks/jiefang/executive.j2:2: template error: 'nope' is undefined"
