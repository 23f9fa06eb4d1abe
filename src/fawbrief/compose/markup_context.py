"""What parsing the slide markup needs and collects: the facts, the language, where the markup came from, and
the errors found, each at the template line of its element."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from fawbrief.compose import source_lines
from fawbrief.core.errors import FawbriefError, InputError
from fawbrief.facts.base import FactBase


class MarkupContext:
    """What parsing needs: the facts (in the deck's language), the language, where the
    markup came from, ``translate`` for the words parsing adds (chart alt text), and ``given``,
    the build's own values a template may print (``built_on``), whose figures need no fact."""

    def __init__(self, factbase: FactBase, lang: str, origin: str,
                 translate: Callable[[str], str] | None = None, given: tuple[str, ...] = ()) -> None:
        self.factbase = factbase
        self.given = given  # text the build supplies whose figures are not facts: the build date, as written
        self.lang = lang
        self.profile = factbase.languages.get(lang)  # how numbers and periods are written
        self.origin = origin
        self.translate: Callable[[str], str] = translate or str
        self.errors: list[FawbriefError] = []

    def error(self, message: str, at: etree._Element | None = None, hint: str | None = None) -> None:
        """An error at the template line where ``at`` (or the element enclosing it) was written."""
        path, line = source_lines.where(at) if at is not None else (None, None)
        self.errors.append(InputError(message, path=path or self.origin, line=line, hint=hint))

    def fact_ok(self, fact_id: str | None, what: str, at: etree._Element) -> bool:
        """Whether ``fact_id`` is given and known; reports the error at ``at`` when not."""
        if not fact_id:
            self.error(f"{what} needs a fact attribute", at)
            return False
        if fact_id not in self.factbase.facts:
            self.error(f"unknown fact id {fact_id!r} in {what}", at, hint=self.factbase.suggest(fact_id))
            return False
        return True
