"""Golden files: every deck variant's dump, kept in ``tests/golden/`` and compared on demand.

``verify`` builds every variant the catalog knows (every deck × audience ×
language) in memory — nothing is written to ``output/`` — dumps each deck as
Markdown (``dump``) and compares it with ``<golden>/<deck>-<audience>[-<lang>].md``.
A difference is reported per changed slide as a unified diff under a header
naming the variant, the slide number and its title; slides are aligned first, so
an inserted slide shows as one added slide, not as every later slide changed.
A golden without a variant (a removed audience) and a variant without a golden
are differences too. With ``update`` the goldens are rewritten instead and the
report says which were changed, added and removed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from fawbrief.core.build_date import DEFAULT_BUILD_TIME
from fawbrief.core.errors import InputError, OutputError
from fawbrief.pipeline.build import BUILTIN, Project, compose_variants, load_project, output_name, write_decks
from fawbrief.read.dump import canonical
from fawbrief.read.dump_markdown import SLIDE_MARK, to_markdown
from fawbrief.write.writer import WriteOptions

DEFAULT_GOLDEN = BUILTIN / "tests" / "golden"
NOT_GOLDEN = {"README.md"}


@dataclass(frozen=True)
class Variant:
    """One deck × audience × language, as verify builds and names it."""

    deck: str
    audience: str
    lang: str
    source: str  # the project's source language, which file names and labels leave out

    @property
    def golden_name(self) -> str:
        """Its golden file's name: the deck's file name with ``.md``."""
        return Path(output_name(self.deck, self.audience, self.lang, self.source)).with_suffix(".md").name

    @property
    def label(self) -> str:
        """``deck/audience[/lang]``, as reports name it."""
        return f"{self.deck}/{self.audience}" + ("" if self.lang == self.source else f"/{self.lang}")


@dataclass
class VerifyReport:
    """What ``verify`` found (or, with ``update``, did); ``diffs`` are ready to print."""

    checked: int = 0
    diffs: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every golden matched (nothing changed, added or removed)."""
        return not (self.changed or self.added or self.removed)


def variants(project: Project) -> list[Variant]:
    """Every deck × audience × language the catalog knows, in catalog order."""
    languages = project.factbase.languages
    return [Variant(deck, audience, lang, languages.source.code) for deck in project.catalog.decks
            for audience in project.catalog.audiences for lang in languages.codes]


def build_dumps(project: Project, build_time: datetime, charts: str = "image") -> dict[str, str]:
    """Golden file name → Markdown dump of that variant, built in memory by the build's own stages."""
    every = variants(project)
    specs = compose_variants(project, [(v.deck, v.audience, v.lang) for v in every], build_time)
    decks = write_decks(specs, None, WriteOptions(charts=charts), jobs=1)  # in this process, as ever
    return {v.golden_name: to_markdown(canonical(data, v.golden_name)) for v, data in zip(every, decks, strict=True)}


def verify(golden_dir: Path, data_dir: Path, template_dirs: tuple[Path, ...] = (), *,
           build_time: datetime = DEFAULT_BUILD_TIME, update: bool = False) -> VerifyReport:
    """Compare (or with ``update``, rewrite) the goldens in ``golden_dir`` against fresh builds."""
    project = load_project(data_dir, template_dirs)
    labels = {v.golden_name: v.label for v in variants(project)}
    built = build_dumps(project, build_time)
    golden = _read_goldens(golden_dir)
    report = VerifyReport(checked=len(built))
    for name, text in built.items():
        if name not in golden:
            report.added.append(name)
            report.diffs.append(_missing(labels[name], golden_dir / name))
        elif golden[name] != text:
            report.changed.append(name)
            report.diffs.extend(slide_diffs(labels[name], golden_dir / name, golden[name], text)
                                or [_diff(labels[name], golden_dir / name, golden[name], text)])
    for name in sorted(set(golden) - set(built)):
        report.removed.append(name)
        report.diffs.append(f"=== {name}: golden for a variant that no longer exists ({golden_dir / name})\n")
    if update:
        _write_goldens(golden_dir, built, report)
    return report


def slide_diffs(label: str, path: Path, old: str, new: str) -> list[str]:
    """One unified diff per changed slide, headed ``=== deck/audience · slide N: title``."""
    old_head, old_slides = split_slides(old)
    new_head, new_slides = split_slides(new)
    out = []
    if old_head != new_head:
        out.append(_diff(f"{label} · deck title", path, old_head, new_head))
    # Align on content without the slide number, so an inserted slide does not renumber-diff all later ones.
    matcher = difflib.SequenceMatcher(a=[_unnumbered(s) for s in old_slides], b=[_unnumbered(s) for s in new_slides],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = old_slides[i1:i2], new_slides[j1:j2]
        for k in range(max(len(olds), len(news))):
            before = olds[k] if k < len(olds) else ""
            after = news[k] if k < len(news) else ""
            heading = (after or before).splitlines()[0].removeprefix(SLIDE_MARK)
            out.append(_diff(f"{label} · slide {heading}", path, before, after))
    return out


def split_slides(text: str) -> tuple[str, list[str]]:
    """A Markdown dump as its head (the deck title) and one section per slide."""
    head: list[str] = []
    slides: list[list[str]] = []
    for line in text.splitlines(keepends=True):
        if line.startswith(SLIDE_MARK):
            slides.append([])
        (slides[-1] if slides else head).append(line)
    return "".join(head), ["".join(slide) for slide in slides]


def _unnumbered(section: str) -> str:
    return re.sub(rf"^{SLIDE_MARK}\d+:", SLIDE_MARK, section, count=1)


def _diff(heading: str, path: Path, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), fromfile=f"{path} (golden)",
                                 tofile="built now", lineterm="")
    return f"=== {heading}\n" + "\n".join(lines) + "\n"


def _missing(label: str, path: Path) -> str:
    return f"=== {label}: no golden file {path} (add it with fawbrief verify --update)\n"


def _read_goldens(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    try:
        return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))
                if path.name not in NOT_GOLDEN}
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read goldens: {exc}", path=folder) from None


def _write_goldens(folder: Path, built: dict[str, str], report: VerifyReport) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in [*report.changed, *report.added]:
            (folder / name).write_text(built[name], encoding="utf-8", newline="\n")
        for name in report.removed:
            (folder / name).unlink()
    except OSError as exc:
        raise OutputError(f"cannot write goldens: {exc.strerror or exc}", path=folder) from None
