"""Reading any .pptx: the canonical dump and lint."""
