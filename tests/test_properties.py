"""Property tests (hypothesis) over fact files, text and writes.

(a) a mutated fact file makes ``fawbrief facts`` exit 0 or 2, never crash or print
    a traceback (in-process for speed, plus a subprocess sample);
(b) printable text of any script (CJK, emoji, RTL) in a fact label comes back
    from the built ``.pptx`` exactly;
(c) a fault injected at any write step leaves the output folder unchanged (or,
    when the fault comes too late to matter, holds exactly the new decks).

The default run is small; ``pytest -m slow tests/test_properties.py`` runs a few
hundred examples of each.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from badinput import DATA, invoke, override, run, snapshot
from conftest import unsourced
from fawbrief.core.errors import OutputError
from fawbrief.pipeline.publish import locked, publish_all

FAST = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(FAST, max_examples=300)
REAL_FACTS = (DATA / "facts" / "jiefang.yaml").read_text(encoding="utf-8")
DOCUMENTED = {0, 2}
slow = pytest.mark.slow


@pytest.fixture(autouse=True)
def _only_with_marker(request: pytest.FixtureRequest) -> None:
    """``slow`` tests run only when asked for (``-m slow``); the default run stays fast."""
    if request.node.get_closest_marker("slow") and "slow" not in (request.config.option.markexpr or ""):
        pytest.skip("slow: run with -m slow")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("prop") / "data"
    shutil.copytree(DATA, target)
    return target


# --- (a) mutated fact files ----------------------------------------------------------------------
SPICE = [":", "-", "- ", "[", "]", "{", "}", "&a", "*a", "!", "!!python/object:os.system", "|", ">", "'", '"', "%",
         "@", "`", "#", ",", "?", "\n", "\t", "  ", "\r\n", "NO", "yes", "1.10", "12:30", ".nan", "-.inf", "~",
         "<<: *a", "\x00", "\x1b[2J", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\u202e", "\u2066", "一汽",
         "🚚", "شاحنة", "\\x1b", '"\\ud800"', "0x1F", "1e400", "99999999999999999999999", "id: x", "value:",
         "source:", "\ud800"]
payload = st.one_of(st.sampled_from(SPICE), st.text(max_size=6),
                    st.lists(st.sampled_from(SPICE), min_size=1, max_size=4).map("".join))
mutation = st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.floats(0, 1), st.integers(1, 40), payload)


def mutate(text: str, mutations: list[tuple[str, float, int, str]]) -> str:
    for kind, where, span, piece in mutations:
        at = int(where * len(text))
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + span:]
        else:
            text = text[:at] + piece + text[at + len(piece):]
    return text


def write_facts(data_dir: Path, text: str) -> None:
    (data_dir / "facts" / "jiefang.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))


def check_outcome(code: int, stderr: str) -> None:
    assert code in DOCUMENTED, (code, stderr)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    if code == 2:
        first = stderr.splitlines()[0]
        assert first.startswith(("fawbrief: error: data/", "fawbrief: errors:")), stderr


def _mutated_facts_in_process(data_dir: Path, mutations: list[tuple[str, float, int, str]]) -> None:
    try:
        write_facts(data_dir, mutate(REAL_FACTS, mutations))
        out = invoke("facts", "--data", data_dir, "--json")
        check_outcome(out.code, out.stderr)
    finally:
        write_facts(data_dir, REAL_FACTS)


def _mutated_facts_subprocess(data_dir: Path, mutations: list[tuple[str, float, int, str]]) -> None:
    try:
        write_facts(data_dir, mutate(REAL_FACTS, mutations))
        out = run("facts", "--data", data_dir, "--json")
        check_outcome(out.code, out.stderr)
    finally:
        write_facts(data_dir, REAL_FACTS)


@FAST
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_fact_file_exits_0_or_2(data_dir: Path, mutations: list[tuple[str, float, int, str]]) -> None:
    _mutated_facts_in_process(data_dir, mutations)


@settings(FAST, max_examples=8)
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_fact_file_exits_0_or_2_subprocess(data_dir: Path,
                                                   mutations: list[tuple[str, float, int, str]]) -> None:
    _mutated_facts_subprocess(data_dir, mutations)


@slow
@SLOW
@given(mutations=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_fact_file_exits_0_or_2_slow(data_dir: Path, mutations: list[tuple[str, float, int, str]]) -> None:
    _mutated_facts_in_process(data_dir, mutations)


@slow
@settings(SLOW, max_examples=200)
@given(mutations=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_fact_file_exits_0_or_2_subprocess_slow(data_dir: Path,
                                                        mutations: list[tuple[str, float, int, str]]) -> None:
    _mutated_facts_subprocess(data_dir, mutations)


# --- (b) text round-trips ------------------------------------------------------------------------
REJECTED = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Letters, marks, punctuation and symbols of any script; no digits (a digit outside fact() is an
# orphan number), no whitespace (the markup collapses runs of it), no controls, surrogates,
# private-use or unassigned code points.
word_char = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Nd", "Nl",
                                                             "No"), exclude_characters=REJECTED)
SCRIPTS = ["一汽解放", "汽车城", "🚚", "👩‍🔧", "🇨🇳", "شاحنة", "עברית", "트럭", "Ελληνικά", "ไทย", "Ünïcödé", "e\u0301",
           "&amp;", "<slide>", "{{ x }}", "'\"", "\u200f", "\u200d", "\ufeff"]
word = st.one_of(st.sampled_from(SCRIPTS), st.text(word_char, min_size=1, max_size=12))
label_text = st.lists(word, min_size=1, max_size=8).map(" ".join).filter(lambda s: 2 <= len(s) <= 200)

PROBE_FACT = """\
subject: jiefang
facts:
  - id: jiefang.probe.exports
    label: "{label}"
    value: 60000
    unit: units
    as_of: "2025"
    source:
      document: jiefang-profile
      paragraph: 4
      excerpt: "its annual exports have surged to 60,000 units"
"""
PROBE_SLIDE = """{% block probe %}
<slide layout="content" key="probe">
  <title>{{ label("jiefang.probe.exports") }}</title>
  <kpi fact="jiefang.probe.exports"/>
  <notes><p>{{ label("jiefang.probe.exports") }}</p></notes>
</slide>
{% endblock %}"""


@pytest.fixture(scope="module")
def roundtrip_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("roundtrip")
    data = root / "data"
    shutil.copytree(DATA, data)
    return unsourced(data), override(root / "tpl", "jiefang", PROBE_SLIDE, ["probe"])


def _round_trip(dirs: tuple[Path, Path], label: str) -> None:
    data, templates = dirs
    quoted = label.replace("\\", "\\\\").replace('"', '\\"')
    (data / "facts" / "probe.yaml").write_text(PROBE_FACT.format(label=quoted), encoding="utf-8")
    with tempfile.TemporaryDirectory() as out:
        result = invoke("build", "jiefang", "--data", data, "-t", templates, "-o", out)
        assert result.code == 0, result.stderr
        slide = Presentation(str(Path(out) / "jiefang-executive.pptx")).slides[0]
        assert slide.shapes.title.text_frame.text == label
        kpi = next(s for s in slide.shapes if s.name == "KPI 1")
        assert label in kpi.text_frame.text.split("\n")
        assert label in slide.notes_slide.notes_text_frame.text


@settings(FAST, max_examples=12)
@given(label=label_text)
def test_text_round_trips_exactly(roundtrip_dirs: tuple[Path, Path], label: str) -> None:
    _round_trip(roundtrip_dirs, label)


@slow
@settings(SLOW, max_examples=200)
@given(label=label_text)
def test_text_round_trips_exactly_slow(roundtrip_dirs: tuple[Path, Path], label: str) -> None:
    _round_trip(roundtrip_dirs, label)


# --- (c) a fault at any write step --------------------------------------------------------------------
@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[bytes, str, int]]:
    """The three real decks' bytes, names and slide counts, built once."""
    out = tmp_path_factory.mktemp("decks")
    assert invoke("build", "--all", "-o", out).code == 0
    return _Decks((p.read_bytes(), p.name, len(Presentation(str(p)).slides)) for p in sorted(out.glob("*.pptx")))


class _Decks(list):  # type: ignore[type-arg]
    """The decks, shown by name: hypothesis prints a failing example's arguments, and a megabyte of
    deck bytes would hide the failure behind its "overly large repr" warning."""

    def __repr__(self) -> str:
        return f"<decks {', '.join(name for _, name, _ in self)}>"


class _FaultyFile:
    """What ``os.fdopen`` returns when the fault hits: writes fail."""

    def __init__(self, real: Any, error: BaseException) -> None:
        self._real, self._error = real, error

    def write(self, data: bytes) -> int:
        raise self._error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> _FaultyFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


# Every step of publishing that touches the disk (os.open also serves mkstemp and the folder fsync).
POINTS: dict[str, tuple[Any, str]] = {
    "mkstemp": (tempfile, "mkstemp"), "open": (os, "open"), "write": (os, "fdopen"), "fsync": (os, "fsync"),
    "chmod": (os, "chmod"), "read back": (Path, "read_bytes"), "link": (os, "link"), "replace": (os, "replace"),
}
ERRORS: dict[str, Callable[[], BaseException]] = {
    "ENOSPC": lambda: OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)),
    "EIO": lambda: OSError(errno.EIO, os.strerror(errno.EIO)),
    "Ctrl-C": KeyboardInterrupt,
}


@contextlib.contextmanager
def injected(point: str, nth: int, error: BaseException) -> Iterator[None]:
    """Make the ``nth`` call of one disk step fail with ``error`` (one fault per run)."""
    owner, name = POINTS[point]
    real = getattr(owner, name)
    calls = 0

    def patched(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls != nth:
            return real(*args, **kwargs)
        if point == "write":
            return _FaultyFile(real(*args, **kwargs), error)
        raise error

    setattr(owner, name, patched)
    try:
        yield
    finally:
        setattr(owner, name, real)


def _fault_case(decks: list[tuple[bytes, str, int]], point: str, nth: int, error: str) -> None:
    """Two decks exist from an earlier build, the third is new; publish all three with one fault."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for _, name, _ in decks[:2]:
            (folder / name).write_bytes(b"previous " + name.encode())
        before = snapshot(folder)
        failed = False
        try:
            with injected(point, nth, ERRORS[error]()), locked(folder):
                publish_all([(data, folder / name, slides) for data, name, slides in decks])
        except (OutputError, KeyboardInterrupt):  # a raw OSError would be a bug: it fails the test
            failed = True
        after = snapshot(folder)
    if failed:
        assert after == before, f"{point} #{nth} {error}: folder changed: {sorted(after)}"
    else:  # the fault hit a step that has a fallback, or came after the last call
        assert after == {name: data for data, name, _ in decks}, sorted(after)


fault_cases = st.tuples(st.sampled_from(sorted(POINTS)), st.integers(1, 10), st.sampled_from(sorted(ERRORS)))


@FAST
@given(case=fault_cases)
def test_fault_at_any_write_leaves_folder_unchanged(decks: list[tuple[bytes, str, int]],
                                                     case: tuple[str, int, str]) -> None:
    _fault_case(decks, *case)


@slow
@SLOW
@given(case=fault_cases)
def test_fault_at_any_write_leaves_folder_unchanged_slow(decks: list[tuple[bytes, str, int]],
                                                          case: tuple[str, int, str]) -> None:
    _fault_case(decks, *case)


@pytest.mark.parametrize("nth", [1, 2, 3])
@pytest.mark.parametrize("point", sorted(POINTS))
@pytest.mark.parametrize("error", sorted(ERRORS))
def test_fault_at_each_point(decks: list[tuple[bytes, str, int]], point: str, nth: int, error: str) -> None:
    _fault_case(decks, point, nth, error)
