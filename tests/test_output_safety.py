"""README: When things go wrong, output: a missing folder is created; a folder that cannot be used,
a full disk or Ctrl-C mid-save exit 3 (130 for Ctrl-C) with one line, leave the
previous decks byte-identical and no temp files; two builds into one folder never
interleave; new decks get normal permissions. Also the CLI's exit-code paths (§4).

chmod-based "unwritable" tests pass as root and prove nothing, so failures are
injected: patched ``mkstemp``/``os.replace``/``os.fsync`` raising ``OSError``, and
a temp file that is really ``/dev/full``."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pptx import Presentation

from badinput import invoke, no_traceback, one_error, run, snapshot
from fawbrief.pipeline import publish as publish_mod
from fawbrief.pipeline.publish import locked

DECKS = ("jiefang-executive.pptx", "faw-vw-executive.pptx", "auto-city-executive.pptx")


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    """An output folder holding earlier decks (stand-ins, so any change shows)."""
    folder = tmp_path / "out"
    folder.mkdir()
    for name in DECKS:
        (folder / name).write_bytes(f"previous {name}".encode())
    return folder


def unchanged(folder: Path, before: dict[str, bytes]) -> None:
    after = snapshot(folder)
    assert sorted(after) == sorted(before), f"left behind: {set(after) - set(before)}"
    assert after == before, "a previous deck changed"


def failing(real: Callable[..., object], when: Callable[..., bool], error: BaseException,
            nth: int = 1) -> Callable[..., object]:
    """``real``, except that its ``nth`` call matching ``when`` raises ``error``."""
    seen = 0

    def patched(*args: object, **kwargs: object) -> object:
        nonlocal seen
        if when(*args, **kwargs):
            seen += 1
            if seen == nth:
                raise error
        return real(*args, **kwargs)

    return patched


def in_folder(folder: Path) -> Callable[..., bool]:
    """A call whose first path argument lies in ``folder`` (not the chart cache)."""

    def check(*args: object, **kwargs: object) -> bool:
        return any(str(a).startswith(str(folder)) for a in (*args, *kwargs.values()))

    return check


def enospc() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# --- the output folder ----------------------------------------------------------------------------
def test_missing_output_folder_is_created(tmp_path: Path) -> None:
    target = tmp_path / "new" / "nested" / "out"
    result = invoke("build", "jiefang", "-o", target)
    assert result.code == 0, result.stderr
    assert result.stdout.split() == [str(target / "jiefang-executive.pptx")]
    assert len(Presentation(str(target / "jiefang-executive.pptx")).slides) >= 10


def test_output_path_is_a_file(tmp_path: Path) -> None:
    path = tmp_path / "out"
    path.write_bytes(b"a file, not a folder")
    assert one_error(invoke("build", "jiefang", "-o", path), 3) == f"{path}: cannot use output folder: not a folder"
    assert path.read_bytes() == b"a file, not a folder"
    msg = one_error(run("build", "jiefang", "-o", path / "sub"), 3)
    assert msg == f"{path / 'sub'}: cannot use output folder: Not a directory"


def test_a_folder_in_the_way_of_the_deck(out: Path) -> None:
    (out / "jiefang-executive.pptx").unlink()
    (out / "jiefang-executive.pptx").mkdir()
    before = snapshot(out)
    msg = one_error(invoke("build", "jiefang", "-o", out), 3)
    assert msg == f"{out / 'jiefang-executive.pptx'}: a folder is in the way of the deck"
    unchanged(out, before)


def test_folder_that_cannot_be_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out"  # not the cache's folders, which may fail without failing the build
    monkeypatch.setattr(Path, "mkdir", failing(Path.mkdir, lambda path, *a, **k: path == target,
                                               PermissionError(errno.EACCES, "Permission denied")))
    msg = one_error(invoke("build", "jiefang", "-o", tmp_path / "out"), 3)
    assert msg == f"{tmp_path / 'out'}: cannot use output folder: Permission denied"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere: a chmod test proves nothing")
def test_read_only_folder(out: Path) -> None:
    before = snapshot(out)
    out.chmod(0o555)
    try:
        msg = one_error(invoke("build", "jiefang", "-o", out), 3)
    finally:
        out.chmod(0o755)
    assert "Permission denied" in msg
    unchanged(out, before)


# --- write failures: the previous decks stay, no temp files ---------------------------------------
@pytest.mark.parametrize(
    ("target", "error", "message"),
    [
        ("tempfile.mkstemp", PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
        ("os.fsync", enospc(), "No space left on device"),
        ("os.replace", PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
        ("os.replace", OSError(errno.EXDEV, "Invalid cross-device link"), "Invalid cross-device link"),
        ("os.chmod", OSError(errno.EPERM, "Operation not permitted"), "Operation not permitted"),
        ("pathlib.Path.read_bytes", OSError(errno.EIO, "Input/output error"), "Input/output error"),
    ],
)
def test_write_failure_leaves_previous_deck(out: Path, monkeypatch: pytest.MonkeyPatch, target: str,
                                           error: OSError, message: str) -> None:
    before = snapshot(out)
    owner, name = target.rsplit(".", 1)
    module = {"tempfile": publish_mod.tempfile, "os": os, "pathlib.Path": Path}[owner]
    real = getattr(module, name)
    when = (lambda *a, **k: True) if name == "fsync" else in_folder(out)
    monkeypatch.setattr(module, name, failing(real, when, error))
    msg = one_error(invoke("build", "jiefang", "-o", out), 3)
    assert msg == f"{out / 'jiefang-executive.pptx'}: cannot write deck: {message}"
    unchanged(out, before)


def test_disk_full_for_real_with_dev_full(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temp file is /dev/full: the kernel's own ENOSPC on write."""
    before = snapshot(out)
    real_mkstemp = publish_mod.tempfile.mkstemp

    def full_mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, name = real_mkstemp(*args, **kwargs)  # a real name in the folder, so cleanup is exercised
        os.dup2(os.open("/dev/full", os.O_WRONLY), fd)
        return fd, name

    monkeypatch.setattr(publish_mod.tempfile, "mkstemp", full_mkstemp)
    msg = one_error(invoke("build", "jiefang", "-o", out), 3)
    assert msg == f"{out / 'jiefang-executive.pptx'}: cannot write deck: No space left on device"
    unchanged(out, before)


WRAPPER = """\
import os, sys, tempfile, time
MODE = sys.argv.pop(1)
real_mkstemp, real_fsync = tempfile.mkstemp, os.fsync
def full_mkstemp(*args, **kwargs):
    fd, name = real_mkstemp(*args, **kwargs)
    if name.endswith(".tmp"):  # a deck's temp file (the chart cache's end in .png)
        os.dup2(os.open("/dev/full", os.O_WRONLY), fd)
    return fd, name
def slow_fsync(fd):
    sys.stderr.write("saving\\n"); sys.stderr.flush()
    time.sleep(60)
    return real_fsync(fd)
if MODE == "full":
    tempfile.mkstemp = full_mkstemp
elif MODE == "slow":
    os.fsync = slow_fsync
from fawbrief.cli.main import main
main(prog_name="fawbrief")
"""


def wrapper(tmp_path: Path) -> Path:
    path = tmp_path / "wrapper.py"
    path.write_text(textwrap.dedent(WRAPPER), encoding="utf-8")
    return path


def test_disk_full_through_the_real_cli(tmp_path: Path, out: Path) -> None:
    before = snapshot(out)
    proc = subprocess.run([sys.executable, str(wrapper(tmp_path)), "full", "build", "--all", "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr.endswith("cannot write deck: No space left on device\n"), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    unchanged(out, before)


# --- Ctrl-C mid-save ----------------------------------------------------------------------------------
def test_ctrl_c_mid_save_in_process(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(out)
    monkeypatch.setattr(os, "fsync", failing(os.fsync, lambda *a: True, KeyboardInterrupt()))
    result = invoke("build", "jiefang", "-o", out)
    assert result.code == 130
    assert result.stderr == "fawbrief: interrupted; nothing was changed\n"
    unchanged(out, before)


@pytest.mark.parametrize("nth", [1, 2, 3])
def test_ctrl_c_while_replacing_rolls_back_every_deck(out: Path, monkeypatch: pytest.MonkeyPatch,
                                                       nth: int) -> None:
    """Three decks publish as one: an interrupt at the n-th ``os.replace`` puts back the earlier ones."""
    before = snapshot(out)
    monkeypatch.setattr(os, "replace", failing(os.replace, in_folder(out), KeyboardInterrupt(), nth=nth))
    result = invoke("build", "--all", "-o", out)
    assert result.code == 130, result.stderr
    unchanged(out, before)


def test_real_sigint_mid_save(tmp_path: Path, out: Path) -> None:
    """A real SIGINT while the temp file is being synced: exit 130, nothing changed."""
    before = snapshot(out)
    proc = subprocess.Popen([sys.executable, str(wrapper(tmp_path)), "slow", "build", "jiefang", "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        assert proc.stderr.readline() == "saving\n"
        assert any(name.endswith(".tmp") for name in os.listdir(out)), "the temp file exists mid-save"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert err == "fawbrief: interrupted; nothing was changed\n"
    unchanged(out, before)


# --- two builds at once -----------------------------------------------------------------------------
def test_two_concurrent_builds_into_one_folder(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    cmd = [sys.executable, "-m", "fawbrief", "build", "--all", "-o", str(folder)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (stdout, stderr) in zip(procs, results, strict=True):
        assert proc.returncode == 0, stderr
        assert len(stdout.split()) == 3
    assert sorted(os.listdir(folder)) == sorted(DECKS)  # no lock file: the folder itself is locked
    for name in DECKS:
        with zipfile.ZipFile(folder / name) as deck:
            assert deck.testzip() is None
        assert len(Presentation(str(folder / name)).slides) >= 5


def test_a_build_waits_for_the_lock(tmp_path: Path, out: Path) -> None:
    """While another build holds the folder's lock, a second build writes nothing."""
    before = snapshot(out)
    with locked(out):
        proc = subprocess.Popen([sys.executable, "-m", "fawbrief", "build", "jiefang", "-o", str(out)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            with pytest.raises(subprocess.TimeoutExpired):
                proc.wait(timeout=4)
            assert snapshot(out) == before
        except BaseException:
            proc.kill()
            raise
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert (out / "jiefang-executive.pptx").read_bytes()[:2] == b"PK"


# --- permissions ------------------------------------------------------------------------------------
@pytest.fixture()
def umask() -> Iterator[Callable[[int], None]]:
    old = os.umask(0o022)
    yield lambda value: os.umask(value)
    os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_decks_have_normal_permissions(tmp_path: Path, umask: Callable[[int], None], mask: int,
                                           mode: int) -> None:
    umask(mask)
    assert invoke("build", "jiefang", "-o", tmp_path).code == 0
    assert (tmp_path / "jiefang-executive.pptx").stat().st_mode & 0o777 == mode


# --- exit-code paths of the CLI (§4) ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["build"], "Error: name at least one deck or use --all"),
        (
            ["build", "nope"],
            "fawbrief: error: unknown deck 'nope' (decks: jiefang, faw-vw, auto-city)",
        ),
        (["build", "jiefang", "--charts", "3d"], "Error: Invalid value for '--charts'"),
        (["build", "jiefang", "--lang", "xx"], "fawbrief: error: unknown language 'xx' (languages: en, zh-CN"),
        (["bogus"], "Error: No such command 'bogus'."),
        (["build", "--nope"], "Error: No such option '--nope'."),
        (["facts", "--subject", "\x1b[2J"], "fawbrief: error: unknown subject '\\x1b[2J'"),
    ],
)
def test_usage_errors_exit_2(args: list[str], error: str) -> None:
    result = run(*args)
    assert result.code == 2
    no_traceback(result)
    assert error in result.stderr.splitlines()[-1], result.stderr


def test_unknown_audience_exits_2(tmp_path: Path) -> None:
    msg = one_error(invoke("build", "jiefang", "-a", "nope", "-o", tmp_path / "out"), 2)
    assert msg.startswith("unknown audience 'nope' (audiences: executive")
    assert not (tmp_path / "out").exists()


def test_stray_os_error_exits_3_not_70(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fawbrief.pipeline import build as build_mod

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error", str(tmp_path / "x\x1b"))

    monkeypatch.setattr(build_mod, "publish_all", broken)
    msg = one_error(invoke("build", "jiefang", "-o", tmp_path / "out"), 3)
    assert msg == f"{tmp_path}/x\\x1b: Input/output error"


def test_bug_exits_70_with_one_escaped_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fawbrief.pipeline import build as build_mod

    def buggy(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\x1b[2J\nsecond line")

    monkeypatch.setattr(build_mod, "publish_all", buggy)
    result = invoke("build", "jiefang", "-o", tmp_path / "out")
    assert result.code == 70
    assert result.stderr == ("fawbrief: internal error: RuntimeError: boom\\x1b[2J\\x0asecond line "
                             "(rerun with --debug)\n")
    debug = invoke("--debug", "build", "jiefang", "-o", tmp_path / "out")
    assert debug.code == 70 and "Traceback" in debug.stderr
