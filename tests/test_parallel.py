"""``build -j N``: parallel builds give the bytes of serial builds and fail the same way."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from fawbrief.cli.main import main
from fawbrief.core.errors import InputError, InputErrors
from fawbrief.pipeline import parallel
from fawbrief.pipeline.build import DEFAULT_DATA, BuildRequest, build, compose_variants, load_project

DECKS = ("jiefang", "auto-city")  # both draw charts; jiefang's and auto-city's differ
AUDIENCES = ("executive", "media")


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "charts"
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(folder))
    return folder


def built(out: Path, jobs: int) -> dict[str, bytes]:
    paths = build(BuildRequest(decks=DECKS, audiences=AUDIENCES, out_dir=out, jobs=jobs))
    assert [p.name for p in paths] == [f"{d}-{a}.pptx" for d in DECKS for a in AUDIENCES]
    return {path.name: path.read_bytes() for path in paths}


def test_parallel_build_gives_the_serial_bytes(tmp_path: Path, cache: Path) -> None:
    parallel_cold = built(tmp_path / "j2", jobs=2)  # cold cache: workers draw the charts
    serial = built(tmp_path / "j1", jobs=1)  # warm cache
    parallel_warm = built(tmp_path / "j2-again", jobs=2)
    assert parallel_cold == serial == parallel_warm


def test_cli_jobs_option(tmp_path: Path, cache: Path) -> None:
    runner = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        result = runner.invoke(main, ["build", "jiefang", "faw-vw", "-j", jobs, "-o", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in out.glob("*.pptx")})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 2
    assert runner.invoke(main, ["build", "jiefang", "-j", "0"]).exit_code == 2


def test_bad_theme_fails_in_parallel_and_writes_nothing(tmp_path: Path, cache: Path) -> None:
    theme = tmp_path / "theme.pptx"
    theme.write_bytes(b"not a zip")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--all", "-a", "all", "-j", "2", "--theme", str(theme),
                                       "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "theme.pptx" in result.output
    assert not list(out.glob("*.pptx"))


def test_worker_errors_come_back_as_single_errors() -> None:
    both = InputErrors([InputError("first", path="a.j2"), InputError("second", path="b.j2")])

    def fail(spec: object) -> bytes:
        raise both

    failed = parallel._write_one(["spec"], fail, 0)
    assert [str(error) for error in failed.errors] == ["a.j2: first", "b.j2: second"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_result_is_handed_over_as_it_arrives_whatever_it_is(jobs: int) -> None:
    """``on_written`` hears of every variant once, with what ``write`` returned (a tuple here, as
    ``build``'s bytes with their warnings), before ``write_variants`` returns; a variant's errors are raised."""
    heard: list[tuple[int, object]] = []
    specs = [f"d{i}" for i in range(5)]
    result = parallel.write_variants(specs, lambda spec: (spec.encode(), [spec]),  # type: ignore[arg-type]
                                     jobs=jobs, on_written=lambda index, outcome: heard.append((index, outcome)))
    assert result == [(spec.encode(), [spec]) for spec in specs]
    assert sorted(heard) == list(enumerate(result))
    if jobs == 1:
        assert [index for index, _ in heard] == list(range(5))  # serially, in order

    def fail(spec: str) -> bytes:
        if spec == "d3":
            raise InputError("bad", path=f"{spec}.j2")
        return spec.encode()

    heard.clear()
    with pytest.raises(InputError, match=r"d3\.j2"):
        parallel.write_variants(specs, fail, jobs=jobs,  # type: ignore[arg-type]
                                on_written=lambda index, outcome: heard.append((index, outcome)))
    assert 3 not in [index for index, _ in heard]


def test_input_errors_of_every_variant_come_first() -> None:
    project = load_project(DEFAULT_DATA)
    with pytest.raises(InputErrors) as caught:
        compose_variants(project, [("jiefang", "nobody", "en"), ("faw-vw", "no-one", "en")], datetime(2026, 1, 1))
    assert [line.split(" (")[0] for line in str(caught.value).splitlines()] == [
        "unknown audience 'nobody'", "unknown audience 'no-one'"]


@pytest.mark.parametrize(("drawing", "variants", "workers"), [(True, 3, 2), (False, 3, 1), (False, 4, 2),
                                                             (True, 1, 1)])
def test_default_worker_count_follows_whether_charts_are_drawn(monkeypatch: pytest.MonkeyPatch, drawing: bool,
                                                               variants: int, workers: int) -> None:
    """Three decks with charts to draw get both cores; with every chart cached, one worker per two variants."""
    started: list[int] = []
    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    monkeypatch.setattr(parallel, "_write_in_workers",
                        lambda specs, write, jobs, *_: started.append(jobs) or [write(s) for s in specs])
    specs = [f"d{i}" for i in range(variants)]
    result = parallel.write_variants(specs, lambda spec: spec.encode(),  # type: ignore[arg-type,attr-defined]
                                     before_fork=lambda specs: drawing)
    assert result == [spec.encode() for spec in specs]
    assert (started or [1]) == [workers]


def test_default_jobs_is_the_core_count() -> None:
    assert parallel.default_jobs() >= 1


def test_help_imports_no_heavy_module() -> None:
    """``fawbrief --help`` stays as fast as importing click: every command imports its work lazily."""
    code = textwrap.dedent("""
        import sys
        from fawbrief.cli.main import main
        try:
            main(["--help"])
        except SystemExit:
            pass
        heavy = ("pptx", "matplotlib", "pydantic", "jinja2", "lxml", "babel", "yaml", "PIL", "numpy",
                 "concurrent.futures", "fawbrief.pipeline.build")
        print("heavy:", *[name for name in heavy if name in sys.modules])
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "heavy:"
