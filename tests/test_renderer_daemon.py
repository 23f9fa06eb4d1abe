"""The renderer daemon (``fawbrief renderer start | stop | status``): it keeps LibreOffice running between
commands, ``build --pdf`` and ``preview`` use it while it runs, and nothing of it is left once it stops, is
killed or goes idle."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fawbrief.office.renderer import persistent_available

pytestmark = pytest.mark.skipif(not persistent_available() and not os.environ.get("CI"),
                                reason="needs LibreOffice and python3-uno (CI installs them)")


def run(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "fawbrief", *args], capture_output=True, text=True, env=env,
                          timeout=300, check=False)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def gone(pids: list[int], within: float = 20.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def env(tmp_path: Path):
    env = {**os.environ, "FAWBRIEF_RENDERER_SOCKET": str(tmp_path / "sock" / "daemon.sock"),
           "FAWBRIEF_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("FAWBRIEF_RENDERER", None)
    yield env
    subprocess.run([sys.executable, "-m", "fawbrief", "renderer", "stop"], env=env, capture_output=True, timeout=60,
                   check=False)


def status(env: dict[str, str]) -> dict:
    return json.loads(run("renderer", "status", "--json", env=env).stdout)


def test_builds_use_the_daemon_and_stop_leaves_nothing(env, tmp_path: Path) -> None:
    none = run("renderer", "status", env=env, check=False)
    assert none.returncode == 1 and none.stderr.strip() == \
        "fawbrief: error: no renderer daemon running (fawbrief renderer start)"
    started = run("renderer", "start", env=env)
    assert started.stdout.startswith("renderer daemon started: pid ")
    again = run("renderer", "start", env=env)
    assert "already running" in again.stdout
    before = status(env)
    assert before["renderers"] == 2 and before["served"] == 0 and len(before["workers"]) == 2
    run("build", "jiefang", "faw-vw", "--pdf", "-o", str(tmp_path / "out"), env=env)
    pdfs = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert pdfs == ["faw-vw-executive.pdf", "jiefang-executive.pdf"]
    assert status(env)["served"] == 2  # both PDFs came from the daemon
    run("preview", str(tmp_path / "out" / "jiefang-executive.pptx"), "-o", str(tmp_path / "pics"), env=env)
    assert status(env)["served"] >= 3 and list((tmp_path / "pics").glob("jiefang-executive-*.png"))
    stopped = run("renderer", "stop", env=env)
    assert stopped.stdout.strip() == f"renderer daemon stopped (pid {before['pid']})"
    assert gone([before["pid"], *before["workers"]]), "the daemon or one of its renderers outlived stop"
    assert not Path(env["FAWBRIEF_RENDERER_SOCKET"]).exists()
    assert run("renderer", "stop", env=env).stdout.strip() == "no renderer daemon running"


def test_a_killed_daemon_is_no_obstacle(env, tmp_path: Path) -> None:
    """Killed with SIGKILL, the daemon leaves its socket behind: commands start their own renderers, its
    renderers end with it, and the next start replaces it."""
    run("renderer", "start", env=env)
    dead = status(env)
    os.kill(dead["pid"], signal.SIGKILL)
    assert gone([dead["pid"], *dead["workers"]]), "a renderer outlived its daemon"
    assert Path(env["FAWBRIEF_RENDERER_SOCKET"]).exists()
    run("build", "jiefang", "--pdf", "-o", str(tmp_path / "out"), env=env)
    assert (tmp_path / "out" / "jiefang-executive.pdf").stat().st_size > 1000
    assert run("renderer", "status", env=env, check=False).returncode == 1
    assert run("renderer", "start", env=env).stdout.startswith("renderer daemon started")
    assert status(env)["pid"] != dead["pid"]


def test_an_idle_daemon_stops_by_itself(env) -> None:
    # 4 s, not 1: the status request below is a fresh fawbrief process, which under a loaded test run
    # took more than a second to ask, and found the daemon already gone
    run("renderer", "start", "--idle", "4", env=env)
    running = status(env)
    assert running["idle_limit_s"] == 4.0
    assert gone([running["pid"], *running["workers"]], within=30.0), "the idle daemon did not stop"
    assert run("renderer", "status", env=env, check=False).returncode == 1
