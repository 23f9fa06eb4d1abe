"""A ``fawbrief serve`` process on a fresh project, for the serve and browser tests.

The server runs as a real command (``python -m fawbrief -C PROJECT serve --port 0``) with its
own TMPDIR, so a test can tell afterwards that every process it started (LibreOffice too) has
ended and that no folder it made is left. Every wait is bounded in time.
"""

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
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, SOURCES

sys.path.insert(0, str(REPO / "benchmarks"))  # the title finder the benchmark uses
from serve_probe import edited_title

START_TIMEOUT_S = 120.0
BUILD_TIMEOUT_S = 180.0
TOOLS = ("soffice",)

BAD_FACT = "jiefang.exports.annual_unitz"


def title_to_edit(template: str, titles: list[str]) -> tuple[int, str]:
    """A slide (1-based number, after the cover) whose title the template writes as a plain ``_("…")``, and that
    text: what the edit tests change, found in the deck instead of assumed, so a rewritten deck keeps them.
    The benchmark's finder (``benchmarks/serve_probe.edited_title``), so tests and benchmark edit alike."""
    try:
        return edited_title(template, titles)
    except LookupError as missing:
        raise AssertionError(str(missing)) from None


def retitled(template: str, text: str, new: str) -> str:
    """``template`` with the title ``_("text")`` saying ``new`` instead."""
    return template.replace(f'_("{text}")', f'_("{new}")', 1)


def broken(template: str, text: str) -> tuple[str, int]:
    """``template`` with an unknown fact planted in the title ``_("text")``, and the line it is on."""
    edited = template.replace(f'_("{text}")', f'_("{text} %(n)s", n=fact("{BAD_FACT}"))', 1)
    line = next(n for n, row in enumerate(edited.splitlines(), start=1) if BAD_FACT in row)
    return edited, line


def need_libreoffice() -> None:
    """Skip (fail on CI) without LibreOffice and its Python's uno module."""
    from fawbrief.office.renderer import persistent_available

    if not persistent_available():
        message = "serve needs LibreOffice and python3-uno (apt-get install libreoffice-impress python3-uno)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def new_project(folder: Path) -> Path:
    """A project made by ``fawbrief new``, with the source documents beside it."""
    proc = subprocess.run([sys.executable, "-m", "fawbrief", "new", str(folder)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    for document in SOURCES.glob("*.txt"):
        shutil.copy(document, folder / "sources" / document.name)
    return folder


class Served:
    """A running ``fawbrief serve``: its URL, its project and a way to stop it."""

    def __init__(self, project: Path, temp: Path) -> None:
        self.project = project
        self.temp = temp
        temp.mkdir(exist_ok=True)
        env = {**os.environ, "TMPDIR": str(temp)}
        self.proc = subprocess.Popen([sys.executable, "-m", "fawbrief", "-C", str(project), "serve", "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                     start_new_session=True,
                                     preexec_fn=_ctrl_c_stops)
        self.url = self._address()

    def _address(self) -> str:
        assert self.proc.stderr is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stderr], [], [], 1.0)
            if ready:
                line = self.proc.stderr.readline()
                match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
                if match:
                    return match.group(1)
                assert line or self.proc.poll() is None, f"serve ended: {line}"
        raise AssertionError("serve printed no address in time")

    def get(self, path: str) -> tuple[int, bytes, str]:
        """``GET path``: status, body, content type."""
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=30) as response:
                return response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), exc.headers.get("Content-Type", "")

    def json(self, path: str) -> Any:
        """``GET path`` as JSON (status 200 asserted)."""
        status, body, _ = self.get(path)
        assert status == 200, body
        return json.loads(body)

    def wait_built(self, variant: str, after: int = -1, timeout: float = BUILD_TIMEOUT_S) -> dict[str, Any]:
        """The variant's page data once it is built at a version above ``after`` and its lint has run."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            view = self.json(f"/api/deck/{variant}")
            if view["built"] and view["version"] > after and not view["linting"]:
                return view
            if view["error"] and view["version"] > after:
                return view
            time.sleep(0.2)
        raise AssertionError(f"{variant} was not built within {timeout:.0f} s")

    def processes(self) -> list[int]:
        """Live processes whose command line mentions the server's TMPDIR (LibreOffice's profile is there)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if str(self.temp) in cmdline and state != "Z":
                found.append(int(entry.name))
        return found

    def stop(self, sig: int = signal.SIGINT) -> tuple[int, str]:
        """Send ``sig`` (Ctrl-C by default) and wait: the exit code and what it printed on stderr."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            _, err = self.proc.communicate(timeout=60)
        finally:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            for pid in self.processes():
                os.kill(pid, signal.SIGKILL)
        return self.proc.returncode, err


def _ctrl_c_stops() -> None:
    """In the server's process: Ctrl-C as a terminal gives it, even when this process was started in the
    background, where SIGINT is ignored and Python would keep ignoring it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
