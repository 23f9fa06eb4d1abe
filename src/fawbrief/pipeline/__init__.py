"""The build: load, compose, write, [lint], [pdf], publish — and the parallel and atomic parts of it."""
