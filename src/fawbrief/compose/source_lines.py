"""Where each element of the slide markup was written: template file and line.

Jinja knows the template line of a running expression, but the slide markup is
parsed only after rendering, when that is gone. So, as each template is compiled,
every opening tag in its text (``<slide``, ``<kpi`` …, a misspelt ``<kip`` too; not
those made by expressions) gets an attribute naming its file and line::

    <kpi fact="x"/>   →   <kpi fawbrief-at="templates/decks/jiefang/base.j2:42" fact="x"/>

The markup parser reads it back (``where``) to put errors on the line of the
culprit, in whichever file of the extends/include chain it was written (a user's
``base.j2`` too), and ignores it otherwise, so the deck is unchanged. A position in
the rendered output (a stray character, a tag that does not close) is put on the
nearest marked element before it (``where_in_output``). Text inside
``{% trans %}`` is a msgid, never markup, and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote, unquote

from jinja2 import nodes
from jinja2.ext import Extension, InternationalizationExtension
from jinja2.lexer import Token, TokenStream
from jinja2.parser import Parser

ATTRIBUTE = "fawbrief-at"
_OPENING = re.compile(r"<([A-Za-z_][\w.-]*)(?=[\s/>])")  # any element: an unknown one is reported at its line
_MARKER = re.compile(rf'{ATTRIBUTE}="([^"]*)"')

Where = tuple[str | None, int | None]


class SourceLines(Extension):
    """Marks the vocabulary's opening tags in template text with ``file:line`` (see the module docstring)."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        filename = stream.filename or stream.name
        if not filename:  # a template made from a string: nowhere to point at
            yield from stream
            return
        display = getattr(self.environment, "display_path", None)
        origin = quote(display(filename) if display else filename, safe="/", errors="surrogateescape")
        in_trans = after_block_begin = False
        for token in stream:
            if token.type == "name" and after_block_begin and token.value in ("trans", "endtrans"):
                in_trans = token.value == "trans"
            after_block_begin = token.type == "block_begin"
            if token.type == "data" and not in_trans:
                token = Token(token.lineno, "data", _mark(token.value, token.lineno, origin))
            yield token


class Translations(InternationalizationExtension):
    """Jinja's ``i18n`` extension (``_()``, ``{% trans %}``) with every node of a ``{% trans %}`` on its line.

    For ``{% trans n=fact("id") %}`` Jinja hoists the first call into an assignment it gives no line,
    so an error in that call (an unknown fact id) was put on the line of the statement before it."""

    def parse(self, parser: Parser) -> nodes.Node | list[nodes.Node]:
        """The nodes of one ``{% trans %}``, each set to the line of its tag."""
        lineno = parser.stream.current.lineno
        parsed = super().parse(parser)
        for node in parsed if isinstance(parsed, list) else [parsed]:
            node.set_lineno(lineno, override=False)
        return parsed


def _mark(text: str, first_line: int, origin: str) -> str:
    def marked(match: re.Match[str]) -> str:
        line = first_line + text.count("\n", 0, match.start())
        return f'{match.group()} {ATTRIBUTE}="{origin}:{line}"'

    return _OPENING.sub(marked, text)


def parse(value: str | None) -> Where:
    """``(file, line)`` from a marker's value; ``(None, None)`` if it is not one."""
    if not value or ":" not in value:
        return None, None
    path, _, line = value.rpartition(":")
    return unquote(path, errors="surrogateescape"), int(line) if line.isdigit() else None


def where(element: object) -> Where:
    """The file and line of ``element``, or of the nearest enclosing element that has them."""
    node = element
    while node is not None:
        found = parse(node.get(ATTRIBUTE))  # type: ignore[attr-defined]
        if found[0] is not None:
            return found
        node = node.getparent()  # type: ignore[attr-defined]
    return None, None


def where_in_output(markup: str, offset: int) -> Where:
    """The file and line of the last marked element that starts before ``offset`` of the rendered markup."""
    found: Where = (None, None)
    for match in _MARKER.finditer(markup, 0, offset):
        found = parse(match.group(1))
    return found


def offset_of(markup: str, line: int, column: int = 1) -> int:
    """The offset in ``markup`` of a 1-based line and column (as lxml reports them)."""
    start = 0
    for _ in range(line - 1):
        start = markup.find("\n", start) + 1
        if start == 0:
            return len(markup)
    return start + max(column - 1, 0)
