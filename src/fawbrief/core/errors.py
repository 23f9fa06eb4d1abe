"""One error hierarchy for the whole tool; ``cli.py`` maps it to exit codes.

Core code raises these and never prints or exits: the CLI catches
``FawbriefError`` in one place and prints ``str(error)`` as a single line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 3
EXIT_RENDERER = 4
EXIT_INTERNAL = 70


def escape_control(text: str) -> str:
    """Echo user strings safely: C0/C1 control, bidi and surrogate characters become escapes."""
    out = []
    for char in text:
        code = ord(char)
        if (code < 0x20 or 0x7F <= code <= 0x9F or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069
                or 0xD800 <= code <= 0xDFFF):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


class FawbriefError(Exception):
    """A user-facing error with an optional location and hint."""

    exit_code = EXIT_INTERNAL

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.col = col
        self.hint = hint

    @property
    def location(self) -> str:
        """``path:line:col`` as far as known (control characters escaped); empty without a path."""
        if self.path is None:
            return ""
        parts = [escape_control(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        text = escape_control(self.message)
        if self.hint:
            text += f" ({escape_control(self.hint)})"
        return f"{self.location}: {text}" if self.location else text


class InputError(FawbriefError):
    """Bad facts, templates, themes or options: nothing was written."""

    exit_code = EXIT_BAD_INPUT


class CheckFailed(FawbriefError):
    """A check (verify, lint) found problems."""

    exit_code = EXIT_CHECK_FAILED


class OutputError(FawbriefError):
    """Output could not be written; previous outputs are intact."""

    exit_code = EXIT_OUTPUT


class RendererError(FawbriefError):
    """LibreOffice is missing or failed."""

    exit_code = EXIT_RENDERER


class InputErrors(InputError):
    """Several input errors from one run, reported together (capped)."""

    CAP = 20

    def __init__(self, errors: Iterable[FawbriefError]) -> None:
        self.errors = list(errors)
        shown = [str(error) for error in self.errors[: self.CAP]]
        more = len(self.errors) - len(shown)
        if more > 0:
            shown.append(f"... and {more} more errors")
        super().__init__("\n".join(shown))

    def __str__(self) -> str:
        return self.message


def raise_all(errors: list[FawbriefError]) -> None:
    """Raise one error as itself, or several together; the same message only once (every variant of a
    build may find the same unknown audience)."""
    unique: dict[str, FawbriefError] = {}
    for error in errors:
        unique.setdefault(str(error), error)
    errors = list(unique.values())
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)
