"""MkDocs hooks (mkdocs.yml ``hooks:``): make the generated CLI reference read as ``--help`` does.

mkdocs-click writes Click's help text into the page as Markdown, where ``OUT/<deck>-<audience>.pptx``
reads as HTML tags and vanishes, and an option without a default shows Click's ``Sentinel.UNSET``. On the CLI
page only, outside code blocks, angle brackets are escaped and the sentinel dropped, after mkdocs-click has
run (a Markdown preprocessor of lower priority than its own).
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

CLI_PAGE = "reference/cli.md"
_TAG = re.compile(r"<(?=[A-Za-z/])")
_UNSET = re.compile(r"`?Sentinel\.UNSET`?")
_state = {"page": ""}


class _PlainHelp(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if _state["page"] != CLI_PAGE:
            return lines
        out, fenced = [], False
        for line in lines:
            if line.lstrip().startswith("```"):
                fenced = not fenced
            elif not fenced:
                line = _UNSET.sub("", _TAG.sub("&lt;", line))
            out.append(line)
        return out


class _PlainHelpExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # Markdown's name
        md.preprocessors.register(_PlainHelp(md), "fawbrief_plain_help", 100)  # mkdocs-click: 141


def on_config(config: Any) -> Any:
    """Add the preprocessor to the site's Markdown extensions."""
    config.markdown_extensions.append(_PlainHelpExtension())
    return config


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Note which page is being converted (pages are converted one at a time)."""
    _state["page"] = page.file.src_uri
    return markdown
