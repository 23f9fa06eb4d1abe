"""A slide's unified diff with the changed words marked, and long unchanged stretches cut short.

A removed line and the added line that replaces it are shown with the words that differ marked,
``[-old-]`` in the ``-`` line and ``{+new+}`` in the ``+`` line (git's ``--word-diff=plain`` marks), so a
one-figure change in a 250-character citation points at the figure. In a changed line longer than
``WIDTH``, unchanged stretches longer than ``2 × CONTEXT`` characters are shortened with ``…``, and so are
context lines longer than ``WIDTH``. ``paint(role, text)`` colours the pieces (roles: ``old``, ``new``,
``del``, ``ins``, ``hunk``); the default leaves them plain, which is what a file, a pipe or ``--json`` get.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

Paint = Callable[[str, str], str]
CONTEXT = 30
LEAD = 12  # the start of a line kept before a cut: its marker ("> • ", "## Slide 3:")
WIDTH = 120
_TOKEN = re.compile(r"\w[\w.,'’%/-]*\w|\w|\s+|\S")


def plain(role: str, text: str) -> str:
    """No colour."""
    return text


def unified(before: str, after: str, fromfile: str, tofile: str, paint: Paint = plain,
            context: int = 2) -> list[str]:
    """The unified diff of two slide sections, each replaced line pair word-marked."""
    old, new = before.splitlines(), after.splitlines()
    out = [f"--- {fromfile}", f"+++ {tofile}"]
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        out.append(paint("hunk", f"@@ -{first[1] + 1},{last[2] - first[1]} +{first[3] + 1},{last[4] - first[3]} @@"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(" " + _clip(line) for line in old[i1:i2])
                continue
            removed, added = old[i1:i2], new[j1:j2]
            pairs = min(len(removed), len(added)) if tag == "replace" else 0
            marked = [marked_pair(a, b, paint) for a, b in zip(removed[:pairs], added[:pairs], strict=True)]
            out.extend(paint("old", "-") + m[0] for m in marked)
            out.extend(paint("old", "-" + _clip(line)) for line in removed[pairs:])
            out.extend(paint("new", "+") + m[1] for m in marked)
            out.extend(paint("new", "+" + _clip(line)) for line in added[pairs:])
    return out


def marked_pair(before: str, after: str, paint: Paint = plain) -> tuple[str, str]:
    """``before`` with its removed words marked ``[-…-]`` and ``after`` with its added words ``{+…+}``."""
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    short = len(before) <= WIDTH and len(after) <= WIDTH
    old_parts: list[tuple[bool, str]] = []
    new_parts: list[tuple[bool, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            old_parts.append((False, "".join(a[i1:i2])))
            new_parts.append((False, "".join(b[j1:j2])))
            continue
        if i2 > i1:
            old_parts.append((True, "".join(a[i1:i2])))
        if j2 > j1:
            new_parts.append((True, "".join(b[j1:j2])))
    return (_join(old_parts, "[-", "-]", "del", paint, short), _join(new_parts, "{+", "+}", "ins", paint, short))


def _join(parts: list[tuple[bool, str]], opening: str, closing: str, role: str, paint: Paint, short: bool) -> str:
    out = []
    for n, (changed, text) in enumerate(parts):
        if changed:
            out.append(paint(role, f"{opening}{text}{closing}"))
        else:
            out.append(text if short else _shorten(text, first=n == 0, last=n == len(parts) - 1))
    return "".join(out)


def _shorten(text: str, *, first: bool, last: bool) -> str:
    """An unchanged stretch between marks, cut to ``CONTEXT`` characters on each side of the marks."""
    if first and last:
        return _clip(text)
    keep_head = LEAD if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    if len(text) <= keep_head + keep_tail + 3:
        return text
    return text[:keep_head] + "…" + (text[len(text) - keep_tail:] if keep_tail else "")


def _clip(line: str) -> str:
    return line if len(line) <= WIDTH else line[:WIDTH - 1] + "…"
