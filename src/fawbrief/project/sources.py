"""A project's source documents and the citation checks against them, as a build runs them.

The documents live in the project's ``sources/`` folder (``fawbrief.toml``: ``sources``). ``check_sources``
reads them and checks every cited fact (``facts/citations``); the result says what it found, what it could not
check and which documents differ from the text the facts were checked against. The caller decides what is
fatal: ``build`` and ``verify`` stop on citation problems and note missing documents; ``check`` and
``--strict`` stop on both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fawbrief.core.errors import InputError, raise_all
from fawbrief.facts.base import FactBase
from fawbrief.facts.citations import check_citations, read_sources


@dataclass
class SourceReport:
    """What the citation checks found: problems (one error per fact and fault) and what they could not do."""

    folder: Path
    checked: int = 0  # cited facts checked against their document
    problems: list[InputError] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)  # document id → why it could not be read
    changed: dict[str, str] = field(default_factory=dict)  # document id → its sha256 now

    def notes(self, factbase: FactBase) -> list[str]:
        """One line per thing left unchecked or changed, for the command to print as a note."""
        out = []
        if self.missing:
            names = ", ".join(factbase.documents[doc].file for doc in sorted(self.missing))
            out.append(f"{self.folder}: {len(self.missing)} of {len(factbase.documents)} source documents not "
                       f"found ({names}); their citations were not checked (see sources/README.md)")
        for doc, digest in sorted(self.changed.items()):
            out.append(f"{self.folder / factbase.documents[doc].file}: differs from the document the facts "
                       f"cite (sha256 {digest[:12]}…, expected {factbase.documents[doc].sha256[:12]}…)")
        return out

    def raise_problems(self, *, strict: bool = False) -> None:
        """Raise every citation problem together; with ``strict``, missing or changed documents too."""
        errors = list(self.problems)
        if strict and (self.missing or self.changed):
            for doc, why in sorted(self.missing.items()):
                errors.append(InputError(f"source document {doc!r} not checked: {why}", path=self.folder,
                                         hint="put the documents in sources/ (see sources/README.md)"))
            for doc in sorted(self.changed):
                errors.append(InputError(f"source document {doc!r} differs from the one the facts cite",
                                         path=self.folder))
        raise_all(errors)


def check_sources(folder: Path, factbase: FactBase) -> SourceReport:
    """Read the documents in ``folder`` and check every cited fact against them."""
    found = read_sources(factbase.documents, folder)
    problems = check_citations(factbase, found.texts, factbase.places)
    checked = sum(1 for fact in factbase if fact.source is not None and fact.source.document in found.texts)
    return SourceReport(folder=folder, checked=checked, problems=problems, missing=found.missing,
                        changed=found.changed)
