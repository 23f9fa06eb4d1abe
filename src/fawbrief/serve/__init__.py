"""``fawbrief serve``: the live preview of a project's decks in the browser (README: Live preview)."""
