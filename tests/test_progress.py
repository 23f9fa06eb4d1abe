"""Progress on long work: a bar on a terminal (a pseudo-terminal here), nothing extra when stderr is a
file or a pipe, ``-q``/``-v``, and the JSON answers of ``build --json`` and ``lint --json``."""

from __future__ import annotations

import io
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Inches

from fawbrief.cli.main import main
from fawbrief.cli.progress import Reporter
from fawbrief.core.progress import counted, step
from fawbrief.pipeline.parallel import write_variants

REPO = Path(__file__).resolve().parents[1]


class Terminal(io.StringIO):
    """A stream that says it is a terminal (Click draws its bars only on one)."""

    def isatty(self) -> bool:
        return True


def ticking() -> object:
    ticks = iter(range(1000))
    return lambda: float(next(ticks))


def feed(reporter: Reporter) -> None:
    for _ in counted(reporter, "writing", ["a", "b", "c"]):
        pass
    step(reporter, "publishing")()


def test_a_terminal_gets_a_bar_per_stage() -> None:
    stream = Terminal()
    feed(Reporter(level=0, stream=stream, terminal=True))
    shown = stream.getvalue()
    assert "writing" in shown and "3/3" in shown and "100%" in shown
    assert "publishing" in shown
    assert "fawbrief:" not in shown  # no stage lines without -v


def test_an_unfinished_bar_ends_its_line_before_anything_else_is_said() -> None:
    stream = Terminal()
    reporter = Reporter(level=0, stream=stream, terminal=True)
    reporter("writing", 0, 5)
    reporter("writing", 2, 5)
    reporter.close()  # what an error, a warning or Ctrl-C does first (cli/guard, cli/options)
    shown = stream.getvalue()
    assert "2/5" in shown and shown.endswith("\n")


@pytest.mark.parametrize("level", [0, -1])
def test_a_file_gets_nothing_and_quiet_gets_nothing(level: int) -> None:
    for stream, terminal in ((io.StringIO(), False), (Terminal(), True)):
        if level == 0 and terminal:
            continue
        feed(Reporter(level=level, stream=stream, terminal=terminal))
        assert stream.getvalue() == ""


def test_verbose_says_each_stage_with_its_count_and_time() -> None:
    stream = io.StringIO()
    feed(Reporter(level=1, stream=stream, terminal=False, clock=ticking()))  # type: ignore[arg-type]
    assert stream.getvalue().splitlines() == ["fawbrief: writing 3 of 3: 1.00 s", "fawbrief: publishing: 1.00 s"]


def test_forked_writers_report_each_deck_as_it_arrives() -> None:
    heard: list[tuple[str, int, int]] = []
    specs = [object() for _ in range(5)]
    out = write_variants(specs, lambda spec: b"x" * 10, jobs=2,  # type: ignore[arg-type, misc]
                         progress=lambda *args: heard.append(args))
    assert out == [b"x" * 10] * 5
    assert heard[0] == ("writing", 0, 5) and heard[-1] == ("writing", 5, 5)
    done = [count for _, count, _ in heard]
    assert done == sorted(done) and len(set(done)) == len(done)


def on_pty(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal; (exit code, stdout, what the terminal showed)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
    with subprocess.Popen([sys.executable, "-m", "fawbrief", *args], stdout=subprocess.PIPE, stderr=follower,
                          stdin=subprocess.DEVNULL, env=env, cwd=cwd) as proc:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        os.close(leader)
        stdout = proc.stdout.read().decode() if proc.stdout else ""  # a few paths: never fills the pipe
        code = proc.wait(timeout=300)
    return code, stdout, shown.decode(errors="replace")


def piped(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fawbrief", *args], capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL, check=False)


def test_build_on_a_terminal_draws_bars_and_prints_only_paths(tmp_path: Path) -> None:
    code, stdout, shown = on_pty("build", "--all", "-o", str(tmp_path))
    assert code == 0, shown
    assert stdout.splitlines() == [str(tmp_path / f"{deck}-executive.pptx") for deck in ("jiefang", "faw-vw",
                                                                                          "auto-city")]
    for stage in ("loading", "composing", "writing", "publishing"):
        assert stage in shown, shown
    assert "3/3" in shown and "100%" in shown


def test_build_in_a_pipe_prints_nothing_extra(tmp_path: Path) -> None:
    proc = piped("build", "--all", "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert len(proc.stdout.splitlines()) == 3


def test_quiet_on_a_terminal_draws_no_bar(tmp_path: Path) -> None:
    code, stdout, shown = on_pty("build", "jiefang", "-q", "-o", str(tmp_path))
    assert code == 0 and stdout.strip() == str(tmp_path / "jiefang-executive.pptx")
    assert shown == ""


def test_verbose_in_a_pipe_times_each_stage(tmp_path: Path) -> None:
    proc = piped("-v", "build", "--all", "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    stages = [line.split(":")[1].split()[0] for line in proc.stderr.splitlines()]
    assert stages == ["loading", "composing", "writing", "publishing"], proc.stderr
    assert "composing 3 of 3" in proc.stderr


def test_quiet_and_verbose_count_wherever_given(tmp_path: Path) -> None:
    deck = tmp_path / "out"
    result = CliRunner().invoke(main, ["-v", "build", "jiefang", "-q", "-o", str(deck)])
    assert result.exit_code == 0 and result.stderr == ""  # one -v, one -q: the default, and no terminal
    result = CliRunner().invoke(main, ["lint", "-q", str(deck / "jiefang-executive.pptx")])
    assert result.exit_code == 0 and result.stderr == "", result.output  # no "1 deck(s) clean"


def test_build_json_lists_files_slides_warnings_and_notes(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert CliRunner().invoke(main, ["new", str(project)]).exit_code == 0
    result = CliRunner().invoke(main, ["-C", str(project), "build", "jiefang", "faw-vw", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    paths = [Path(item["path"]) for item in answer["files"]]
    assert [path.name for path in paths] == ["jiefang-executive.pptx", "faw-vw-executive.pptx"]
    for item, path in zip(answer["files"], paths, strict=True):
        assert item["format"] == "pptx" and item["slides"] == len(Presentation(str(path)).slides)
    assert answer["warnings"] == []
    assert answer["notes"] and any("sources" in note for note in answer["notes"])  # the new project has none
    assert result.stderr == ""  # told in the JSON instead


def test_lint_json_lists_every_finding(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["build", "jiefang", "-o", str(tmp_path)]).exit_code == 0
    deck = tmp_path / "jiefang-executive.pptx"
    clean = CliRunner().invoke(main, ["lint", "--json", str(deck)])
    answer = json.loads(clean.stdout)
    answer["findings"] = [f for f in answer["findings"] if not f["rule"]]  # issue 16's grid rules aside
    assert answer == {"decks": [str(deck)], "findings": []}
    prs = Presentation(str(deck))
    box = prs.slides[1].shapes.add_textbox(Inches(30), Inches(1), Inches(1), Inches(1))
    box.name = "Far away"
    box.text_frame.text = "off"
    prs.save(str(deck))
    result = CliRunner().invoke(main, ["lint", "--json", str(deck)])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert findings and all(set(f) == {"deck", "slide", "shape", "message", "rule"} for f in findings)
    assert any(f["slide"] == 2 and f["shape"] == "Far away" for f in findings), findings


def test_preview_refuses_two_decks_of_one_name(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "deck.pptx").write_bytes(b"")
    result = CliRunner().invoke(main, ["preview", str(tmp_path / "a" / "deck.pptx"), str(tmp_path / "b" / "deck.pptx")])
    assert result.exit_code == 2 and "two decks named 'deck'" in result.stderr


def test_verify_reports_each_variant_composed_and_written() -> None:
    from fawbrief.pipeline.build import load_project

    project = load_project(REPO / "data", (REPO / "templates",))
    count = len(project.catalog.decks) * len(project.catalog.audiences) * len(project.factbase.languages.codes)
    result = CliRunner().invoke(main, ["verify", "-v"])
    assert result.exit_code == 0, result.stderr
    assert f"fawbrief: composing {count} of {count}: " in result.stderr
    assert f"fawbrief: writing {count} of {count}: " in result.stderr


@pytest.mark.render
@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"),
                    reason="needs LibreOffice (soffice); on CI its absence fails the test")
def test_pdf_is_a_stage_of_its_own(tmp_path: Path) -> None:
    proc = piped("-v", "build", "jiefang", "--pdf", "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    stages = [line.split(":")[1].split()[0] for line in proc.stderr.splitlines()]
    assert stages == ["loading", "composing", "writing", "converting", "publishing"], proc.stderr
    assert (tmp_path / "jiefang-executive.pdf").is_file()
