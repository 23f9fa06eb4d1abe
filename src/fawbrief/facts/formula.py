"""Arithmetic over fact ids for derived facts, parsed without ``eval``.

A formula is ``+ - * / **`` and parentheses over numbers and dotted fact ids, e.g.
``100 * faw_group.h1_2020.hongqi_production / faw_group.h1_2020.production``; ``**`` is there for
compound rates (``(target / today) ** (1 / years) - 1``), and a power with no real, finite result
(a negative base under a fractional exponent, an overflow) is an error, not a number.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from fawbrief.core.errors import InputError


def _power(base: float, exponent: float) -> float:
    try:
        result = base ** exponent
    except OverflowError:
        raise ArithmeticError("overflows") from None
    if isinstance(result, complex):
        raise ArithmeticError("has no real value")
    return float(result)


_OPS: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: _power,
}


@dataclass(frozen=True)
class Expression:
    tree: ast.expr
    names: tuple[str, ...]
    owner: str

    def evaluate(self, values: Mapping[str, float]) -> float:
        try:
            return _eval(self.tree, values)
        except ZeroDivisionError:
            raise InputError(f"{self.owner}: formula divides by zero") from None
        except ArithmeticError as exc:
            raise InputError(f"{self.owner}: a power in the formula {exc}") from None


def parse(text: str, owner: str) -> Expression:
    """Parse a formula; only arithmetic over numbers and fact ids is allowed."""
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError:
        raise InputError(f"{owner}: formula is not valid arithmetic: {text!r}") from None
    names: list[str] = []
    _check(tree, names, owner)
    return Expression(tree=tree, names=tuple(dict.fromkeys(names)), owner=owner)


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None


def _check(node: ast.expr, names: list[str], owner: str) -> None:
    dotted = _dotted(node)
    if dotted is not None:
        names.append(dotted)
    elif isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        _check(node.left, names, owner)
        _check(node.right, names, owner)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        _check(node.operand, names, owner)
    elif not (isinstance(node, ast.Constant) and isinstance(node.value, int | float)):
        raise InputError(f"{owner}: formula may only use + - * / ** ( ), numbers and fact ids")


def _eval(node: ast.expr, values: Mapping[str, float]) -> float:
    dotted = _dotted(node)
    if dotted is not None:
        return values[dotted]
    if isinstance(node, ast.BinOp):
        return _OPS[type(node.op)](_eval(node.left, values), _eval(node.right, values))
    if isinstance(node, ast.UnaryOp):
        return -_eval(node.operand, values)
    assert isinstance(node, ast.Constant)
    return float(node.value)
