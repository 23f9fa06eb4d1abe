"""What the citation checks add to a warm build of the built-in project (issue 13's bar: at most 50 ms).

    python benchmarks/citations.py [RUNS]

Times, in one process with everything warm, the three executive decks composed and written with the checks
and without them (interleaved, so both see the same load), and the checks alone; prints medians and the
difference. Needs the source documents in ``sources/`` (otherwise the checks have nothing to read).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from fawbrief.core.build_date import DEFAULT_BUILD_TIME
from fawbrief.facts.base import load_factbase
from fawbrief.pipeline.build import BUILTIN, BuildRequest, build
from fawbrief.project.sources import check_sources


def _build(out: Path, sources: Path | None) -> float:
    start = time.perf_counter()
    build(BuildRequest(decks=(), out_dir=out, data_dir=BUILTIN / "data", sources=sources,
                       build_time=DEFAULT_BUILD_TIME, jobs=1))
    return time.perf_counter() - start


def main(runs: int) -> None:
    sources = BUILTIN / "sources"
    factbase = load_factbase(BUILTIN / "data")
    report = check_sources(sources, factbase)
    if report.missing:
        sys.exit(f"put the source documents in {sources} first")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        _build(out, sources), _build(out, None)  # warm: templates compiled, charts cached
        checked, plain, alone = [], [], []
        for _ in range(runs):
            checked.append(_build(out, sources))
            plain.append(_build(out, None))
            start = time.perf_counter()
            check_sources(sources, factbase)
            alone.append(time.perf_counter() - start)
    ms = {name: statistics.median(values) * 1000 for name, values in
          (("with checks", checked), ("without", plain), ("checks alone", alone))}
    for name, value in ms.items():
        print(f"{name:>14}: {value:7.1f} ms (median of {runs})")
    print(f"{'added':>14}: {ms['with checks'] - ms['without']:7.1f} ms (bar: 50 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
