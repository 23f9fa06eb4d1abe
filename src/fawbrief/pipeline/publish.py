"""Atomic publishing: a failed, interrupted or killed write never costs the last good deck.

Each deck is built in memory, written to a temp file in the target folder, fsynced,
re-read and checked (a zip with a presentation and the expected slide count), then
moved over the target with ``os.replace``. Several decks publish as one:

1. every deck is staged (``.<target>.XXXXXXXX.fawbrief.tmp``) before any target is touched;
2. each existing target gets a hard-linked backup (``.<target>.XXXXXXXX.fawbrief.bak``);
3. a journal (``.fawbrief-publish.journal``, synced) lists every target, its temp file and backup;
4. the targets are replaced; removing the journal is the commit; then the backups go.

SIGINT, SIGTERM and SIGHUP are held from step 2 to the end, and a signal that arrives
while the targets are replaced rolls them back before it is delivered, so an interrupt
leaves either every previous deck or (after the commit) every new one, and the caller
learns which through ``on_commit``. SIGKILL or a power cut cannot be held: the next
publish into the folder first calls ``recover``, which rolls an uncommitted journal back
and removes the temp files and backups a killed build left (only names of that shape).

Two builds into one folder never interleave: the folder itself is locked (``flock`` on
its descriptor), so no lock file is left among the decks; where a filesystem cannot lock
a folder, a ``.fawbrief.lock`` file in it is locked instead.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from fawbrief.core.errors import OutputError
from fawbrief.pipeline import journal
from fawbrief.pipeline.journal import TMP_SUFFIX, Entry, recover
from fawbrief.pipeline.signals import held_signals

LOCK_NAME = ".fawbrief.lock"  # only where a folder cannot be locked (and what earlier versions left)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder (created if missing) for the duration of a build."""
    fd = _open_folder(folder)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            if exc.errno not in (errno.EBADF, errno.EINVAL, errno.ENOLCK, errno.EOPNOTSUPP):
                raise OutputError(f"cannot lock output folder: {exc.strerror}", path=folder) from None
            with _lock_file(folder):
                yield
            return
        journal.remove_legacy_lock(folder, LOCK_NAME)
        yield
    finally:
        os.close(fd)


def _open_folder(folder: Path) -> int:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except FileExistsError:
        why = "a symbolic link to a missing folder" if folder.is_symlink() else "not a folder"
        raise OutputError(f"cannot use output folder: {why}", path=folder) from None
    except NotADirectoryError:
        raise OutputError("cannot use output folder: Not a directory", path=folder) from None
    except OSError as exc:
        raise OutputError(f"cannot use output folder: {exc.strerror}", path=folder) from None


@contextlib.contextmanager
def _lock_file(folder: Path) -> Iterator[None]:
    try:
        handle = open(folder / LOCK_NAME, "a+b")  # noqa: SIM115 — held across the yield
    except OSError as exc:
        raise OutputError(f"cannot use output folder: {exc.strerror}", path=folder) from None
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield


def check_pptx(data: bytes, slides: int) -> str | None:
    """Why ``data`` is not a complete deck of ``slides`` slides, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if archive.testzip() is not None:
                return "corrupt zip member"
    except zipfile.BadZipFile:
        return "not a zip file"
    if "ppt/presentation.xml" not in names or "[Content_Types].xml" not in names:
        return "no presentation part"
    found = sum(1 for n in names if n.startswith("ppt/slides/slide") and n.endswith(".xml"))
    if found != slides:
        return f"{found} slides written, {slides} expected"
    return None


def check_output(data: bytes, target: Path, count: int) -> str | None:
    """Why ``data`` is not a complete ``target``: a deck of ``count`` slides, or (``.pdf``) a whole PDF."""
    if target.suffix.lower() == ".pdf":  # its page count was checked against the slides when rendered
        return None if data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:] else "not a complete PDF"
    return check_pptx(data, count)


def publish(data: bytes, target: Path, slides: int) -> None:
    """Write ``data`` to ``target`` atomically, keeping normal file permissions."""
    publish_all([(data, target, slides)])


def publish_all(items: Sequence[tuple[bytes, Path, int]],
                on_commit: Callable[[list[Path]], None] | None = None) -> None:
    """Publish ``(data, target, slides)`` files of one folder all or nothing; ``OutputError`` if any cannot
    be written. ``on_commit(targets)`` runs the moment the new files are in place (signals still held), so
    a caller interrupted later can say truthfully that they were published."""
    if not items:
        return
    folders = {target.parent for _, target, _ in items}
    if len(folders) != 1:
        raise ValueError("files published together must share one folder")
    for data, target, slides in items:
        problem = check_output(data, target, slides)
        if problem:
            raise OutputError(f"refusing to write an incomplete deck: {problem}", path=target)
    folder = folders.pop()
    recover(folder)  # what a killed build left, before anything of ours is added
    staged: list[Entry] = []
    current = items[0][1]
    try:
        for data, target, slides in items:
            current = target
            if target.is_dir():
                raise OutputError("a folder is in the way of the deck", path=target)
            with held_signals():  # no signal between making the temp file and knowing its name
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=target.parent)
                staged.append(Entry(target.name, Path(tmp).name))
            _stage(fd, tmp, data, target, slides)
        with held_signals() as interrupted:
            journal.swap(folder, staged, interrupted, on_commit)
    except OSError as exc:  # staging; the swap names its own failures
        raise OutputError(f"cannot write deck: {exc.strerror or exc}", path=current) from None
    finally:
        with held_signals():  # a second Ctrl-C does not cut the clean-up short
            for entry in staged:
                with contextlib.suppress(OSError):
                    os.unlink(folder / entry.tmp)


def _stage(fd: int, tmp_name: str, data: bytes, target: Path, slides: int) -> None:
    """Write, fsync and verify the temp file beside ``target`` (the caller removes it on failure)."""
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp_name, 0o666 & ~_umask())
    written = Path(tmp_name).read_bytes()
    if written != data or check_output(written, target, slides):
        raise OutputError("deck did not read back intact", path=target)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


__all__ = ["LOCK_NAME", "check_output", "check_pptx", "locked", "publish", "publish_all", "recover"]
