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

from fawbrief.core.errors import FawbriefError, raise_all
from fawbrief.model.slides import DeckSpec
from fawbrief.pipeline import workers

Write = Callable[[DeckSpec], bytes]

#: By default a worker process is started only for every two variants: starting one (fork, pool,
#: warming matplotlib's font caches) costs about as much as writing one deck.
MIN_PER_WORKER = 2

def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def write_variants(specs: list[DeckSpec], write: Write, jobs: int | None = None,
                   before_fork: Callable[[list[DeckSpec]], bool] | None = None) -> list[bytes]:
    """``write(spec)`` for every spec, in order, serially or in ``jobs`` forked workers (None: see above)."""
    if (jobs is None or jobs > 1) and len(specs) > 1 and _can_fork():
        # Drawing charts costs far more than starting a worker: then one per variant pays off.
        drawing = before_fork(specs) if before_fork is not None else False
        if jobs is None:
            jobs = min(default_jobs(), len(specs) // (1 if drawing else MIN_PER_WORKER))
        jobs = min(jobs, len(specs))
        if jobs > 1:
            return _write_in_workers(specs, write, jobs)
    return [write(spec) for spec in specs]


def _can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(os, "waitstatus_to_exitcode")


def _write_in_workers(specs: list[DeckSpec], write: Write, jobs: int) -> list[bytes]:
    """Fork ``jobs`` workers, each writing one contiguous run of ``specs``; their bytes, in order."""
    chunk = -(-len(specs) // jobs)
    runs = [range(start, min(start + chunk, len(specs))) for start in range(0, len(specs), chunk)]
    outcomes = workers.run(runs, lambda index: _write_one(specs, write, index))
    for outcome in outcomes:
        if isinstance(outcome, list):
            raise_all(outcome)  # a bad theme fails every variant alike: report it once
    return [outcome for outcome in outcomes if isinstance(outcome, bytes)]


def _write_one(specs: Sequence[DeckSpec], write: Write, index: int) -> bytes | list[FawbriefError]:
    try:
        return write(specs[index])
    except FawbriefError as exc:  # sent back as data: an error that holds others does not pickle as itself
        return list(getattr(exc, "errors", [exc]))
