"""``build --pdf`` under faults (issue 19, items 16 and 21): SIGTERM stops LibreOffice and removes its
temp folders; a failed conversion names the deck, not a temp path that no longer exists."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line holds ``text`` (soffice's has its private profile's path)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.render
@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"), reason="needs LibreOffice")
def test_sigterm_during_pdf_stops_libreoffice_and_cleans_up(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "fawbrief", "build", "jiefang", "--pdf", "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(temp)}, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not processes_mentioning(str(temp)):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "LibreOffice never started"
            time.sleep(0.05)
        time.sleep(0.5)  # LibreOffice is converting
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        for pid in processes_mentioning(str(temp)):
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert (proc.returncode, err) == (130, "fawbrief: terminated; nothing was changed\n")
    deadline = time.monotonic() + 10
    while processes_mentioning(str(temp)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_mentioning(str(temp)) == [], "LibreOffice outlived the build"
    assert sorted(os.listdir(temp)) == [], "temp folders left behind"
    assert not out.exists() or os.listdir(out) == []


def test_a_failed_conversion_names_the_deck_not_a_deleted_temp_file(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")  # exits 0 and writes nothing, as a broken install
    script.chmod(0o755)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "fawbrief", "build", "jiefang", "--pdf", "-o", str(out)],
                          capture_output=True, text=True, env={**os.environ, "PATH": str(bin_dir)}, timeout=120)
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr == f"fawbrief: error: {out / 'jiefang-executive.pptx'}: LibreOffice wrote no PDF\n"
