"""Bounds on what one template expression may allocate.

The Jinja2 sandbox stops attribute escapes, not memory bombs: ``"a" * 10**8``,
``"a"|center(10**9)``, ``"%999999999d" % 1``, ``"{:>999999999}".format(1)`` or a
``replace`` that multiplies a string each allocate before any output check
could see them. These checks run *before* the operation, so a hostile template
fails with a sandbox error instead of exhausting memory. Blocks, macros and
``~`` concatenations are buffered in memory before any output is streamed, so
their joins are bounded too (``bounded_join``, ``BoundedCodeGenerator``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, markup_join
from jinja2.sandbox import SecurityError
from markupsafe import soft_str

MAX_REPEAT_CHARS = 100_000  # the largest string a single repetition, padding or width may make
MAX_OUTPUT_CHARS = 2_000_000  # the largest text a template, block, macro or concatenation may make
MAX_EXPONENT = 64
MAX_INT_BITS = 4096  # integers beyond ~1,200 digits are no figure a slide needs
_DIGITS = re.compile(r"\d+")
_NESTED_SPEC = re.compile(r"\{[^{}]*:[^{}]*\{")
# Filters whose integer arguments become widths or repetition counts, or that build a longer string.
WIDTH_FILTERS = ("center", "indent", "wordwrap", "truncate", "format", "replace", "batch", "slice", "join")


def check_binop(operator: str, left: Any, right: Any) -> None:
    """``*`` (repetition), ``**`` (huge integers) and ``%`` (printf widths)."""
    if operator == "**" and isinstance(right, int) and (
            right > MAX_EXPONENT or (isinstance(left, int) and left.bit_length() * right > MAX_INT_BITS)):
        raise SecurityError("exponent too large")
    if operator == "*" and isinstance(left, int) and isinstance(right, int) and (
            left.bit_length() + right.bit_length() > MAX_INT_BITS):
        raise SecurityError("product too large")
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(count, int) and _size(seq) * count > MAX_REPEAT_CHARS:
                raise SecurityError("repetition result too large")
    if operator == "%" and isinstance(left, str):
        check_format(left)
        if "*" in left:  # "%*d" % (width, value)
            check_args(right if isinstance(right, tuple) else (right,), {})


def _size(seq: str | list[Any] | tuple[Any, ...]) -> int:
    if isinstance(seq, str):
        return len(seq)
    return sum(len(item) if isinstance(item, str) else 1 for item in seq) or len(seq)


def bounded_join(parts: Any) -> str:
    """``Environment.concat``: joins a block's or macro's output, stopping at the cap."""
    out: list[str] = []
    size = 0
    for part in parts:
        size += len(part)
        if size > MAX_OUTPUT_CHARS:
            raise SecurityError(f"template output larger than {MAX_OUTPUT_CHARS} characters")
        out.append(part)
    return "".join(out)


def bounded_concat(parts: tuple[Any, ...], autoescape: bool) -> str:
    """``a ~ b``: Jinja's ``markup_join``/``str_join`` with the cap checked before joining."""
    texts = [soft_str(part) if autoescape else str(part) for part in parts]
    if sum(len(text) for text in texts) > MAX_OUTPUT_CHARS:
        raise SecurityError(f"concatenation longer than {MAX_OUTPUT_CHARS} characters")
    return markup_join(texts) if autoescape else "".join(texts)


class BoundedCodeGenerator(CodeGenerator):
    """Compiles ``~`` to ``environment.bounded_concat`` instead of an unbounded join."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), context.eval_ctx.autoescape)")


def check_format(template: str) -> None:
    """A format string may not ask for a width or precision beyond the cap."""
    if any(int(digits) > MAX_REPEAT_CHARS for digits in _DIGITS.findall(template) if len(digits) > 5):
        raise SecurityError("format width too large")


def check_args(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse integer arguments big enough to build a huge string (``'x' * n``, ``center(n)``)."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_REPEAT_CHARS:
            raise SecurityError("argument too large")


def check_replace(text: Any, old: Any, new: Any) -> None:
    """Refuse a ``str.replace`` whose result would grow beyond the sandbox's limit."""
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        grows = max(len(new) - len(old), 0) * (text.count(old) if old else len(text) + 1)
        if len(text) + grows > MAX_REPEAT_CHARS * 10:
            raise SecurityError("replace result too large")


def check_call(obj: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Calls of ``str`` methods: ``center``, ``ljust``, ``zfill``, ``replace``…"""
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, str):
        return
    check_args(args, kwargs)
    if getattr(obj, "__name__", "") == "replace" and len(args) >= 2:
        check_replace(owner, args[0], args[1])


def bounded_format(template: str, wrapped: Callable[..., str]) -> Callable[..., str]:
    """The sandbox's ``str.format``/``format_map`` with widths and width arguments checked first."""

    def checked(*args: Any, **kwargs: Any) -> str:
        check_format(template)
        if _NESTED_SPEC.search(template):  # "{:{w}}": the width is an argument
            check_args(args, kwargs)
            for value in args:
                if isinstance(value, Mapping):
                    check_args((), value)
        return wrapped(*args, **kwargs)

    return checked


def bounded(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter with its arguments checked first."""

    @functools.wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        plain = tuple(a for a in args if not isinstance(a, Environment | EvalContext | Context))
        if name == "format" and plain:
            check_binop("%", str(plain[0]), tuple(plain[1:]))
        else:
            check_args(plain[1:], kwargs)
        if name == "replace" and len(plain) >= 3:
            check_replace(str(plain[0]), plain[1], plain[2])
        if name == "join" and plain and isinstance(plain[0], list | tuple) and _size(plain[0]) > MAX_OUTPUT_CHARS:
            raise SecurityError(f"join result longer than {MAX_OUTPUT_CHARS} characters")
        return func(*args, **kwargs)

    return checked
