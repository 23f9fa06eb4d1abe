"""The build date is an input (issue 19, item 10): SOURCE_DATE_EPOCH is whole seconds since 1970, or bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from badinput import invoke, one_error, run
from fawbrief.core.build_date import DEFAULT_BUILD_TIME, GOLDEN_BUILD_TIME, MAX_EPOCH, build_time
from fawbrief.core.errors import InputError


@pytest.mark.parametrize(("value", "expected"), [
    (None, DEFAULT_BUILD_TIME),
    ("", DEFAULT_BUILD_TIME),
    ("0", datetime(1970, 1, 1)),
    ("1700000000", datetime(2023, 11, 14, 22, 13, 20)),
    ("0001700000000", datetime(2023, 11, 14, 22, 13, 20)),
    (str(MAX_EPOCH), datetime(9999, 12, 31, 23, 59, 59)),
])
def test_good_values(value: str | None, expected: datetime) -> None:
    assert build_time(value) == expected


@pytest.mark.parametrize(("value", "message"), [
    ("253402300800", "SOURCE_DATE_EPOCH 253402300800 is after 9999-12-31"),
    ("9" * 5000, "is after 9999-12-31"),  # no ValueError from int() on 5000 digits
    ("abc", "SOURCE_DATE_EPOCH 'abc' is not a whole number of seconds"),
    ("-5", "is not a whole number of seconds"),
    ("1.5", "is not a whole number of seconds"),
    (" 1700000000", "is not a whole number of seconds"),
    ("١٧٠٠٠٠٠٠٠٠", "is not a whole number of seconds"),  # digits, but not ASCII: str.isdigit() said yes
])
def test_bad_values_are_input_errors(value: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        build_time(value)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_year_10000_is_exit_2_not_an_internal_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: exit 70, ``ValueError: year 10000 is out of range``."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300800")
    message = one_error(run("build", "faw-vw", "-o", tmp_path / "out"), 2)
    assert message.startswith("SOURCE_DATE_EPOCH 253402300800 is after 9999-12-31 (seconds since 1970-01-01 UTC")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [("build", "faw-vw"), ("diff", "faw-vw", "-a", "executive", "-a", "investor")])
def test_garbage_is_exit_2_not_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       command: tuple[str, ...]) -> None:
    """Before: ``abc`` was silently ignored and the build dated 2026-01-01."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    args = (*command, "-o", tmp_path / "out") if command[0] == "build" else command
    assert "SOURCE_DATE_EPOCH 'abc' is not a whole number of seconds" in one_error(invoke(*args), 2)
    assert not (tmp_path / "out").exists()


def test_unset_is_the_day_given_at_midnight() -> None:
    """The core never reads the clock: the caller hands it a day, and gets that day at 00:00 (so two
    builds on one day give the same bytes); SOURCE_DATE_EPOCH, when set, wins over the day."""
    assert build_time(None, today=date(2026, 12, 2)) == datetime(2026, 12, 2)
    assert build_time("", today=date(2026, 12, 2)) == datetime(2026, 12, 2)
    assert build_time("1700000000", today=date(2026, 12, 2)) == datetime(2023, 11, 14, 22, 13, 20)


def _created(deck: Path) -> str:
    import zipfile

    core = zipfile.ZipFile(deck).read("docProps/core.xml").decode()
    return core.split("<dcterms:created")[1].split(">")[1].split("<")[0]


def test_cli_dates_a_build_today_in_utc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: every build without SOURCE_DATE_EPOCH was dated 2026-01-01, which the cover printed as a lie."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(UTC).date()
    assert run("build", "faw-vw", "-o", tmp_path / "out").code == 0
    after = datetime.now(UTC).date()
    created = _created(tmp_path / "out" / "faw-vw-executive.pptx")
    assert created in {f"{day.isoformat()}T00:00:00Z" for day in (before, after)}


def test_verify_builds_with_the_golden_date_whatever_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Goldens never age: verify builds with GOLDEN_BUILD_TIME, so SOURCE_DATE_EPOCH (even garbage) and
    the day of the run change nothing it compares."""
    from fawbrief.cli import golden

    seen: list[datetime] = []

    def fake_verify(*args: object, build_time: datetime, **kwargs: object) -> object:
        seen.append(build_time)
        raise SystemExit(0)

    monkeypatch.setattr("fawbrief.golden.verify.verify", fake_verify)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    invoke("verify")
    assert golden.verify is not None and seen == [GOLDEN_BUILD_TIME]
