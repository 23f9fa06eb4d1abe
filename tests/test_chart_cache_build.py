"""The chart cache as a build sees it: a rebuild hits, a changed fact or chart style misses,
and a build whose pictures are all cached never imports matplotlib."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fawbrief.charts import cache as chart_cache
from fawbrief.charts import render_mpl
from fawbrief.model.slides import ChartSpec
from fawbrief.pipeline.build import BuildRequest, build


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "charts"
    monkeypatch.setenv("FAWBRIEF_CACHE_DIR", str(folder))
    return folder


@pytest.fixture()
def renders(monkeypatch: pytest.MonkeyPatch) -> list[ChartSpec]:
    calls: list[ChartSpec] = []
    real = render_mpl.render_png

    def counting(spec: ChartSpec, width_in: float, height_in: float, dpi: int = 200, *palette: object) -> bytes:
        calls.append(spec)
        return real(spec, width_in, height_in, dpi, *palette)

    monkeypatch.setattr(render_mpl, "render_png", counting)
    return calls


def jiefang(out: Path, data: Path | None = None) -> bytes:
    request = BuildRequest(decks=("jiefang",), out_dir=out, jobs=1, **({"data_dir": data} if data else {}))
    (path,) = build(request)
    return path.read_bytes()


def keys(folder: Path) -> set[str]:
    return {p.stem for p in folder.glob("*.png")}


def test_rebuild_hits_every_chart(tmp_path: Path, cache: Path, renders: list[ChartSpec]) -> None:
    first = jiefang(tmp_path / "a")
    drawn = len(renders)
    assert drawn == 2 and len(keys(cache)) == 2  # the Canton Fair bar chart and the target chart
    assert jiefang(tmp_path / "b") == first
    assert len(renders) == drawn  # nothing drawn again


def test_a_changed_fact_changes_the_picture_key(tmp_path: Path, cache: Path, data_copy: Path,
                                                renders: list[ChartSpec]) -> None:
    jiefang(tmp_path / "a", data_copy)
    before = keys(cache)
    facts = data_copy / "facts" / "jiefang.yaml"
    text = facts.read_text(encoding="utf-8")
    assert text.count("    value: 60000\n") == 1  # jiefang.exports.annual_units, on the target chart
    facts.write_text(text.replace("    value: 60000\n", "    value: 65000\n"), encoding="utf-8")
    jiefang(tmp_path / "b", data_copy)
    after = keys(cache)
    assert len(after - before) == 1  # the target chart under a new key; the bar chart hit
    # the first build draws both charts, in the deck's order (content reviewers move slides: order-free);
    # the rebuild draws the changed target chart only
    assert sorted(spec.kind for spec in renders[:2]) == ["bar", "target_actual"]
    assert [spec.kind for spec in renders[2:]] == ["target_actual"]
    changed = renders[-1].series[0].points[0]
    assert (changed.fact, changed.value) == ("jiefang.exports.annual_units", 65000)


def test_a_changed_chart_style_misses(tmp_path: Path, cache: Path, renders: list[ChartSpec],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    jiefang(tmp_path / "a")
    monkeypatch.setattr(chart_cache, "STYLE_VERSION", "a-new-palette")
    jiefang(tmp_path / "b")
    assert len(renders) == 4 and len(keys(cache)) == 4


def test_preload_renderer_only_for_an_empty_cache(tmp_path: Path) -> None:
    chart = ChartSpec("bar", "t", ())
    assert chart_cache.preload_renderer([], cache_dir=tmp_path) is False  # no charts: nothing to draw
    (tmp_path / "0123.png").write_bytes(b"")
    assert chart_cache.preload_renderer([chart], cache_dir=tmp_path) is False  # may all hit: stay lazy
    assert chart_cache.preload_renderer([chart], cache_dir=tmp_path / "empty") is True
    assert "matplotlib.figure" in sys.modules


@pytest.mark.parametrize("jobs", [1, 2])
def test_warm_build_does_not_import_matplotlib(tmp_path: Path, jobs: int) -> None:
    code = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from fawbrief.pipeline.build import BuildRequest, build
        build(BuildRequest(decks=("jiefang", "auto-city"), out_dir=Path(sys.argv[1]), jobs={jobs}))
        print(json.dumps("matplotlib" in sys.modules))
    """)
    env = {**os.environ, "FAWBRIEF_CACHE_DIR": str(tmp_path / "charts")}
    runs = [subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")], capture_output=True, text=True,
                           check=True, env=env) for _ in range(2)]
    assert json.loads(runs[0].stdout) is True  # cold: drawn here (-j 1) or loaded here before forking (-j 2)
    assert json.loads(runs[1].stdout) is False  # warm: every chart hits, matplotlib is never loaded
