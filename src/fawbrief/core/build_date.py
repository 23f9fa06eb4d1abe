"""The build date: an input, never the clock (the code style), so the same inputs give the same bytes.

It dates a deck's core properties (``dcterms:created``/``modified``) and is what
templates see as ``build_date``. It is ``SOURCE_DATE_EPOCH`` when that is set (the
reproducible-builds convention: whole seconds since 1970-01-01 00:00 UTC, as
``date +%s`` prints them), else ``DEFAULT_BUILD_TIME``. A value that is not such a
number, or names a time past 9999-12-31 (the last a date can hold), is bad input:
a build that silently ignored it would not be dated as its caller asked.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fawbrief.core.errors import InputError

#: The date of every build that is not given one (naive, read as UTC).
DEFAULT_BUILD_TIME = datetime(2026, 1, 1)
#: 9999-12-31 23:59:59 UTC, the last second a ``datetime`` (and so a deck's properties) can hold.
MAX_EPOCH = 253_402_300_799
_DIGITS = re.compile(r"[0-9]+")
_HINT = "seconds since 1970-01-01 UTC, e.g. $(git log -1 --format=%ct); or unset it"


def build_time(source_date_epoch: str | None) -> datetime:
    """The build date for ``SOURCE_DATE_EPOCH``'s value (``None`` or empty: unset), naive UTC.

    ``InputError`` when the value is not a whole number of seconds up to ``MAX_EPOCH``.
    """
    if not source_date_epoch:
        return DEFAULT_BUILD_TIME
    if not _DIGITS.fullmatch(source_date_epoch):
        raise InputError(f"SOURCE_DATE_EPOCH {source_date_epoch[:40]!r} is not a whole number of seconds",
                         hint=_HINT)
    significant = source_date_epoch.lstrip("0")
    if len(significant) > len(str(MAX_EPOCH)) or int(significant or "0") > MAX_EPOCH:
        raise InputError(f"SOURCE_DATE_EPOCH {source_date_epoch[:40]} is after 9999-12-31", hint=_HINT)
    return datetime.fromtimestamp(int(significant or "0"), tz=UTC).replace(tzinfo=None)
