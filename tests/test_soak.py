"""Soak (issue 19, opt-in: ``pytest -m slow tests/test_soak.py -s``): 100 random SIGINT, SIGTERM or SIGKILL at a
random moment of a 15-deck build (``fawbrief build --all -a all -o DIR``). After each: exactly one complete set
of decks, the previous or the new one (sha256 of every deck); after SIGINT/SIGTERM no stray file at once, after
SIGKILL none once the next build has recovered the folder; no process of the build left; the message true.

``FAWBRIEF_SOAK=N`` runs N iterations instead of 100; ``FAWBRIEF_SOAK_REPORT=FILE`` writes the figures as JSON.
Half the builds rename slowly (50 ms per deck, as on a slow filesystem), so that many signals land while the
decks are being swapped in, the moment that matters most.
"""

from __future__ import annotations

import collections
import hashlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

HARNESS = Path(__file__).with_name("fault_harness.py")
DECKS = sorted(f"{deck}-{audience}.pptx" for deck in ("jiefang", "faw-vw", "auto-city")
               for audience in ("executive", "government", "investor", "media", "partner"))
EPOCHS = {"old": "1767225600", "new": "1798761600"}  # 2026-01-01 and 2027-01-01: the same decks, other bytes
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)
SLOW_RENAME = 0.05


@pytest.fixture(autouse=True)
def _only_with_marker(request: pytest.FixtureRequest) -> None:
    if "slow" not in (request.config.option.markexpr or ""):
        pytest.skip("slow: run with -m slow")


def build_command(out: Path) -> list[str]:
    return [sys.executable, str(HARNESS), "build", "--all", "-a", "all", "-o", str(out)]


def environment(tmp: Path, which: str, slow: bool) -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCHS[which], "FAWBRIEF_CACHE_DIR": str(tmp / "cache")}
    if slow:
        env.update(FAULT_SLOW_REPLACE=str(SLOW_RENAME), FAULT_MARKS=str(tmp / "marks"))
    return env


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def session_members(sid: int) -> list[int]:
    """Live processes of the build's session (its workers included): none may outlive it."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def reference_sets(tmp: Path) -> tuple[dict[str, dict[str, str]], float]:
    """The digests of a complete old and new set, and how long a build takes here (median of four)."""
    sets, times = {}, []
    for which in ("old", "new", "old", "new"):
        folder = tmp / f"ref-{which}"
        started = time.monotonic()
        proc = subprocess.run(build_command(folder), env=environment(tmp, which, slow=False), capture_output=True,
                              text=True, timeout=600)
        times.append(time.monotonic() - started)
        assert proc.returncode == 0, proc.stderr
        sets[which] = digests(folder)
        assert sorted(sets[which]) == DECKS
    assert sets["old"] != sets["new"]
    return sets, statistics.median(times[1:])  # the first build draws the charts


def which_set(found: dict[str, str], sets: dict[str, dict[str, str]]) -> str | None:
    return next((name for name, expected in sets.items() if found == expected), None)


@pytest.mark.slow
def test_soak_random_signals_during_a_full_build(tmp_path: Path) -> None:
    from fawbrief.pipeline.publish import recover

    iterations = int(os.environ.get("FAWBRIEF_SOAK", "100"))
    rng = random.Random(int(os.environ.get("FAWBRIEF_SOAK_SEED", "19")))
    sets, duration = reference_sets(tmp_path)
    out = tmp_path / "out"
    subprocess.run(build_command(out), env=environment(tmp_path, "old", slow=False), check=True, capture_output=True)
    current = "old"
    tally: collections.Counter[str] = collections.Counter()
    exits: list[float] = []
    slowest: list[tuple[float, str, int]] = []
    for iteration in range(iterations):
        target = "new" if current == "old" else "old"
        sig = rng.choice(SIGNALS)
        slow = rng.random() < 0.5
        group = sig != signal.SIGKILL and rng.random() < 0.5
        delay = rng.uniform(0, duration + (len(DECKS) * SLOW_RENAME if slow else 0))
        (tmp_path / "marks").write_text("")
        proc = subprocess.Popen(build_command(out), env=environment(tmp_path, target, slow), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        time.sleep(delay)
        sent = time.monotonic()
        if proc.poll() is None:
            (os.killpg if group else os.kill)(proc.pid, sig)
        stdout, stderr = proc.communicate(timeout=120)
        exits.append(time.monotonic() - sent)
        where = f"iteration {iteration}: {signal.Signals(sig).name} after {delay:.2f} s (slow={slow}, group={group})"
        deadline = time.monotonic() + 5
        while session_members(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert session_members(proc.pid) == [], f"{where}: processes of the build outlived it"
        found = digests(out)
        slowest.append((round(exits[-1], 2), where, proc.returncode))
        if proc.returncode == -signal.SIGKILL:
            recover(out)  # what the next build does first, under the folder's lock
            tally["killed, then recovered" if found != digests(out) else "killed, nothing to recover"] += 1
            found = digests(out)
        landed = which_set(found, sets)
        assert landed is not None, f"{where}: not one complete set: {sorted(found)}"
        if proc.returncode == 0:
            assert (landed, stderr) == (target, ""), where
        elif proc.returncode == 130:
            published = "after publishing" in stderr
            assert len(stderr.splitlines()) == 1, f"{where}: {stderr}"
            assert landed == (target if published else current), f"{where}: {stderr.strip()} but {landed} set"
        elif proc.returncode != -signal.SIGKILL:  # Python's own handling: before fawbrief took over, or after it
            assert "fawbrief:" not in stderr, f"{where}: exit {proc.returncode}: {stderr}"
            if landed == current:
                tally["signal while Python was still loading fawbrief: nothing done"] += 1
            else:  # the build had finished, printed its decks, and the signal came as Python exited
                assert (landed, len(stdout.split())) == (target, len(DECKS)), f"{where}: {stdout}"
                tally["signal after the build had finished, as Python exited"] += 1
        tally[f"{signal.Signals(sig).name}: {'finished first' if proc.returncode == 0 else 'stopped'}, "
              f"{'new' if landed == target else 'previous'} set"] += 1
        if proc.returncode != 0 and landed == current and "replace " in (tmp_path / "marks").read_text():
            tally[f"{signal.Signals(sig).name}: landed while decks were being replaced, all put back"] += 1
        current = landed
    final = subprocess.run(build_command(out), env=environment(tmp_path, "new", slow=False), capture_output=True,
                           text=True, timeout=600)
    assert final.returncode == 0, final.stderr
    assert sorted(os.listdir(out)) == DECKS, "stray files after the next build"
    assert digests(out) == sets["new"]
    report = {"iterations": iterations, "build_seconds": round(duration, 2), "outcomes": dict(sorted(tally.items())),
              "exit_after_signal_seconds": {"median": round(statistics.median(exits), 3),
                                            "max": round(max(exits), 3)},
              "slowest_exits": sorted(slowest, reverse=True)[:3]}
    print(json.dumps(report, indent=2))
    if os.environ.get("FAWBRIEF_SOAK_REPORT"):
        Path(os.environ["FAWBRIEF_SOAK_REPORT"]).write_text(json.dumps(report, indent=2), encoding="utf-8")
