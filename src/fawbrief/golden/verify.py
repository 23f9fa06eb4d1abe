"""Golden files: the project's variants' dumps, kept in its golden folder and compared on demand.

``verify`` builds the selected variants (every deck × audience × language unless filtered) in memory —
nothing is written to ``output/`` — with the build's own stages and the project's theme, dumps each deck as
Markdown in the worker that wrote it, and compares it with ``<golden>/<deck>-<audience>[-<lang>].md``. Each
golden is ``same``, ``changed``, ``new`` (no file yet) or ``stale`` (the record names it, but the project no
longer has its variant). With ``update`` the selected variants' goldens are written and stale ones that
``verify`` wrote are deleted; nothing else in the folder is touched (``store.py``). What changed in the inputs,
and which slides it moved, is ``changes.py``; the report's text is ``report.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fawbrief.charts.cache import cache_dir
from fawbrief.core.build_date import GOLDEN_BUILD_TIME
from fawbrief.core.progress import Progress
from fawbrief.golden import store
from fawbrief.golden.changes import Change, find_changes
from fawbrief.golden.inputs import digest, snapshot
from fawbrief.golden.outcome import Outcome, Variant, compare
from fawbrief.model.slides import DeckSpec
from fawbrief.pipeline.build import BUILTIN, Project, compose_variants, load_project, write_decks
from fawbrief.read.dump import canonical
from fawbrief.read.dump_markdown import to_markdown
from fawbrief.write.writer import WriteOptions

DEFAULT_GOLDEN = BUILTIN / "tests" / "golden"


@dataclass
class VerifyReport:
    """What ``verify`` found (and, with ``update``, did) for the selected variants."""

    folder: Path
    outcomes: list[Outcome] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    recorded: bool = True  # whether the record knew every differing golden's inputs
    elsewhere: list[Outcome] = field(default_factory=list)  # goldens of audiences from a -t folder not given

    @property
    def checked(self) -> int:
        """How many variants were built and compared."""
        return sum(outcome.status != "stale" for outcome in self.outcomes)

    def named(self, status: str) -> list[Outcome]:
        """The outcomes with ``status``."""
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def ok(self) -> bool:
        """Whether every selected golden matched and none is stale."""
        return all(outcome.status == "same" for outcome in self.outcomes)


def variants(project: Project) -> list[Variant]:
    """Every deck × audience × language the catalog knows, in catalog order."""
    languages = project.factbase.languages
    return [Variant(deck, audience, lang, languages.source.code) for deck in project.catalog.decks
            for audience in project.catalog.audiences for lang in languages.codes]


def select(project: Project, decks: Sequence[str] = (), audiences: Sequence[str] = (),
           langs: Sequence[str] = ()) -> list[Variant]:
    """The variants the filters name (none given: all), in catalog order; an unknown deck, audience or
    language is an input error naming the known ones."""
    for deck in decks:
        project.catalog.deck(deck)
    for audience in audiences:
        if audience != "all":
            project.catalog.audience(audience)
    for lang in langs:
        project.language(lang)
    return [v for v in variants(project) if _matches(v.as_dict(), decks, audiences, langs)]


def _matches(variant: Mapping[str, str], decks: Sequence[str], audiences: Sequence[str],
             langs: Sequence[str]) -> bool:
    return ((not decks or variant.get("deck") in decks)
            and (not audiences or "all" in audiences or variant.get("audience") in audiences)
            and (not langs or variant.get("lang") in langs))


def build_dumps(project: Project, chosen: Sequence[Variant], build_time: datetime, *, charts: str = "image",
                theme: Path | None = None, layouts: Mapping[str, str] | None = None,
                warn: Callable[[str], None] | None = None, jobs: int | None = None,
                progress: Progress | None = None) -> dict[str, str]:
    """Golden file name → Markdown dump of each chosen variant, built in memory by the build's own stages
    (written and dumped in the build's workers: ``jobs`` as for ``build``; ``progress`` hears how many
    variants are composed and written)."""
    specs = compose_variants(project, [(v.deck, v.audience, v.lang) for v in chosen], build_time, progress)

    def dumped(spec: DeckSpec, data: bytes) -> bytes:
        name = Path(project.output_name(spec.deck, spec.audience, spec.lang)).with_suffix(".md").name
        return to_markdown(canonical(data, name)).encode("utf-8")

    texts = write_decks(specs, theme, WriteOptions(charts=charts), jobs=jobs, layouts=layouts, warn=warn,
                        then=dumped, progress=progress)
    return {v.golden_name: text.decode("utf-8") for v, text in zip(chosen, texts, strict=True)}


def verify(golden_dir: Path, data_dir: Path, template_dirs: tuple[Path, ...] = (), *,
           decks: Sequence[str] = (), audiences: Sequence[str] = (), langs: Sequence[str] = (),
           build_time: datetime = GOLDEN_BUILD_TIME, update: bool = False, theme: Path | None = None,
           layouts: Mapping[str, str] | None = None, warn: Callable[[str], None] | None = None,
           jobs: int | None = None, project: Project | None = None, progress: Progress | None = None
           ) -> VerifyReport:
    """Compare (with ``update``: rewrite) the selected variants' goldens in ``golden_dir`` with fresh builds."""
    project = project or load_project(data_dir, template_dirs, bytecode_dir=cache_dir() / "templates")
    chosen = select(project, decks, audiences, langs)
    built = build_dumps(project, chosen, build_time, theme=theme, layouts=layouts, warn=warn, jobs=jobs,
                        progress=progress)
    record = store.read_record(golden_dir)
    report = VerifyReport(folder=golden_dir)
    for variant in chosen:
        report.outcomes.append(compare(variant, store.read_golden(golden_dir / variant.golden_name),
                                       built[variant.golden_name]))
    known = {v.golden_name for v in variants(project)}
    for name, entry in sorted(record.goldens.items()):
        if name not in known and _matches(entry, decks, audiences, langs):
            gone = Variant(entry.get("deck", "?"), entry.get("audience", "?"), entry.get("lang", "?"),
                           project.factbase.languages.source.code)
            if entry.get("audience_from") == "templates" and gone.audience not in project.catalog.audiences:
                report.elsewhere.append(Outcome(name, gone, "not checked"))  # never stale, never deleted
                continue
            report.outcomes.append(Outcome(name, gone, "stale", golden=store.read_golden(golden_dir / name)))
    snapshots = {lang: snapshot(project, lang) for lang in {v.lang for v in chosen}}
    report.changes, report.recorded = find_changes(report.outcomes, record, snapshots, project)
    if update:
        _update(golden_dir, report, snapshots, data_dir)
    return report


def _update(folder: Path, report: VerifyReport, snapshots: Mapping[str, dict[str, Any]], data_dir: Path) -> None:
    keys = {lang: digest(snap) for lang, snap in snapshots.items()}
    with store.updating(folder) as record:
        for outcome in report.outcomes:
            if outcome.status == "stale":
                if store.remove_golden(folder, outcome.name, record):
                    report.removed.append(outcome.name)
                continue
            if outcome.status in ("changed", "new"):
                store.write_golden(folder, outcome.name, outcome.built or "")
                (report.updated if outcome.status == "changed" else report.added).append(outcome.name)
            lang, variant = outcome.variant.lang, outcome.variant.as_dict()
            if not (data_dir / "audiences" / f"{outcome.variant.audience}.yaml").is_file():
                variant["audience_from"] = "templates"  # a -t folder's audience: without it, not stale
            store.remember(record, outcome.name, variant, keys[lang], snapshots[lang])


def check_one(project: Project, folder: Path, variant: Variant, built: str) -> tuple[Outcome, list[Change], bool]:
    """One variant against its golden, with the input changes that touch it (the pytest plugin's test)."""
    outcome = compare(variant, store.read_golden(folder / variant.golden_name), built)
    changes, recorded = find_changes([outcome], store.read_record(folder), {variant.lang: snapshot(project,
                                                                                                   variant.lang)},
                                     project)
    return outcome, changes, recorded


def update_one(project: Project, folder: Path, outcome: Outcome, data_dir: Path) -> None:
    """Write one variant's golden and its record entry (the plugin's update; safe across xdist workers)."""
    report = VerifyReport(folder=folder, outcomes=[outcome])
    _update(folder, report, {outcome.variant.lang: snapshot(project, outcome.variant.lang)}, data_dir)
