"""``fawbrief verify`` of all 30 variants against the build of the same 30, timed in the same run.

    python benchmarks/verify_bench.py [--runs N] [--json]

The build of the 30 variants is ``fawbrief build --all -a all`` and the same with ``--lang zh-CN`` (a build
makes one language), timed together; verify builds all 30 in memory, dumps each and compares it with its
golden. Both start from an empty chart and template cache each run, in fresh processes, interleaved so both
see the same machine load; the ratio is of the medians. Target: verify ≤ 1.5× the build. Exit 1 if missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from bench import REPO, child_env, fawbrief_cmd, log, run

LIMIT = 1.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each (default 5)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    cmd = fawbrief_cmd()
    samples: dict[str, list[float]] = {"verify_all_s": [], "build_all_30_s": []}
    with tempfile.TemporaryDirectory(prefix="fawbrief-verify-bench-") as tmp:
        root = Path(tmp)

        def verify(n: int) -> float:
            return run([*cmd, "verify"], child_env(root / f"cache-v{n}"))[0]

        def build(n: int) -> float:
            env, out = child_env(root / f"cache-b{n}"), root / f"out-{n}"
            return sum(run([*cmd, "build", "--all", "-a", "all", *lang, "-o", str(out)], env)[0]
                       for lang in ([], ["--lang", "zh-CN"]))

        verify(-1), build(-1)  # warm-up: bytecode, the OS file cache
        for n in range(args.runs):
            samples["verify_all_s"].append(verify(n))
            samples["build_all_30_s"].append(build(n))
            log(f"run {n + 1}: verify {samples['verify_all_s'][-1]:.2f} s, build {samples['build_all_30_s'][-1]:.2f} s")
    medians = {key: round(statistics.median(values), 3) for key, values in samples.items()}
    ratio = round(medians["verify_all_s"] / medians["build_all_30_s"], 3)
    result = {**medians, "verify_vs_build_ratio": ratio, "limit": LIMIT, "ok": ratio <= LIMIT,
              "samples": {key: [round(v, 3) for v in values] for key, values in samples.items()}, "repo": str(REPO)}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"verify of all 30 variants: {medians['verify_all_s']} s; build of the same 30: "
              f"{medians['build_all_30_s']} s; ratio {ratio} (target ≤ {LIMIT}) {'✓' if ratio <= LIMIT else '✗'}")
    sys.exit(0 if ratio <= LIMIT else 1)


if __name__ == "__main__":
    main()
