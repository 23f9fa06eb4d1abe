"""fawbrief: cited PowerPoint briefing decks built from a curated fact base."""

__version__ = "0.1.0"
