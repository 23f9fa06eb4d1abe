"""Issue 19, item 13: the limits come before the reading, for every deck the tool reads (dump, lint, preview).

Big inputs are made cheaply: a sparse file, a central directory that declares a size,
members of zeros or repeated text that deflate to almost nothing.
"""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from badinput import declare_size, invoke, one_error
from fawbrief.cli.main import main
from fawbrief.core import package_vet as V
from fawbrief.core.errors import InputError
from fawbrief.read.dump import dump_file
from fawbrief.read.lint import Linter

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deck")
    result = CliRunner().invoke(main, ["build", "faw-vw", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out / "faw-vw-executive.pptx"


def repack(source: Path, target: Path, change: dict[str, bytes], stored: frozenset[str] = frozenset()) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = change.pop(info.filename, None) or src.read(info)
            dst.writestr(info.filename, blob, zipfile.ZIP_STORED if info.filename in stored else zipfile.ZIP_DEFLATED)
        for name, blob in change.items():
            dst.writestr(name, blob)
    return target


def padded_slide(deck: Path, megabytes: int) -> bytes:
    """Slide 2 with ``megabytes`` MiB of paragraphs added to its first text body, numbered so that they
    deflate like real text (about 12:1), not like a bomb."""
    with zipfile.ZipFile(deck) as package:
        slide = package.read("ppt/slides/slide2.xml").decode()
    para = '<a:p><a:r><a:rPr lang="en-US" sz="1800"/><a:t>Region {0} exported {1} trucks in {2}</a:t></a:r></a:p>'
    paras, size, i = [], 0, 0
    while size < megabytes * MiB:
        paras.append(para.format(i, i * 7919 % 100_003, 1990 + i % 37))
        size += len(paras[-1])
        i += 1
    at = slide.index("</p:txBody>")
    return (slide[:at] + "".join(paras) + slide[at:]).encode()


READERS: dict[str, Callable[[Path], object]] = {"dump": dump_file, "lint": Linter(None).lint_file}


@pytest.fixture(params=sorted(READERS))
def reader(request: pytest.FixtureRequest) -> Callable[[Path], object]:
    return READERS[request.param]


def refusal(read: Callable[[Path], object], path: Path) -> tuple[str, float, int]:
    """The error message, the seconds and the peak Python memory (bytes) a refused read took."""
    tracemalloc.start()
    start = time.monotonic()
    try:
        with pytest.raises(InputError) as caught:
            read(path)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return str(caught.value), time.monotonic() - start, peak


def test_a_1_gb_file_is_refused_before_it_is_read(tmp_path: Path, reader: Callable[[Path], object]) -> None:
    """Before: dump read all 1.08 GB, then said "larger than 200 MiB"."""
    path = tmp_path / "huge.pptx"
    with path.open("wb") as handle:
        handle.truncate(1024 * MiB)  # sparse: no disk used
    message, seconds, peak = refusal(reader, path)
    assert message == f"{path}: file is larger than 200 MiB"
    assert peak < 5 * MiB and seconds < 5


def test_a_950_mb_member_is_refused_from_the_directory(tmp_path: Path, deck: Path,
                                                       reader: Callable[[Path], object]) -> None:
    """A 1 MB zip whose directory says a member unpacks to 950 MB (before: read at 2 GB RSS)."""
    path = repack(deck, tmp_path / "bomb.pptx", {"ppt/media/big.bin": bytes(MiB)})
    declare_size(path, "ppt/media/big.bin", 950 * MiB)
    assert path.stat().st_size < 2 * MiB
    message, seconds, peak = refusal(reader, path)
    assert message == f"{path}: package unpacks to 950 MiB, more than 512 MiB (a zip bomb?)"
    assert peak < 20 * MiB and seconds < 5


def test_a_member_bigger_than_declared_stops_at_its_declared_size(tmp_path: Path, deck: Path,
                                                                  reader: Callable[[Path], object]) -> None:
    """A directory that lies small: inflation stops at the declared size and the CRC fails; 64 MiB of
    padding is never held in memory."""
    with zipfile.ZipFile(deck) as package:
        types = package.read("[Content_Types].xml")
    path = repack(deck, tmp_path / "liar.pptx", {"[Content_Types].xml": types + b" " * (64 * MiB)})
    declare_size(path, "[Content_Types].xml", len(types))
    message, _, peak = refusal(reader, path)
    assert message == f"{path}: part '[Content_Types].xml' is damaged"
    assert peak < 20 * MiB


def test_a_lying_slide_is_refused_before_python_pptx_inflates_it(tmp_path: Path, deck: Path,
                                                                  reader: Callable[[Path], object]) -> None:
    """The same lie in a part only python-pptx reads, which would inflate all 32 MiB in one call
    (zipfile bounds a read's output only by the size asked for) and only then find the CRC wrong."""
    path = repack(deck, tmp_path / "liar.pptx", {"ppt/slides/slide2.xml": padded_slide(deck, 32)})
    declare_size(path, "ppt/slides/slide2.xml", 60_000)
    message, _, peak = refusal(reader, path)
    assert message == f"{path}: part 'ppt/slides/slide2.xml' is damaged"
    assert peak < 8 * MiB


def test_a_50_mb_slide_is_refused_quickly(tmp_path: Path, deck: Path) -> None:
    """Before: lint measured it for 36.6 s at 2.45 GB."""
    path = repack(deck, tmp_path / "long.pptx", {"ppt/slides/slide2.xml": padded_slide(deck, 50)})
    message = one_error(invoke("lint", path), 2)
    assert "part 'ppt/slides/slide2.xml' unpacks to 50.0 MiB, more than the 4 MiB an XML part may take" in message
    message, seconds, peak = refusal(Linter(None).lint_file, path)
    assert seconds < 5 and peak < 20 * MiB


def test_an_xml_part_over_the_cap_is_refused_even_stored(tmp_path: Path, deck: Path,
                                                        reader: Callable[[Path], object]) -> None:
    """5 MiB stored (ratio 1:1): the XML cap, not the ratio, refuses it."""
    path = repack(deck, tmp_path / "stored.pptx", {"ppt/slides/slide2.xml": padded_slide(deck, 5)},
                  stored=frozenset({"ppt/slides/slide2.xml"}))
    message, seconds, _ = refusal(reader, path)
    assert "part 'ppt/slides/slide2.xml' unpacks to 5.0 MiB, more than the 4 MiB an XML part may take" in message
    assert seconds < 5


def test_an_xml_part_under_the_cap_is_linted_in_bounded_time(tmp_path: Path, deck: Path) -> None:
    """Just under the cap: read and measured, every paragraph, in seconds (the cap's reason). Counted in
    this process's CPU time, not the clock's, so a machine busy with other work does not fail it (about
    10 s of CPU here; the bound is what an unbounded reader would blow through)."""
    slide = padded_slide(deck, 3)
    assert len(slide) < V.MAX_XML_PART_BYTES
    path = repack(deck, tmp_path / "dense.pptx", {"ppt/slides/slide2.xml": slide})
    start = time.process_time()
    findings = Linter(None).lint_file(path)
    assert any("does not fit" in finding.message for finding in findings)
    assert time.process_time() - start < 30


def test_preview_refuses_before_reading_or_rendering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The limits come before the file is read, and before LibreOffice is even looked for."""
    from fawbrief.office import preview as preview_mod

    def no_tools(name: str, package: str = "") -> str:
        raise AssertionError("looked for a renderer before vetting the deck")

    monkeypatch.setattr(preview_mod, "find_tool", no_tools)
    path = tmp_path / "huge.pptx"
    with path.open("wb") as handle:
        handle.truncate(300 * MiB)
    message, _, peak = refusal(lambda deck: preview_mod.preview(deck, tmp_path / "png"), path)
    assert message == f"{path}: file is larger than 200 MiB" and peak < 5 * MiB
    assert one_error(invoke("preview", path, "-o", tmp_path / "png"), 2) == message
