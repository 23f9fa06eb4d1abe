"""``fawbrief serve`` in a real browser: Debian's Chromium, headless, driven by Playwright for Python.

The page loads, the pictures show, an edit updates the page, an error shows and then clears. The
browser is the system's (``/usr/bin/chromium``; never ``playwright install``). Without it the tests
skip, except on CI, where ``.ci/run`` installs it and its absence fails them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import needs_sources
from serve_harness import BAD_FACT, Served, broken, need_libreoffice, new_project, retitled, title_to_edit

CHROMIUM = os.environ.get("FAWBRIEF_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 120_000
ALL_SHOWN = ("() => { const imgs = [...document.querySelectorAll('img.picture')];"
             " return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0); }")

pytestmark = [pytest.mark.render, needs_sources]


def _browser_or_skip() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or shutil.which(CHROMIUM) is None:
        message = f"browser tests need playwright (pip) and Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return sync_playwright


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Served]]:
    sync_playwright = _browser_or_skip()
    need_libreoffice()
    root = tmp_path_factory.mktemp("browser")
    server = Served(new_project(root / "project"), root / "tmp")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                tab = browser.new_page()
                tab.set_default_timeout(WAIT_MS)
                yield tab, server
            finally:
                browser.close()
    finally:
        server.stop()


def test_the_index_links_every_variant_and_a_deck_page_shows_its_pictures(page: tuple[Any, Served]) -> None:
    tab, server = page
    tab.goto(server.url)
    tab.wait_for_selector("a.variant")
    assert tab.locator("a.variant").count() == 30
    tab.locator("a.variant[href='/deck/jiefang/executive/en']").click()
    tab.wait_for_url("**/deck/jiefang/executive/en")
    tab.wait_for_function(ALL_SHOWN)
    slides = tab.locator("h2.title").count()
    assert slides >= 5 and tab.locator("img.picture").count() == slides
    widths = tab.eval_on_selector_all("img.picture", "imgs => imgs.map(i => i.naturalWidth)")
    assert widths == [1280] * slides
    figures = tab.eval_on_selector_all("table.figures", "ts => ts.map(t => t.closest('[id^=slide-]').id)")
    shown = next(one for one in figures if "60,000" in tab.text_content(f"#{one} table.figures"))
    assert "Sources for this slide" in tab.text_content(f"#{shown} .notes")
    assert tab.is_hidden("#error")


def test_an_edit_updates_the_page_and_an_error_shows_then_clears(page: tuple[Any, Served]) -> None:
    tab, server = page
    tab.goto(server.url + "deck/jiefang/executive/en")
    tab.wait_for_function(ALL_SHOWN)
    template = server.project / "templates" / "decks" / "jiefang" / "base.j2"
    original = template.read_text(encoding="utf-8")
    titles = tab.eval_on_selector_all("h2.title", "hs => hs.map(h => h.textContent.replace(/^\\d+\\. /, ''))")
    number, title = title_to_edit(original, titles)
    old = tab.get_attribute(f"#slide-{number} img", "src")
    try:
        _save(template, retitled(original, title, "An edited title"))
        tab.wait_for_function(f"() => document.querySelector('#slide-{number} img').getAttribute('src') !== {old!r}")
        tab.wait_for_function(ALL_SHOWN)
        assert tab.text_content(f"#slide-{number} h2").startswith(f"{number}. An edited title")
        pictures = tab.eval_on_selector_all("img.picture", "imgs => imgs.map(i => i.getAttribute('src'))")
        wrong, line = broken(original, title)
        _save(template, wrong)
        tab.wait_for_selector("#error", state="visible")
        assert f"base.j2:{line}:" in tab.text_content("#error") and BAD_FACT in tab.text_content("#error")
        assert tab.eval_on_selector_all("img.picture", "imgs => imgs.map(i => i.getAttribute('src'))") == pictures
        tab.wait_for_function(ALL_SHOWN)  # the last good pictures stay
    finally:
        _save(template, original)
    tab.wait_for_selector("#error", state="hidden")
    tab.wait_for_function(f"() => document.querySelector('#slide-{number} img').getAttribute('src') === {old!r}")
    assert tab.text_content(f"#slide-{number} h2").startswith(f"{number}. {title}")


def _save(path: Path, text: str) -> None:
    """Save as an editor does: a temp file beside it, then a rename."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
