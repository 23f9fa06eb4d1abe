"""The verify report: a summary first, then one word-marked diff per changed slide; or the same as JSON.

The summary's first line counts the goldens (same, changed, new, stale); then one line per change in the
inputs — ``fact jiefang.exports.annual_units: value 60000 → 65000`` — each followed by the variants and
slides it touches; then the new and stale goldens with the command that settles them. ``--stat`` prints the
summary alone. ``rerun`` is the command line that repeats this run (``fawbrief -C … verify --golden …``), so
a hint names every option the user needs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fawbrief.golden.changes import Change
from fawbrief.golden.outcome import Outcome, Variant
from fawbrief.golden.verify import VerifyReport
from fawbrief.golden.words import Paint, plain, unified

LONG = 70  # a value longer than this is shown cut, with its length


def render(report: VerifyReport, shown: Path, *, stat: bool = False, paint: Paint = plain,
           rerun: str = "fawbrief verify") -> str:
    """The whole report as text (ending in a newline)."""
    lines = summary(report, shown, paint=paint, rerun=rerun)
    if not stat:
        for outcome in report.outcomes:
            if outcome.status == "changed":
                lines += ["", *variant_diff(outcome, shown, paint)]
    return "\n".join(lines) + "\n"


def summary(report: VerifyReport, shown: Path, *, paint: Paint = plain, rerun: str = "fawbrief verify") -> list[str]:
    """The summary's lines: counts, each change with what it touches, the new and stale goldens."""
    counts = {status: len(report.named(status)) for status in ("same", "changed", "new", "stale")}
    lines = [paint("head", f"verify: {report.checked} variant(s) against {shown}: "
                           + ", ".join(f"{n} {status}" for status, n in counts.items()))]
    for change in report.changes:
        lines.append(paint("head", describe(change)))
        groups: dict[str, list[str]] = {}
        for label, numbers in change.touches.items():
            groups.setdefault(_slides(numbers), []).append(label)
        lines.extend(f"  {', '.join(labels)}: {slides}" for slides, labels in groups.items())
    for outcome in report.named("new"):
        lines.append(paint("head", f"new {outcome.variant.label}: no golden {shown / outcome.name}")
                     + f" (add it: {_command(rerun, [outcome.variant])} --update)")
    for outcome in report.elsewhere:
        lines.append(f"not checked {shown / outcome.name}: its audience {outcome.variant.audience!r} comes from a "
                     "template folder this run does not have (pass it with -t DIR)")
    for outcome in report.named("stale"):
        lines.append(paint("head", f"stale {shown / outcome.name}: {outcome.variant.label} is no longer a variant")
                     + f" (remove it: {rerun} --update)")
    return lines


def describe(change: Change) -> str:
    """One line naming a change: what, which, and each field old → new."""
    if change.kind == "unrecorded":
        return ("slides differ in goldens the record (fawbrief-goldens.json) has no inputs for: "
                "update them to start one")
    if change.kind == "unexplained":
        return "slides differ with no change in the recorded facts, catalogs or templates (fawbrief itself, the theme)"
    what = {"fact": "fact", "message": f"catalog entry ({change.lang})", "template": "template",
            "deck": "deck entry", "audience": "audience entry"}[change.kind]
    name = json.dumps(change.key, ensure_ascii=False) if change.kind == "message" else change.key
    if change.status != "changed" or change.kind == "template":
        return f"{what} {name} {change.status}"
    fields = ", ".join(f"{field} {_value(old)} → {_value(new)}" if change.kind != "message"
                       else f"{_value(old)} → {_value(new)}" for field, old, new in change.fields)
    return f"{what} {name}: {fields}"


def variant_diff(outcome: Outcome, shown: Path, paint: Paint = plain) -> list[str]:
    """One variant's per-slide diffs, each under ``=== deck/audience · slide N: title``."""
    lines: list[str] = []
    for slide in outcome.slides:
        where = "deck title" if slide.number == "deck title" else f"slide {slide.number}: {slide.title}"
        note = {"added": " (added)", "removed": " (removed)"}.get(slide.kind, "")
        lines.append(paint("head", f"=== {outcome.variant.label} · {where}{note}"))
        lines += unified(slide.before, slide.after, f"{shown / outcome.name} (golden)", "built now", paint)
    return lines


def as_json(report: VerifyReport, shown: Path) -> str:
    """The report for scripts: every golden's status and changed slides, the changes, what was written."""
    body: dict[str, Any] = {
        "ok": report.ok,
        "golden": shown.as_posix(),
        "counts": {status: len(report.named(status)) for status in ("same", "changed", "new", "stale")},
        "variants": [{"variant": o.variant.label, **o.variant.as_dict(), "golden": o.name, "status": o.status,
                      "slides": [{"number": s.number, "title": s.title, "kind": s.kind} for s in o.slides]}
                     for o in report.outcomes],
        "changes": [change.as_dict() for change in report.changes],
        "not_checked": [o.name for o in report.elsewhere],
        "updated": report.updated, "added": report.added, "removed": report.removed,
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _command(rerun: str, chosen: list[Variant]) -> str:
    variant = chosen[0]
    lang = "" if variant.lang == variant.source else f" --lang {variant.lang}"
    return f"{rerun} {variant.deck} -a {variant.audience}{lang}"


def _slides(numbers: list[str]) -> str:
    if not numbers:
        return "(no slide)"
    shown = ["deck title" if n == "deck title" else n for n in numbers]
    return ("slide " if len(shown) == 1 else "slides ") + ", ".join(shown)


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, int | float) else str(value)
    return text if len(text) <= LONG else f"{text[:LONG - 1]}…\" ({len(text)} characters)"
