"""An audience's slide budget: the length its profile promises the room (``budget`` in its file)."""

from __future__ import annotations

from fawbrief.compose.environment import shown_path
from fawbrief.core.errors import InputError
from fawbrief.model.slides import DeckSpec
from fawbrief.project.catalog import Audience


def content_slides(spec: DeckSpec) -> int:
    """The slides an audience's ``budget`` counts: all but the cover (the title layout) and the sources."""
    return sum(1 for slide in spec.slides if slide.layout != "title" and slide.key != "sources")


def check_budget(spec: DeckSpec, audience: Audience, template: str) -> None:
    """An input error when the variant holds more content slides than its audience's ``budget``: the
    profile's promise to the room (executive: at most 8) is kept by the build, not by review."""
    count = content_slides(spec)
    if audience.budget is not None and count > audience.budget:
        raise InputError(f"{spec.deck}/{audience.id}: {count} content slides, over the budget of {audience.budget}",
                         path=shown_path(template),
                         hint=f"drop slides from its slide_order, or raise `budget` in audiences/{audience.id}.yaml")
