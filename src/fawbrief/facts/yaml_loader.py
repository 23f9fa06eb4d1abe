"""A strict, bounded YAML loader that remembers where every value came from.

Why not ``yaml.safe_load``: it accepts aliases (anchor bombs), silently keeps the
last of duplicate keys, reads ``NO`` as ``False`` and ``12:30`` as 750, and the C
loader can crash on deeply nested input. This loader composes nodes in Python
with a depth limit, refuses aliases, anchors and duplicate keys, resolves only
YAML 1.2-style scalars, rejects unsafe characters, and returns a map from each
value's path to its ``line:col`` so schema errors can point into the file.

Speed: the events come from libyaml's parser when PyYAML has it (five times
faster than the pure-Python scanner; the recursive composing, where the C loader
crashes, stays in Python under the depth limit). A document that does not load
cleanly that way is loaded again with the pure-Python parser, whose outcome is
the one reported: every error message and position is the pure-Python loader's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

try:
    from yaml.cyaml import CParser as _CParser

    _LIBYAML = True
except ImportError:  # PyYAML built without libyaml: the pure-Python parser only
    _CParser = Parser
    _LIBYAML = False

from fawbrief.core.errors import InputError
from fawbrief.core.text_rules import UNSAFE, describe, first_unsafe_raw

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32

Path_ = tuple[str | int, ...]

# Characters that must never reach a slide: C0/C1 controls (tab and newline are
# fine), noncharacters, lone surrogates and bidi overrides that can disguise text.
_UNSAFE = UNSAFE


class _Resolver(BaseResolver):
    """YAML 1.2 core schema: no yes/no booleans, no sexagesimal, no timestamps."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"  # 6e4 too; 123 stays an int (first)
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Checks:
    """No aliases, anchors or duplicate keys; nesting at most ``MAX_DEPTH`` deep (needs ``self._depth``)."""

    _depth: int

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent):
            raise _LoadProblem("aliases are not allowed", event.start_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _LoadProblem(f"anchors are not allowed (&{anchor})", event.start_mark)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _LoadProblem(f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1

    def compose_mapping_node(self, anchor: Any) -> MappingNode:
        node = super().compose_mapping_node(anchor)  # type: ignore[misc]
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else id(key_node)
            if key in seen:
                raise _LoadProblem(f"duplicate key {key!r}", key_node.start_mark)
            seen[key] = key_node
        return node


class _Loader(_Checks, Reader, Scanner, Parser, Composer, SafeConstructor, _Resolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self._depth = 0


class _FastLoader(_Checks, Composer, _CParser, SafeConstructor, _Resolver):  # type: ignore[misc]
    """``_Loader`` with libyaml's event parser: the same checks, composed by the same Python code."""

    def __init__(self, stream: str) -> None:
        _CParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self._depth = 0


class _LoadProblem(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


@dataclass(frozen=True)
class Loaded:
    """A YAML document's data and the ``(line, col)`` of each value and key."""

    path: Path
    data: Any
    marks: dict[Path_, tuple[int, int]]
    key_marks: dict[Path_, tuple[int, int]]

    def where(self, loc: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """The best known position for a path: the nearest ancestor if needed."""
        table = self.key_marks if key and loc in self.key_marks else self.marks
        probe = tuple(loc)
        while probe not in table and probe:
            probe = probe[:-1]
        return table.get(probe, (None, None))


def load_yaml(path: Path, display: str | None = None) -> Loaded:
    """Load one YAML file strictly; raise ``InputError`` with ``file:line:col``."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=shown) from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"file is larger than {MAX_BYTES // 1024} KiB", path=shown)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"not UTF-8 (byte {exc.start})", path=shown, line=line) from None
    if not text.strip():
        raise InputError("file is empty", path=shown, line=1)
    bad = first_unsafe_raw(text)  # before the reader, which would fail without a position
    if bad:
        raise InputError(f"unsafe character {describe(bad[0])} in text", path=shown, line=bad[1], col=bad[2])
    fast = _load_fast(path, text, shown)
    if fast is not None:
        return fast
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError("file holds no YAML document", path=shown, line=1)
        marks: dict[Path_, tuple[int, int]] = {}
        key_marks: dict[Path_, tuple[int, int]] = {}
        _index(node, (), marks, key_marks, shown)
        data = loader.construct_document(node)
    except _LoadProblem as exc:
        raise InputError(exc.message, path=shown, line=exc.mark.line + 1, col=exc.mark.column + 1) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "malformed YAML"
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise InputError(f"malformed YAML: {message}", path=shown, line=line, col=col) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", path=shown) from None
    finally:
        loader.dispose()
    return Loaded(path=path, data=data, marks=marks, key_marks=key_marks)


def _load_fast(path: Path, text: str, shown: str) -> Loaded | None:
    """The document through libyaml's parser; None when that is missing or anything goes wrong."""
    if not _LIBYAML:
        return None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        marks: dict[Path_, tuple[int, int]] = {}
        key_marks: dict[Path_, tuple[int, int]] = {}
        _index(node, (), marks, key_marks, shown)
        return Loaded(path=path, data=loader.construct_document(node), marks=marks, key_marks=key_marks)
    except Exception:  # the pure-Python loader decides and reports, with its own message and position
        return None
    finally:
        loader.dispose()


def _index(
    node: Node,
    loc: Path_,
    marks: dict[Path_, tuple[int, int]],
    key_marks: dict[Path_, tuple[int, int]],
    shown: str,
) -> None:
    mark = node.start_mark
    marks[loc] = (mark.line + 1, mark.column + 1)
    if isinstance(node, ScalarNode):
        bad = _UNSAFE.search(node.value)
        if bad:
            raise _LoadProblem(f"unsafe character U+{ord(bad.group()):04X} in text", mark)
    elif isinstance(node, SequenceNode):
        for i, child in enumerate(node.value):
            _index(child, (*loc, i), marks, key_marks, shown)
    elif isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _LoadProblem("keys must be plain text", key_node.start_mark)
            _index(key_node, (*loc, "<key>"), {}, {}, shown)  # unsafe characters in keys too
            key = key_node.value
            key_marks[(*loc, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _index(value_node, (*loc, key), marks, key_marks, shown)
