"""Writing deck variants, serially or in parallel processes (``build -j N``).

The caller composes every variant first (``build.compose_variants``), so all
input errors are reported together before anything is written, and opens the
theme once; then the ``.pptx`` bytes are written here, serially or by ``jobs``
forked worker processes; publishing stays with the caller, which holds the
output lock. Writing is deterministic, so the bytes do not depend on ``jobs``.

Workers are forked after the slide models exist, so they inherit the models,
the opened theme and every imported module instead of loading them again; the
``write`` callable and the models travel by fork, never by pickling, and only
the finished bytes come back. ``before_fork`` lets the caller load what every
worker will need (matplotlib when charts must be drawn) once, in the parent, and
says whether charts will be drawn: then, by default, every variant may get its own
worker (a cold build of three decks uses both cores of a two-core machine), else
one worker is started per two variants.
Each worker gets one contiguous run of variants, so a deck's audiences stay
together and share chart pictures through the cache. Where fork is not
available the build is serial. The workers themselves (dying with their
parent, silent on Ctrl-C) are ``workers.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fawbrief.core.errors import FawbriefError, raise_all
from fawbrief.core.progress import Progress, counted
from fawbrief.model.slides import DeckSpec
from fawbrief.pipeline import workers

Write = Callable[[DeckSpec], Any]  # a deck's bytes, or what the caller makes of them in the worker
Written = Callable[[int, Any], None]

#: By default a worker process is started only for every two variants: starting one (fork, pool,
#: warming matplotlib's font caches) costs about as much as writing one deck.
MIN_PER_WORKER = 2
STAGE = "writing"  # what progress hears this stage called

def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def write_variants(specs: list[DeckSpec], write: Write, jobs: int | None = None,
                   before_fork: Callable[[list[DeckSpec]], bool] | None = None,
                   progress: Progress | None = None, on_written: Written | None = None) -> list[Any]:
    """``write(spec)`` for every spec, in order, serially or in ``jobs`` forked workers (None: see above);
    ``progress`` hears of each deck as it is done, whichever worker wrote it, and ``on_written(i, result)``
    gets what ``write`` returned then, in this process (``build --pdf`` starts converting the deck while the
    others are written)."""
    if (jobs is None or jobs > 1) and len(specs) > 1 and _can_fork():
        # Drawing charts costs far more than starting a worker: then one per variant pays off.
        drawing = before_fork(specs) if before_fork is not None else False
        if jobs is None:
            jobs = min(default_jobs(), len(specs) // (1 if drawing else MIN_PER_WORKER))
        jobs = min(jobs, len(specs))
        if jobs > 1:
            return _write_in_workers(specs, write, jobs, progress, on_written)
    done = []
    for index, spec in enumerate(counted(progress, STAGE, specs)):
        done.append(write(spec))
        if on_written is not None:
            on_written(index, done[-1])
    return done


def _can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(os, "waitstatus_to_exitcode")


def _write_in_workers(specs: list[DeckSpec], write: Write, jobs: int, progress: Progress | None,
                      on_written: Written | None) -> list[Any]:
    """Fork ``jobs`` workers, each writing one contiguous run of ``specs``; what ``write`` returned, in order."""
    chunk = -(-len(specs) // jobs)
    runs = [range(start, min(start + chunk, len(specs))) for start in range(0, len(specs), chunk)]
    if progress is not None:
        progress(STAGE, 0, len(specs))
    arrived = 0

    def heard(index: int, outcome: Any) -> None:
        nonlocal arrived
        arrived += 1
        if progress is not None:
            progress(STAGE, arrived, len(specs))
        if on_written is not None and not isinstance(outcome, _Failed):
            on_written(index, outcome)

    outcomes = workers.run(runs, lambda index: _write_one(specs, write, index), heard)
    for outcome in outcomes:
        if isinstance(outcome, _Failed):
            raise_all(outcome.errors)  # a bad theme fails every variant alike: report it once
    return outcomes


@dataclass(frozen=True)
class _Failed:
    """A variant's input errors, sent back as data: an error that holds others does not pickle as itself."""

    errors: list[FawbriefError]


def _write_one(specs: Sequence[DeckSpec], write: Write, index: int) -> Any:
    try:
        return write(specs[index])
    except FawbriefError as exc:
        return _Failed(list(getattr(exc, "errors", [exc])))
