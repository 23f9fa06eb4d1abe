"""Byte-reproducible decks: the same inputs give the same bytes, run after run."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from pptx import Presentation

from fawbrief.cli.main import main
from fawbrief.core.slide_cites import text_key
from fawbrief.facts.base import load_factbase
from fawbrief.facts.formatting import format_period
from fawbrief.write.reproducible import ZIP_EPOCH, normalise

REPO = Path(__file__).resolve().parents[1]


def build(out: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, bytes]:
    result = CliRunner(env=env).invoke(main, ["build", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.pptx"))}


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


COVER = b'<p:cSld name="title_slide"'  # the writer names each slide by its key: the cover's


def cover(parts: dict[str, bytes]) -> str:
    """The cover slide's part name, found by the slide's name rather than its position."""
    (name,) = [part for part, data in parts.items() if re.fullmatch(r"ppt/slides/slide\d+\.xml", part)
               and COVER in data]
    return name


def built_on(day: dt.date) -> bytes:
    """The build date as the English cover writes it ("built Dec 2, 2026": issue 16)."""
    languages = load_factbase(REPO / "data").languages
    return format_period(day.isoformat(), languages.get(languages.source.code)).encode()


def assert_only_the_date_differs(a: dict[str, bytes], b: dict[str, bytes], days: tuple[dt.date, dt.date]) -> None:
    """Another build date changes the core properties and, since issue 16 put the build date in the cover's
    subtitle on purpose, the cover: there it may change the date and nothing else."""
    name = cover(a)
    assert [part for part in a if a[part] != b[part]] == sorted(["docProps/core.xml", name])
    shown = tuple(built_on(day) for day in days)
    assert a[name].count(shown[0]) == 1 and b[name].count(shown[1]) == 1, shown
    # the subtitle's cites record is keyed by a digest of its text (core/slide_cites), so that key moves too
    (subtitle,) = [text for text in paragraphs(a[name]) if shown[0].decode() in text]
    keys = [text_key(text).encode() for text in (subtitle, subtitle.replace(shown[0].decode(), shown[1].decode()))]
    assert a[name].replace(shown[0], shown[1]).replace(keys[0], keys[1]) == b[name]


def paragraphs(slide: bytes) -> list[str]:
    """Each paragraph's text on a slide part, a line break read as white space."""
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    return ["".join(" " if node.tag.endswith("}br") else node.text or ""
                    for node in paragraph.xpath("a:r/a:t | a:br", namespaces=ns))
            for paragraph in etree.fromstring(slide).xpath("//a:p", namespaces=ns)]


@pytest.mark.parametrize("charts", ["image", "native"])
def test_two_builds_are_byte_identical(tmp_path: Path, charts: str) -> None:
    first = build(tmp_path / "a", "--all", "--charts", charts)
    time.sleep(2.1)  # zip timestamps have a 2-second resolution
    second = build(tmp_path / "b", "--all", "--charts", charts)
    assert len(first) == 3
    assert first == second


def test_source_date_epoch_changes_only_core_properties_and_the_cover_date(tmp_path: Path) -> None:
    one = build(tmp_path / "a", "auto-city", "--charts", "native", env={"SOURCE_DATE_EPOCH": "1700000000"})
    two = build(tmp_path / "b", "auto-city", "--charts", "native", env={"SOURCE_DATE_EPOCH": "1800000000"})
    (name,) = one
    assert one[name] != two[name]
    a, b = members(one[name]), members(two[name])
    assert list(a) == list(b)
    assert_only_the_date_differs(a, b, (dt.date(2023, 11, 14), dt.date(2027, 1, 15)))
    assert b"2023-11-14T22:13:20Z" in a["docProps/core.xml"] and b"2027-01-15T08:00:00Z" in b["docProps/core.xml"]


def test_without_source_date_epoch_a_build_is_dated_today_at_midnight_utc(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reads the clock (the core never does) and keeps only the day: a build late in the day and
    one early the same day give the same bytes, dated that day at 00:00 UTC; another day only changes
    the core properties and the build date on the cover (issue 16)."""
    import datetime as dt
    import importlib

    cli_main = importlib.import_module("fawbrief.cli.main")  # the module (``fawbrief.cli.main`` is the group)

    def at(moment: dt.datetime) -> dict[str, bytes]:
        class Clock(dt.datetime):
            @classmethod
            def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
                return moment.astimezone(tz)

        monkeypatch.setattr(cli_main, "datetime", Clock)
        return build(tmp_path / moment.isoformat().replace(":", ""), "auto-city", env={"SOURCE_DATE_EPOCH": ""})

    early = at(dt.datetime(2026, 12, 2, 0, 0, 5, tzinfo=dt.UTC))
    late = at(dt.datetime(2026, 12, 2, 23, 59, 59, tzinfo=dt.UTC))
    next_day = at(dt.datetime(2026, 12, 3, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))  # 17:00 UTC, Dec 2
    later = at(dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC))
    (name,) = early
    assert early == late == next_day
    assert b"2026-12-02T00:00:00Z" in members(early[name])["docProps/core.xml"]
    a, b = members(early[name]), members(later[name])
    assert_only_the_date_differs(a, b, (dt.date(2026, 12, 2), dt.date(2026, 12, 3)))
    assert b"2026-12-03T00:00:00Z" in b["docProps/core.xml"]


def test_package_layout_is_canonical(tmp_path: Path) -> None:
    """Members in canonical order (slides by number, not as text: slide2 before slide10, so the check
    needs a deck of 10 slides or more: the longest jiefang audience is taken), fixed zip metadata, and
    app.xml counting the deck's own slides and notes (not a number kept here: the decks change)."""
    decks = build(tmp_path, "jiefang", "-a", "all")
    data = max(decks.values(), key=lambda blob: sum(re.fullmatch(r"ppt/slides/slide\d+\.xml", part) is not None
                                                     for part in members(blob)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    slides = [name for name in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", name)]
    notes = [name for name in names if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", name)]
    assert len(slides) >= 10, slides
    assert slides == sorted(slides, key=lambda name: int(re.sub(r"\D", "", name)))
    assert {info.date_time for info in infos} == {ZIP_EPOCH}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    assert not any("thumbnail" in name for name in names)
    app = members(data)["docProps/app.xml"].decode()
    assert "<Application>fawbrief</Application>" in app
    assert f"<Slides>{len(slides)}</Slides>" in app and f"<Notes>{len(notes)}</Notes>" in app


def test_pngs_in_decks_carry_no_time_or_text_chunks(tmp_path: Path) -> None:
    data = build(tmp_path, "auto-city")["auto-city-executive.pptx"]
    pngs = [blob for name, blob in members(data).items() if name.endswith(".png")]
    assert pngs
    for png in pngs:
        assert not any(chunk in png for chunk in (b"tIME", b"tEXt", b"iTXt", b"zTXt"))


def test_normalise_drops_a_theme_thumbnail_and_keeps_a_valid_deck() -> None:
    buffer = io.BytesIO()
    Presentation().save(buffer)  # python-pptx's own template ships docProps/thumbnail.jpeg
    assert "docProps/thumbnail.jpeg" in members(buffer.getvalue())
    clean = normalise(buffer.getvalue())
    parts = members(clean)
    assert "docProps/thumbnail.jpeg" not in parts
    assert b"thumbnail" not in parts["_rels/.rels"] and b"thumbnail.jpeg" not in parts["[Content_Types].xml"]
    assert normalise(clean) == clean
    Presentation(io.BytesIO(clean))  # still opens


def test_build_all_twice_a_few_seconds_apart_gives_identical_sha256(tmp_path: Path) -> None:
    digests = []
    for run in ("first", "second"):
        out = tmp_path / run
        subprocess.run([sys.executable, "-m", "fawbrief", "build", "--all", "-o", str(out)], cwd=REPO,
                       check=True, capture_output=True, timeout=300)
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.pptx"))})
        if run == "first":
            time.sleep(3)
    assert len(digests[0]) == 3
    assert digests[0] == digests[1]
