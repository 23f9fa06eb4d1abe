"""The CLI's one error handler (``cli/guard.py``, issue 19 items 18 and 21): a closed pipe ends quietly,
messages say what really happened, ``--debug`` is not suggested to someone who gave it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from badinput import invoke, one_error


@pytest.mark.parametrize("args", [["list"], ["facts"], ["list", "--json"]])
def test_a_closed_pipe_ends_quietly(args: list[str]) -> None:
    """``fawbrief list | head -1``: the reader has gone before the output is written."""
    proc = subprocess.Popen([sys.executable, "-m", "fawbrief", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as head does after its first line
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert (proc.wait(timeout=60), err) == (0, "")


def test_debug_is_not_suggested_when_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fawbrief.pipeline import build as build_mod

    def buggy(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(build_mod, "publish_all", buggy)
    plain = invoke("build", "jiefang", "-o", tmp_path)
    assert plain.stderr == "fawbrief: internal error: RuntimeError: boom (rerun with --debug)\n"
    debug = invoke("--debug", "build", "jiefang", "-o", tmp_path)
    assert debug.code == 70 and "Traceback" in debug.stderr
    assert debug.stderr.splitlines()[-1] == "fawbrief: internal error: RuntimeError: boom (please report it)"


def test_output_folder_that_is_dev_full() -> None:
    assert one_error(invoke("build", "jiefang", "-o", "/dev/full"), 3) == "/dev/full: cannot use output folder: " \
                                                                          "not a folder"


def test_output_folder_that_is_a_dangling_symlink(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "gone")
    msg = one_error(invoke("build", "jiefang", "-o", link), 3)
    assert msg == f"{link}: cannot use output folder: a symbolic link to a missing folder"
