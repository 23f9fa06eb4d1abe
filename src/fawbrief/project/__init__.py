"""A briefing project's catalog: which decks, audiences and languages exist."""
