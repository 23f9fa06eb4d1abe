"""The build date: an input, never the clock (the code style), so the same inputs give the same bytes.

It dates a deck's core properties (``dcterms:created``/``modified``) and is what
templates see as ``build_date`` (the cover prints it). It is ``SOURCE_DATE_EPOCH`` when
that is set (the reproducible-builds convention: whole seconds since 1970-01-01 00:00 UTC,
as ``date +%s`` prints them), else the ``today`` the caller passes (the CLI passes
today's UTC date), at 00:00 UTC, so two builds on one day give the same bytes; a caller
that passes no day gets ``DEFAULT_BUILD_TIME``. ``verify`` and the pytest golden plugin
build with ``GOLDEN_BUILD_TIME`` whatever the environment says, so goldens stay the same
from one day to the next. A value that is not such a number, or names a time past
9999-12-31 (the last a date can hold), is bad input: a build that silently ignored it
would not be dated as its caller asked.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from fawbrief.core.errors import InputError

#: The date of a build whose caller gives no day and no ``SOURCE_DATE_EPOCH`` (naive, read as UTC).
DEFAULT_BUILD_TIME = datetime(2026, 1, 1)
#: The date goldens are built with (``verify``, the pytest plugin): fixed, so a golden never ages.
GOLDEN_BUILD_TIME = DEFAULT_BUILD_TIME
#: 9999-12-31 23:59:59 UTC, the last second a ``datetime`` (and so a deck's properties) can hold.
MAX_EPOCH = 253_402_300_799
_DIGITS = re.compile(r"[0-9]+")
_HINT = "seconds since 1970-01-01 UTC, e.g. $(git log -1 --format=%ct); or unset it"


def build_time(source_date_epoch: str | None, today: date | None = None) -> datetime:
    """The build date for ``SOURCE_DATE_EPOCH``'s value (``None`` or empty: unset), naive UTC.

    Unset: ``today`` at 00:00 (a date, not the time of day), or ``DEFAULT_BUILD_TIME`` without one.
    ``InputError`` when the value is not a whole number of seconds up to ``MAX_EPOCH``.
    """
    if not source_date_epoch:
        return datetime(today.year, today.month, today.day) if today is not None else DEFAULT_BUILD_TIME
    if not _DIGITS.fullmatch(source_date_epoch):
        raise InputError(f"SOURCE_DATE_EPOCH {source_date_epoch[:40]!r} is not a whole number of seconds",
                         hint=_HINT)
    significant = source_date_epoch.lstrip("0")
    if len(significant) > len(str(MAX_EPOCH)) or int(significant or "0") > MAX_EPOCH:
        raise InputError(f"SOURCE_DATE_EPOCH {source_date_epoch[:40]} is after 9999-12-31", hint=_HINT)
    return datetime.fromtimestamp(int(significant or "0"), tz=UTC).replace(tzinfo=None)
