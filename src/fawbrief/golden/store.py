"""The golden folder on disk: the goldens, and the record of which of them ``verify`` wrote and from what.

A golden is ``<deck>-<audience>[-<lang>].md``, the Markdown dump of its variant, always written with LF line
ends and read with any (a CRLF checkout compares equal). Beside them, ``fawbrief-goldens.json`` (the record)
names every golden ``verify`` wrote, its variant, and a snapshot of the inputs it was built from (the facts in
its language, the message catalog, the templates' digests, the deck and audience entries), so a later run can
say which fact or template changed, and so ``--update`` deletes only files it wrote: anything else in the folder
(a README, a CHANGELOG.md) is never touched. Snapshots are shared by the goldens built from the same inputs and
kept while one golden refers to them. The record holds no paths, dates or machine details: the same inputs give
the same bytes everywhere. Updates hold the folder's lock, so pytest-xdist workers can update goldens together.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fawbrief.core.errors import InputError, OutputError
from fawbrief.pipeline.publish import locked

RECORD = "fawbrief-goldens.json"
FORMAT = "fawbrief goldens 1"


@dataclass
class Record:
    """What ``fawbrief-goldens.json`` says: golden name → its entry, snapshot digest → snapshot."""

    goldens: dict[str, dict[str, Any]] = field(default_factory=dict)
    snapshots: dict[str, dict[str, Any]] = field(default_factory=dict)

    def snapshot_of(self, name: str) -> dict[str, Any] | None:
        """The inputs golden ``name`` was built from, if the record has them."""
        entry = self.goldens.get(name)
        return self.snapshots.get(entry.get("inputs", "")) if entry else None

    def to_json(self) -> str:
        """The record's text: sorted, indented, LF, only the snapshots some golden refers to."""
        used = {entry["inputs"] for entry in self.goldens.values()}
        body = {"format": FORMAT, "goldens": self.goldens,
                "snapshots": {key: value for key, value in self.snapshots.items() if key in used}}
        return json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def read_record(folder: Path) -> Record:
    """The folder's record; an empty one when there is none yet."""
    path = folder / RECORD
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Record()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the goldens' record: {exc}", path=path,
                         hint="restore it from version control, or delete it and run: fawbrief verify --update"
                         ) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputError(f"not a record of {FORMAT!r}", path=path)
    return Record(dict(raw.get("goldens") or {}), dict(raw.get("snapshots") or {}))


def read_golden(path: Path) -> str | None:
    """A golden's text with LF line ends, or None when there is no such file."""
    try:
        return path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read golden: {exc}", path=path) from None


@contextmanager
def updating(folder: Path) -> Iterator[Record]:
    """The record, to change and write back, under the folder's lock (created if missing)."""
    try:
        with locked(folder):
            record = read_record(folder)
            yield record
            _write_atomic(folder / RECORD, record.to_json())
    except OSError as exc:
        raise OutputError(f"cannot write goldens: {exc.strerror or exc}", path=folder) from None


def write_golden(folder: Path, name: str, text: str) -> None:
    """Write one golden (LF line ends, UTF-8), replacing any previous one at once."""
    try:
        _write_atomic(folder / name, text)
    except OSError as exc:
        raise OutputError(f"cannot write golden: {exc.strerror or exc}", path=folder / name) from None


def remove_golden(folder: Path, name: str, record: Record) -> bool:
    """Delete golden ``name`` if the record says ``verify`` wrote it; whether it did."""
    if name not in record.goldens:
        return False
    try:
        (folder / name).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot remove golden: {exc.strerror or exc}", path=folder / name) from None
    del record.goldens[name]
    return True


def remember(record: Record, name: str, variant: Mapping[str, str], digest: str, snapshot: dict[str, Any]) -> None:
    """Record that golden ``name`` of ``variant`` was written from the inputs ``snapshot`` (``digest``)."""
    record.snapshots.setdefault(digest, snapshot)
    record.goldens[name] = {**variant, "inputs": digest}


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
