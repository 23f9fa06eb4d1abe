"""``fawbrief serve`` without a browser: what the pages' data say, that an edit rebuilds only what depends
on it and redraws only the slides it changed, that an input error is shown with its file:line while the
last good pictures stay, and that Ctrl-C stops every process the server started."""

from __future__ import annotations

import io
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from conftest import needs_sources
from fawbrief.project.config import load_config
from fawbrief.serve.deps import affected
from serve_harness import BAD_FACT, Served, broken, need_libreoffice, new_project, retitled, title_to_edit

VARIANT = "jiefang/executive/en"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    need_libreoffice()
    root = tmp_path_factory.mktemp("serve")
    server = Served(new_project(root / "project"), root / "tmp")
    try:
        yield server
    finally:
        server.stop()


def test_a_deck_file_changes_only_that_deck_and_a_catalog_only_its_language(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / "templates" / "decks" / "jiefang").mkdir(parents=True)
    (project / "data" / "i18n" / "zh-CN").mkdir(parents=True)
    (project / "fawbrief.toml").write_text('[project]\nname = "t"\n', encoding="utf-8")
    config = load_config(project)
    variants = [(deck, "executive", lang) for deck in ("jiefang", "faw-vw") for lang in ("en", "zh-CN")]
    deck_file = project / "templates" / "decks" / "jiefang" / "base.j2"
    assert affected([deck_file], config, variants) == [("jiefang", "executive", "en"),
                                                       ("jiefang", "executive", "zh-CN")]
    catalog = project / "data" / "i18n" / "zh-CN" / "messages.po"
    assert affected([catalog], config, variants) == [v for v in variants if v[2] == "zh-CN"]
    assert affected([project / "data" / "facts" / "jiefang.yaml"], config, variants) == variants
    assert affected([project / "templates" / "shared.j2"], config, variants) == variants
    assert affected([project / "data" / "facts" / ".jiefang.yaml.swp"], config, variants) == []


@pytest.mark.render
@needs_sources
def test_the_index_lists_every_variant_and_a_deck_shows_slides_notes_findings_and_figures(served: Served) -> None:
    listed = served.json("/api/variants")
    assert listed["error"] is None
    assert len(listed["variants"]) == 3 * 5 * 2 and {v["lang"] for v in listed["variants"]} == {"en", "zh-CN"}
    status, page, kind = served.get("/")
    assert status == 200 and kind.startswith("text/html") and b"/api/variants" in page
    view = served.wait_built(VARIANT)
    assert view["error"] is None and len(view["slides"]) >= 5
    assert [s["number"] for s in view["slides"]] == list(range(1, len(view["slides"]) + 1))
    glance = next(s for s in view["slides"] if any(f["fact"] == "jiefang.exports.annual_units" for f in s["figures"]))
    assert glance["number"] > 1 and glance["title"]
    assert "Sources for this slide" in glance["notes"]
    exports = next(f for f in glance["figures"] if f["fact"] == "jiefang.exports.annual_units")
    assert exports["value"] == "60,000 units" and exports["period"] == "undated"
    assert "60,000" in exports["excerpt"] and exports["source"] == "jiefang-profile, paragraph 4"
    assert all(isinstance(slide["findings"], list) for slide in view["slides"])
    status, png, kind = served.get("/pictures/" + glance["picture"])
    assert status == 200 and kind == "image/png"
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.size == (1280, 720)
    assert served.get("/api/deck/jiefang/nobody/en")[0] == 404
    assert served.get("/pictures/../secret.png")[0] == 404


@pytest.mark.render
@needs_sources
def test_an_edit_redraws_only_its_slide_and_an_error_keeps_the_last_good_pictures(served: Served) -> None:
    before = served.wait_built(VARIANT)
    template = served.project / "templates" / "decks" / "jiefang" / "base.j2"
    original = template.read_text(encoding="utf-8")
    number, title = title_to_edit(original, [s["title"] for s in before["slides"]])
    try:
        template.write_text(retitled(original, title, "An edited title"), encoding="utf-8")
        after = served.wait_built(VARIANT, before["version"])
        changed = [s["number"] for s, old in zip(after["slides"], before["slides"], strict=True)
                   if s["digest"] != old["digest"]]
        assert changed == [number]
        assert after["slides"][number - 1]["title"].startswith("An edited title")
        wrong, line = broken(original, title)
        template.write_text(wrong, encoding="utf-8")
        failed = served.wait_built(VARIANT, after["version"])
        assert f"base.j2:{line}: unknown fact id '{BAD_FACT}'" in failed["error"]
        assert [s["digest"] for s in failed["slides"]] == [s["digest"] for s in after["slides"]]
        assert served.get("/pictures/" + failed["slides"][0]["picture"])[0] == 200
    finally:
        template.write_text(original, encoding="utf-8")
    fixed = served.wait_built(VARIANT, failed["version"])
    assert fixed["error"] is None
    assert [s["digest"] for s in fixed["slides"]] == [s["digest"] for s in before["slides"]]


@pytest.mark.render
@needs_sources
def test_ctrl_c_stops_the_server_and_everything_it_started(tmp_path: Path) -> None:
    need_libreoffice()
    server = Served(new_project(tmp_path / "project"), tmp_path / "tmp")
    try:
        server.wait_built(VARIANT)
        assert server.processes(), "LibreOffice should be running for the server"
        assert server.url.startswith("http://127.0.0.1:")
    finally:
        code, err = server.stop(signal.SIGINT)
    assert code == 130 and err.strip().endswith("interrupted; nothing was changed"), err
    deadline = time.monotonic() + 10
    while server.processes() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.processes() == [], "a process the server started outlived it"
    assert sorted(p.name for p in server.temp.iterdir()) == [], "the server left folders behind"


@pytest.mark.render
def test_a_taken_port_is_exit_2_with_one_line_before_anything_starts(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    need_libreoffice()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "fawbrief", "serve", "--port", str(port)], capture_output=True,
                              text=True, timeout=120, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [f"fawbrief: error: cannot listen on 127.0.0.1:{port}: Address already in use "
                                        "(choose another port, or --port 0 for any free one)"]
