"""The writer: a finished DeckSpec and a theme to deterministic .pptx bytes (the only writer of python-pptx)."""
