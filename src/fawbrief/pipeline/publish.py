"""Atomic publishing: a failed or interrupted write never costs the last good deck.

The deck is built in memory, written to a temp file in the target folder,
fsynced, re-read and checked (a zip with a presentation and the expected slide
count), then moved over the target with ``os.replace``. A lock file keeps two
builds into one folder from interleaving. Several decks publish as one: all are
staged before any target is replaced, and a failure (Ctrl-C included) while
replacing puts the replaced ones back from hard-linked backups, so a failed
build changes nothing and leaves no temp files.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from fawbrief.core.errors import OutputError

LOCK_NAME = ".fawbrief.lock"


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the duration of a build."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK_NAME, "a+b")  # noqa: SIM115 — held across the yield
    except OSError as exc:
        raise OutputError(f"cannot use output folder: {exc.strerror}", path=folder) from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()


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


def publish_all(items: Sequence[tuple[bytes, Path, int]]) -> None:
    """Publish ``(data, target, slides)`` decks all or nothing; ``OutputError`` if any cannot be written."""
    for data, target, slides in items:
        problem = check_output(data, target, slides)
        if problem:
            raise OutputError(f"refusing to write an incomplete deck: {problem}", path=target)
    staged: list[tuple[str, Path]] = []
    backups: list[str] = []
    replaced: list[tuple[str | None, Path]] = []
    current = items[0][1] if items else Path()
    done = False
    try:
        for data, target, slides in items:
            current = target
            staged.append((_stage(data, target, slides), target))
        for tmp, target in staged:
            current = target
            backup = _backup(target)
            if backup:
                backups.append(backup)
            os.replace(tmp, target)
            replaced.append((backup, target))
        for folder in {target.parent for _, target in staged}:
            _fsync_dir(folder)
        done = True
    except OSError as exc:
        raise OutputError(f"cannot write deck: {exc.strerror or exc}", path=current) from None
    finally:
        if not done:
            _roll_back(replaced)
        for leftover in [tmp for tmp, _ in staged] + backups:
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def _stage(data: bytes, target: Path, slides: int) -> str:
    """Write, fsync and verify a temp file beside ``target``; its name (removed on failure)."""
    if target.is_dir():
        raise OutputError("a folder is in the way of the deck", path=target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o666 & ~_umask())
        written = Path(tmp_name).read_bytes()
        if written != data or check_output(written, target, slides):
            raise OutputError("deck did not read back intact", path=target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return tmp_name


def _backup(target: Path) -> str | None:
    """A hard link to the current deck (a copy where links are not supported), or None."""
    if not target.exists():
        return None
    name = str(target.parent / f".{target.name}.{os.urandom(4).hex()}.bak")
    try:
        os.link(target, name)
    except OSError:
        try:
            shutil.copy2(target, name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(name)
            raise
    return name


def _roll_back(replaced: list[tuple[str | None, Path]]) -> None:
    """Put back what a failed publish replaced: the old deck, or no deck."""
    for backup, target in reversed(replaced):
        with contextlib.suppress(OSError):
            if backup:
                os.replace(backup, target)
            else:
                os.unlink(target)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
