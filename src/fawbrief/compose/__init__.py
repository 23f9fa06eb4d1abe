"""Templates to slide model: the sandboxed Jinja2 environment, helpers, languages, markup parsing."""
