"""Swapping staged files into place as one, and undoing a swap that a kill cut short.

Before any target is replaced, each existing one gets a hard-linked backup and a journal
(``.fawbrief-publish.journal``, synced) names every target with its temp file and backup.
Removing the journal is the commit. Until then, anything that stops the swap — an error,
a held signal, or a kill followed by the next build's ``recover`` — rolls every target
back: a backup is moved back over its target, a target that had none is removed (only
once its temp file is gone, i.e. once it is ours). A journal cut short while it was
written means no target was touched yet.

Only names of our own shape are ever removed: ``.<target>.XXXXXXXX.fawbrief.tmp`` and
``.<target>.XXXXXXXX.fawbrief.bak`` (eight characters from ``[a-z0-9_]``, as ``mkstemp``
makes them), and the journal itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fawbrief.core.errors import OutputError
from fawbrief.pipeline.signals import Interrupted, held_signals

JOURNAL_NAME = ".fawbrief-publish.journal"
TMP_SUFFIX = ".fawbrief.tmp"
BAK_SUFFIX = ".fawbrief.bak"
VERSION = 1
OURS = re.compile(r"^\.(?P<target>[^/\x00]+)\.[a-z0-9_]{8}\.fawbrief\.(?:tmp|bak)$")


@dataclass(frozen=True)
class Entry:
    """One file of a publish: the target's name, its staged temp file's, and its backup's (None: no old file)."""

    target: str
    tmp: str
    backup: str | None = None


def swap(folder: Path, staged: Sequence[Entry], interrupted: Callable[[], bool],
         on_commit: Callable[[list[Path]], None] | None = None) -> None:
    """Back up, journal, replace and commit ``staged`` (signals held by the caller); on any failure, or a
    held signal before the commit (``Interrupted``), every target is as it was. ``OutputError`` names
    the target that failed."""
    entries: list[Entry] = []
    where = folder / staged[0].target
    try:
        for entry in staged:
            where = folder / entry.target
            entries.append(Entry(entry.target, entry.tmp, _backup(folder, entry.target)))
        where = folder / JOURNAL_NAME
        _write_journal(folder, entries)
        for entry in entries:
            where = folder / entry.target
            os.replace(folder / entry.tmp, folder / entry.target)
            if interrupted():
                raise Interrupted
        where = folder
        sync_folder(folder, strict=True)
        if interrupted():
            raise Interrupted
        os.unlink(folder / JOURNAL_NAME)  # the commit
    except BaseException as exc:
        undo(folder, entries)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write deck: {exc.strerror or exc}", path=where) from None
        raise
    if on_commit is not None:
        on_commit([folder / entry.target for entry in entries])
    _remove_backups(folder, entries)
    sync_folder(folder)


def undo(folder: Path, entries: Sequence[Entry]) -> None:
    """Roll back a swap that did not commit; the journal and the backups go only if every target is back."""
    if _roll_back(folder, entries):
        _remove_backups(folder, entries)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / JOURNAL_NAME)
    sync_folder(folder)


def recover(folder: Path) -> None:
    """What a killed build left in ``folder``: an uncommitted swap is rolled back, then every temp file and
    backup of ours is removed. ``OutputError`` if the previous decks cannot be put back (nothing else is
    touched then, so a later build can try again)."""
    path = folder / JOURNAL_NAME
    try:
        leftovers = [name for name in os.listdir(folder) if OURS.match(name)]
    except OSError:
        return
    if not leftovers and not os.path.lexists(path):
        return  # the usual case: nothing to do, and nothing to sync
    with held_signals():
        if os.path.lexists(path):
            entries = _read_journal(path)
            if entries is not None and not _roll_back(folder, entries):
                raise OutputError("cannot put back the decks of an interrupted build", path=folder,
                                  hint=f"its journal {JOURNAL_NAME} and backups are kept")
            os.unlink(path)
        for name in leftovers:
            with contextlib.suppress(OSError):
                os.unlink(folder / name)
        sync_folder(folder)


def remove_legacy_lock(folder: Path, name: str) -> None:
    """Earlier versions left a lock file among the decks: remove it unless another build holds it."""
    path = folder / name
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.fstat(fd).st_size == 0:
            os.unlink(path)
    except OSError:
        pass
    finally:
        os.close(fd)


def sync_folder(folder: Path, strict: bool = False) -> None:
    """fsync a folder, so renames in it survive a power cut (``strict``: a failure is an error)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        if strict:
            raise


def _backup(folder: Path, target: str) -> str | None:
    """A hard link to the current file (a copy where links are not supported), or None if there is none."""
    path = folder / target
    if not os.path.lexists(path):
        return None
    for _ in range(100):
        name = f".{target}.{os.urandom(4).hex()}{BAK_SUFFIX}"
        try:
            os.link(path, folder / name, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:
            _copy(path, folder / name)
        return name
    raise OSError(17, "cannot name a backup", str(path))


def _copy(source: Path, name: Path) -> None:
    import shutil

    try:
        shutil.copy2(source, name, follow_symlinks=False)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _write_journal(folder: Path, entries: Sequence[Entry]) -> None:
    record = {"version": VERSION, "entries": [vars(entry) for entry in entries], "complete": True}
    fd = os.open(folder / JOURNAL_NAME, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, json.dumps(record).encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    sync_folder(folder, strict=True)


def _read_journal(path: Path) -> list[Entry] | None:
    """The journal's entries; None if it was cut short (then no target was touched yet)."""
    try:
        record = json.loads(path.read_bytes())
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("complete") is not True:
        return None
    if record.get("version") != VERSION:
        raise OutputError(f"unknown journal version {record.get('version')!r}", path=path,
                          hint="written by another version of fawbrief; build with that version once")
    entries = []
    for item in record.get("entries", []):
        entry = Entry(str(item["target"]), str(item["tmp"]), item["backup"] and str(item["backup"]))
        if not (_plain(entry.target) and OURS.match(entry.tmp) and (entry.backup is None or OURS.match(entry.backup))):
            raise OutputError("journal names a file outside its folder", path=path)
        entries.append(entry)
    return entries


def _plain(name: str) -> bool:
    return bool(name) and name not in (".", "..") and "/" not in name and "\x00" not in name


def _roll_back(folder: Path, entries: Sequence[Entry]) -> bool:
    """Put every target back as it was before the swap; False if one could not be."""
    ok = True
    for entry in reversed(entries):
        target = folder / entry.target
        try:
            if entry.backup is not None:
                if os.path.lexists(folder / entry.backup):
                    os.replace(folder / entry.backup, target)  # a no-op while both name one file
            elif os.path.lexists(target) and not os.path.lexists(folder / entry.tmp):
                os.unlink(target)
        except OSError:
            ok = False
    return ok


def _remove_backups(folder: Path, entries: Sequence[Entry]) -> None:
    for entry in entries:
        if entry.backup is not None:
            with contextlib.suppress(OSError):
                os.unlink(folder / entry.backup)
