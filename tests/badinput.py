"""Helpers for the bad-input catalogue tests (README: When things go wrong): run the real CLI and
check its error contract — exit code, one line naming the place, no traceback,
no raw control characters echoed back."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from fawbrief.cli.main import main

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


def run(*args: object, cwd: Path | None = None, timeout: float = 180) -> Outcome:
    """``python -m fawbrief ARGS`` as a subprocess (a crash or segfault shows as its code)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "fawbrief", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", errors="backslashreplace", timeout=timeout, cwd=cwd,
                          env=env)
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


def invoke(*args: object) -> Outcome:
    """The same command in-process through click's CliRunner (fast)."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def no_traceback(out: Outcome) -> None:
    assert "Traceback" not in out.stderr, out.stderr
    assert not RAW_CONTROL.search(out.stderr), f"raw control character echoed: {out.stderr!r}"


def one_error(out: Outcome, code: int) -> str:
    """Exactly one ``fawbrief: error:`` line on stderr and exit ``code``; returns the message."""
    assert out.code == code, (out.code, out.stderr)
    no_traceback(out)
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("fawbrief: error: "), out.stderr
    return lines[0].removeprefix("fawbrief: error: ")


def line_of(text: str, needle: str) -> int:
    """The 1-based line of ``needle``'s first occurrence in ``text``."""
    return text[: text.index(needle)].count("\n") + 1


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones included) → its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def override(root: Path, deck: str, blocks: str, order: list[str] | None = None) -> Path:
    """A template folder whose ``decks/DECK/executive.j2`` extends the deck's base with ``blocks``."""
    folder = root / "decks" / deck
    folder.mkdir(parents=True, exist_ok=True)
    order_line = f"{{% set slide_order = {order!r} %}}\n" if order else ""
    (folder / "executive.j2").write_text(f'{{% extends "decks/{deck}/base.j2" %}}\n{order_line}{blocks}\n',
                                         encoding="utf-8")
    return root


def edit(path: Path, old: str, new: str, count: int = 1) -> str:
    """Replace ``old`` in a file (it must be there); returns the new text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    text = text.replace(old, new, count)
    path.write_text(text, encoding="utf-8")
    return text


def declare_size(path: Path, member: str, size: int) -> None:
    """Make the zip's central directory say ``member`` unpacks to ``size`` bytes (a lying or huge member)."""
    import struct

    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_len] == member.encode():
            struct.pack_into("<I", data, at + 24, size)
            path.write_bytes(bytes(data))
            return
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{member} not found")
