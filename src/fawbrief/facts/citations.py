"""Every citation checked against the document it cites, by the tool itself.

A cited fact names a document, a place in it (a body ``paragraph``, counted as a reader counts them, or a
``part`` of its front matter: the title, dateline or byline lines, which ``sources.yaml`` lists per
document) and a verbatim ``excerpt``; a numeric fact also gives its ``figure`` as the excerpt writes it.
The checks: the excerpt stands in that place (comparing with whitespace and quote marks normalised, nothing
else), the figure stands in the excerpt, the figure parses to the fact's value, the hedge before the figure
("over", "nearly") is the fact's qualifier, and each item of a text fact stands in its excerpt. Every
problem is one ``InputError`` at the fact's own file and line, with the nearest passage of the document as
the hint; all problems are reported together.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from fawbrief.core.errors import InputError
from fawbrief.facts.figures import hedge_before, occurrences, parse_figure
from fawbrief.facts.schema import Document, Fact, Source

_QUOTES = str.maketrans({"’": "'", "‘": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'})
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+")


def normalise(text: str) -> str:
    """Whitespace runs as one space, curly and straight quote marks alike: the only liberties a check takes."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


@dataclass(frozen=True)
class SourceText:
    """One document as read from the project's ``sources/``: its front lines by name and its body paragraphs."""

    document: str
    path: Path
    sha256: str
    front: Mapping[str, str]
    body: tuple[str, ...]

    def passages(self) -> Iterator[str]:
        """Every sentence of the document, front matter first: where a hint looks."""
        yield from self.front.values()
        for paragraph in self.body:
            yield from _SENTENCE.split(paragraph)


@dataclass
class SourceSet:
    """The documents found, and what could not be read (document id → why)."""

    texts: dict[str, SourceText] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    changed: dict[str, str] = field(default_factory=dict)  # document id → the sha256 it has now


def read_sources(documents: Mapping[str, Document], folder: Path) -> SourceSet:
    """Read each document's file from ``folder``; lines listed as front matter are not body paragraphs."""
    found = SourceSet()
    for doc_id, doc in documents.items():
        path = folder / doc.file
        try:
            data = path.read_bytes()
        except OSError as exc:
            found.missing[doc_id] = exc.strerror or str(exc)
            continue
        digest = hashlib.sha256(data).hexdigest()
        if doc.sha256 and doc.sha256 != digest:
            found.changed[doc_id] = digest
        lines = [line.strip() for line in data.decode("utf-8", errors="replace").splitlines() if line.strip()]
        front = {name: lines[n - 1] for name, n in doc.front.items() if 1 <= n <= len(lines)}
        skip = set(doc.front.values())
        body = tuple(line for n, line in enumerate(lines, start=1) if n not in skip)
        found.texts[doc_id] = SourceText(doc_id, path, digest, front, body)
    return found


def check_citations(facts: Iterable[Fact], texts: Mapping[str, SourceText],
                    places: Mapping[str, tuple[str, int | None]]) -> list[InputError]:
    """Every problem with every cited fact whose document is in ``texts``, each at the fact's file:line."""
    problems: list[InputError] = []
    for fact in facts:
        source = fact.source
        if source is None or source.document not in texts:
            continue
        path, line = places.get(fact.id, (None, None))
        for message, hint in _fact_problems(fact, texts[source.document]):
            problems.append(InputError(f"{fact.id}: {message}", path=path, line=line, hint=hint))
    return problems


def _fact_problems(fact: Fact, text: SourceText) -> Iterator[tuple[str, str | None]]:
    source = fact.source
    assert source is not None
    place, where = _place(source, text)
    if place is None:
        yield where, None
        return
    excerpt = normalise(source.excerpt)
    if excerpt not in normalise(place):
        yield f"excerpt is not in {text.document} {where}", _nearest(source.excerpt, text)
        return
    value = fact.value
    if fact.is_number:
        yield from _figure_problems(fact, excerpt)
    elif source.figure is not None:
        yield "a text fact has no figure", None
    else:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if normalise(str(item)) not in excerpt:
                yield f"value {item!r} is not in its excerpt", None


def _place(source: Source, text: SourceText) -> tuple[str | None, str]:
    part = source.part
    if part is not None:
        if part not in text.front:
            names = ", ".join(text.front) or "none"
            return None, f"{text.document} has no front-matter part {part!r} (parts: {names})"
        return text.front[part], part
    n = source.paragraph or 0
    if not 1 <= n <= len(text.body):
        return None, f"paragraph {n} is out of range: {text.document} has {len(text.body)} body paragraphs"
    return text.body[n - 1], f"paragraph {n}"


def _figure_problems(fact: Fact, excerpt: str) -> Iterator[tuple[str, str | None]]:
    source = fact.source
    assert source is not None
    figure = source.figure
    if figure is None:
        yield "a numeric fact needs `figure`: the number exactly as its excerpt writes it", None
        return
    starts = occurrences(normalise(figure), excerpt)
    if not starts:
        yield f"figure {figure!r} is not in its excerpt", None
        return
    parsed = parse_figure(figure)
    value = fact.value
    if parsed is None:
        yield f"figure {figure!r} is not a number this check can read", None
    elif Decimal(str(value)) != parsed:
        yield f"value {value!r} differs from its figure {figure!r} ({parsed:f})", None
    hedges = {hedge_before(excerpt, at) for at in starts}
    qualifier = fact.qualifier
    if qualifier not in hedges:
        said = " or ".join(sorted(repr(h) for h in hedges if h)) or "no qualifier"
        yield f"qualifier {qualifier!r} does not match its excerpt, which says {said}", None


def _nearest(excerpt: str, text: SourceText) -> str | None:
    wanted = normalise(excerpt)
    best, score = None, 0.0
    for passage in text.passages():
        ratio = difflib.SequenceMatcher(None, wanted, normalise(passage), autojunk=False).ratio()
        if ratio > score:
            best, score = passage, ratio
    if best is None or score < 0.3:
        return None
    where = _locate(best, text)
    shown = best if len(best) <= 120 else best[:117] + "…"
    return f"nearest passage ({where}): {shown!r}"


def _locate(passage: str, text: SourceText) -> str:
    for name, line in text.front.items():
        if passage == line:
            return name
    for n, paragraph in enumerate(text.body, start=1):
        if passage in paragraph:
            return f"paragraph {n}"
    return "document"
