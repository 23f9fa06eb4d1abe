"""Golden files: every variant's dump compared with the project's goldens."""
