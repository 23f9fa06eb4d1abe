"""A served project and a page on it, for timing one edit until its picture shows (``render_bench.py``)."""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("FAWBRIEF_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
#: a slide title the template writes as a plain ``_("…")``: the line the edit changes
PLAIN_TITLE = re.compile(r'_title %\}\{\{ _\("([^"%]+)"\) \}\}')
VARIANT = "jiefang/executive/en"
SHOWN = ("(args) => { const i = document.querySelector('#slide-' + args[0] + ' img');"
         " return i && i.getAttribute('src') !== args[1] && i.complete && i.naturalWidth > 0; }")
ALL_SHOWN = ("() => { const imgs = [...document.querySelectorAll('img.picture')];"
             " return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0); }")


def edited_title(template: str, titles: list[str]) -> tuple[int, str]:
    """The first slide after the cover whose title ``template`` writes as a plain ``_("…")``: its number
    and that text (found in the deck, so a rewritten deck keeps the benchmark and the serve tests working;
    ``tests/serve_harness`` calls it too). LookupError when there is none."""
    plain = PLAIN_TITLE.findall(template)
    for number, title in enumerate(titles, start=1):
        for text in plain:
            if number > 1 and title.startswith(text):
                return number, text
    raise LookupError(f"no slide title written as a plain _() in the template: {titles}")


def edit_title(template: str, title: str, mark: str) -> str:
    """``template`` with the title ``_("title")`` marked ``(edit mark)``."""
    return template.replace(f'_("{title}")', f'_("{title} (edit {mark})")', 1)


class EditProbe:
    """``fawbrief serve`` on a new project, a page on one deck, and ``edit(n)`` timing one edit."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder = folder
        self.env = env
        self.project = folder / "project"
        self.template = self.project / "templates" / "decks" / "jiefang" / "base.j2"
        self.how = "headless Chromium (Playwright)"

    def __enter__(self) -> EditProbe:
        subprocess.run([sys.executable, "-m", "fawbrief", "new", str(self.project)], env=self.env, check=True,
                       capture_output=True, timeout=300)
        for document in (REPO / "sources").glob("*.txt"):
            shutil.copy(document, self.project / "sources" / document.name)
        self.original = self.template.read_text(encoding="utf-8")
        self.proc = subprocess.Popen([sys.executable, "-m", "fawbrief", "-C", str(self.project), "serve", "--port",
                                      "0"], env=self.env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     text=True, start_new_session=True,
                                     preexec_fn=_ctrl_c_stops)
        self.url = self._address()
        self._playwright: Any = None
        try:
            from playwright.sync_api import sync_playwright

            if shutil.which(CHROMIUM) is None:
                raise ImportError(CHROMIUM)
            self._playwright = sync_playwright().start()
            self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            self.page = self.browser.new_page()
            self.page.set_default_timeout(300_000)
            self.page.goto(self.url + "deck/" + VARIANT)
            self.page.wait_for_function(ALL_SHOWN)
            view = self._view()
        except ImportError:
            self.how = "the page's JSON and a fetch of the picture (no Playwright or Chromium)"
            view = self._wait(lambda v: v["built"] and not v["linting"])
        # the titles as the server has them (the page shows each as "4. Title")
        self.number, self.title = edited_title(self.original, [s["title"] for s in view["slides"]])
        return self

    def edit(self, run: int) -> float:
        """Seconds from saving an edited title line to the page showing that slide's new picture."""
        mark = "".join(chr(ord("a") + int(d)) for d in str(run))  # no digits: slide text has figures from facts only
        text = edit_title(self.original, self.title, mark)
        if self._playwright is not None:
            old = self.page.get_attribute(f"#slide-{self.number} img", "src")
            start = time.perf_counter()
            self.template.write_text(text, encoding="utf-8")
            self.page.wait_for_function(SHOWN, arg=[self.number, old])
            return time.perf_counter() - start
        old = self._view()["slides"][self.number - 1]["digest"]
        start = time.perf_counter()
        self.template.write_text(text, encoding="utf-8")
        view = self._wait(lambda v: v["slides"][self.number - 1]["digest"] != old)
        self._get("pictures/" + view["slides"][self.number - 1]["picture"])
        return time.perf_counter() - start

    def __exit__(self, *exc: object) -> None:
        if self._playwright is not None:
            self.browser.close()
            self._playwright.stop()
        self.template.write_text(self.original, encoding="utf-8")
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def _address(self) -> str:
        assert self.proc.stderr is not None
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if select.select([self.proc.stderr], [], [], 1.0)[0]:
                line = self.proc.stderr.readline()
                match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
                if match:
                    return match.group(1)
                if not line and self.proc.poll() is not None:
                    break
        raise SystemExit("fawbrief serve did not start")

    def _get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            return response.read()

    def _view(self) -> dict[str, Any]:
        return json.loads(self._get("api/deck/" + VARIANT))

    def _wait(self, done: Any, timeout: float = 300) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            view = self._view()
            if view["slides"] and done(view):
                return view
            time.sleep(0.01)
        raise SystemExit("the page did not update in time")


def _ctrl_c_stops() -> None:
    """In the server's process: Ctrl-C as a terminal gives it, even when this process was started in the
    background, where SIGINT is ignored and Python would keep ignoring it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
