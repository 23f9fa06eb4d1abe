"""Signals and kills at the worst moments (issue 19, items 1, 2, 3, 9, 19): a real process, real signals.

Ctrl-C, SIGTERM or SIGHUP while decks are published leaves either every previous deck or every new one, and
the message says which; SIGKILL cannot be caught, so the next build puts back what a killed one left half
done and removes its temp files; workers die with their parent and never print a traceback; the lock leaves
no file among the decks. The steps are slowed and announce themselves through ``fault_harness.py``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from badinput import snapshot
from fawbrief.pipeline.publish import LOCK_NAME

HARNESS = Path(__file__).with_name("fault_harness.py")
DECKS = [f"{deck}-{audience}.pptx" for deck in ("jiefang", "faw-vw", "auto-city")
         for audience in ("executive", "government", "investor", "media", "partner")]
NOTHING = "fawbrief: interrupted; nothing was changed\n"
TERMINATED = "fawbrief: terminated; nothing was changed\n"


class Running:
    """The CLI in its own session (so a signal to its group reaches only it and its workers)."""

    def __init__(self, tmp_path: Path, args: list[str], **faults: object) -> None:
        self.marks = tmp_path / "marks"
        self.marks.write_text("")
        env = {**os.environ, "FAULT_MARKS": str(self.marks),
               **{f"FAULT_{key.upper()}": str(value) for key, value in faults.items()}}
        self.proc = subprocess.Popen([sys.executable, str(HARNESS), *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)

    def lines(self, kind: str) -> list[str]:
        return [line.split(" ", 1)[1] for line in self.marks.read_text().splitlines() if line.startswith(kind + " ")]

    def wait_for(self, kind: str, count: int = 1, timeout: float = 120) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(self.lines(kind)) < count:
            if self.proc.poll() is not None:
                _, err = self.proc.communicate()
                pytest.fail(f"exited {self.proc.returncode} before {count} {kind!r} marks: {err}")
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"no {count} {kind!r} marks within {timeout} s")
            time.sleep(0.02)
        return self.lines(kind)

    def finish(self, timeout: float = 60) -> tuple[int, str, str]:
        try:
            out, err = self.proc.communicate(timeout=timeout)
        finally:
            self.kill()
        return self.proc.returncode, out, err

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)


def alive(pid: int) -> bool:
    """A process that exists and is not a zombie (an orphan's zombie may wait for a reaper that never comes)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def eventually(check: Callable[[], bool], timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in snapshot(folder).items()}


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    """An output folder holding a previous set of all 15 decks (stand-ins, so any change shows)."""
    folder = tmp_path / "out"
    folder.mkdir()
    for name in DECKS:
        (folder / name).write_bytes(f"previous {name}".encode())
    return folder


@pytest.fixture(scope="module")
def new_set(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The digests of a complete build of the 15 decks."""
    folder = tmp_path_factory.mktemp("new") / "out"
    proc = subprocess.run([sys.executable, "-m", "fawbrief", "build", "--all", "-a", "all", "-o", str(folder)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return digests(folder)


def build_all(out: Path, *extra: str) -> list[str]:
    return ["build", "--all", "-a", "all", "-o", str(out), *extra]


# --- item 1: an interrupt while decks are replaced ------------------------------------------------------
@pytest.mark.parametrize(("sig", "message"), [(signal.SIGINT, NOTHING), (signal.SIGTERM, TERMINATED)])
@pytest.mark.parametrize("after", [1, 8])
def test_interrupt_mid_publish_restores_every_deck(tmp_path: Path, out: Path, sig: int, message: str,
                                                   after: int) -> None:
    before = snapshot(out)
    run = Running(tmp_path, build_all(out), slow_replace=0.3)
    run.wait_for("replace", after)
    assert snapshot(out) != before, "a deck was replaced before the signal"
    run.proc.send_signal(sig)
    code, stdout, stderr = run.finish()
    assert (code, stderr, stdout) == (130, message, "")
    assert snapshot(out) == before


def test_interrupt_after_the_commit_says_the_decks_were_published(tmp_path: Path, out: Path,
                                                                  new_set: dict[str, str]) -> None:
    """SIGINT lands after the last deck is in place and the journal is gone: the build is done, and says so."""
    run = Running(tmp_path, build_all(out), signal_on_unlink=".fawbrief-publish.journal")
    code, stdout, stderr = run.finish(timeout=300)
    assert run.lines("unlink"), stderr
    assert (code, stdout) == (130, "")
    assert stderr == "fawbrief: interrupted after publishing: the 15 new file(s) are complete\n"
    assert digests(out) == new_set


@pytest.mark.parametrize(("sig", "message"), [("SIGINT", NOTHING), ("SIGTERM", TERMINATED)])
def test_a_signal_the_moment_a_temp_file_exists_leaves_none(tmp_path: Path, out: Path, sig: str,
                                                           message: str) -> None:
    """The soak test found it: a signal between creating a temp file and recording its name leaked the file."""
    before = snapshot(out)
    run = Running(tmp_path, build_all(out, "-j", "1"), signal_on_temp=sig)
    code, stdout, stderr = run.finish(timeout=300)
    assert run.lines("temp"), stderr
    assert (code, stderr, stdout) == (130, message, "")
    assert snapshot(out) == before


# --- item 3: what a killed build leaves, the next one cleans up ----------------------------------------
def test_kill_mid_staging_leaves_temp_files_the_next_build_removes(tmp_path: Path, out: Path,
                                                                   new_set: dict[str, str]) -> None:
    before = snapshot(out)
    run = Running(tmp_path, build_all(out), slow_stage=30)
    run.wait_for("stage", 2)
    run.proc.send_signal(signal.SIGKILL)
    run.finish()
    left = set(os.listdir(out)) - set(DECKS)
    assert left and all(name.endswith(".tmp") for name in left), left
    assert {name: snapshot(out)[name] for name in DECKS} == before
    user_file = out / ".jiefang-executive.pptx.notes.tmp"  # a user's file that merely looks similar
    user_file.write_bytes(b"mine")
    proc = subprocess.run([sys.executable, "-m", "fawbrief", *build_all(out)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert sorted(os.listdir(out)) == sorted([*DECKS, user_file.name])
    assert {k: v for k, v in digests(out).items() if k in DECKS} == new_set


def test_kill_mid_publish_is_rolled_back_by_the_next_build(tmp_path: Path, out: Path,
                                                           new_set: dict[str, str]) -> None:
    before = snapshot(out)
    run = Running(tmp_path, build_all(out), slow_replace=0.5)
    run.wait_for("replace", 3)
    run.proc.send_signal(signal.SIGKILL)
    run.finish()
    half = snapshot(out)
    assert any(half.get(name) != before[name] for name in DECKS), "some decks are new"
    assert any(half.get(name) == before[name] for name in DECKS), "some decks are old"
    assert any(name.endswith(".bak") for name in half), sorted(half)
    from fawbrief.pipeline.publish import recover

    recover(out)  # what the next build does first, under the folder's lock
    assert snapshot(out) == before
    proc = subprocess.run([sys.executable, "-m", "fawbrief", *build_all(out)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert digests(out) == new_set


# --- items 2 and 9: workers die with their parent, and never print ---------------------------------------
def test_workers_die_when_the_parent_is_killed(tmp_path: Path, out: Path) -> None:
    run = Running(tmp_path, build_all(out, "-j", "2"), slow_write=60)
    workers = {int(pid) for pid in run.wait_for("write", 2)}
    assert run.proc.pid not in workers and len(workers) == 2
    run.proc.send_signal(signal.SIGKILL)
    try:
        run.proc.communicate(timeout=10)  # end of output: no worker holds the pipes
    except subprocess.TimeoutExpired:
        pytest.fail("a worker still holds the caller's stdout/stderr")
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert eventually(lambda: not any(alive(pid) for pid in workers))


@pytest.mark.parametrize(("sig", "message"), [(signal.SIGINT, NOTHING), (signal.SIGTERM, TERMINATED)])
def test_signal_to_the_group_during_the_parallel_write_is_one_line(tmp_path: Path, out: Path, sig: int,
                                                                   message: str) -> None:
    """Ctrl-C reaches the workers too: they stop without a traceback, the parent prints one line."""
    before = snapshot(out)
    run = Running(tmp_path, build_all(out, "-j", "2"), slow_write=60)
    workers = {int(pid) for pid in run.wait_for("write", 2)}
    os.killpg(run.proc.pid, sig)
    code, stdout, stderr = run.finish()
    assert (code, stderr, stdout) == (130, message, "")
    assert eventually(lambda: not any(alive(pid) for pid in workers))
    assert snapshot(out) == before


def test_ctrl_c_with_an_idle_worker_prints_one_line(tmp_path: Path, out: Path) -> None:
    """One worker has finished its share and waits; Ctrl-C to the group must not make it print a traceback."""
    run = Running(tmp_path, ["build", "jiefang", "faw-vw", "-o", str(out), "-j", "2"], slow_write=60,
                  slow_only="jiefang-executive")
    workers = {int(pid) for pid in run.wait_for("write", 1) + run.wait_for("wrote", 1)}
    time.sleep(0.5)  # the idle worker is back waiting for work
    os.killpg(run.proc.pid, signal.SIGINT)
    code, stdout, stderr = run.finish()
    assert (code, stderr, stdout) == (130, NOTHING, "")
    assert eventually(lambda: not any(alive(pid) for pid in workers))


def test_signal_to_the_parent_alone_stops_its_workers(tmp_path: Path, out: Path) -> None:
    run = Running(tmp_path, build_all(out, "-j", "2"), slow_write=60)
    workers = {int(pid) for pid in run.wait_for("write", 2)}
    run.proc.send_signal(signal.SIGTERM)
    code, _, stderr = run.finish()
    assert (code, stderr) == (130, TERMINATED)
    assert eventually(lambda: not any(alive(pid) for pid in workers))


# --- item 19: the lock leaves no file -----------------------------------------------------------------
def test_the_lock_leaves_no_file_and_removes_an_old_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_bytes(b"")  # left by an earlier version, which locked a file
    proc = subprocess.run([sys.executable, "-m", "fawbrief", "build", "jiefang", "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert os.listdir(out) == ["jiefang-executive.pptx"]


def test_a_folder_that_cannot_be_locked_gets_a_lock_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some network filesystems refuse ``flock`` on a folder: a lock file in it is locked instead."""
    import errno
    import fcntl
    import stat

    from fawbrief.pipeline import publish

    real = fcntl.flock

    def no_folder_locks(fd: int, operation: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        real(fd, operation)

    monkeypatch.setattr(publish.fcntl, "flock", no_folder_locks)
    with publish.locked(tmp_path / "out"):
        assert os.listdir(tmp_path / "out") == [LOCK_NAME]
