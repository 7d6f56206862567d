"""Tree-walking interpreter for type-checked expressions.

Null semantics (documented for authors in forms/README.md):
- An unanswered field is null. Arithmetic and most functions with a null input give null.
- Every comparison (``=``, ``!=``, ``<``, ``in`` ...) involving null is **false** — so a field shown
  when ``age < 18`` stays hidden until age is known. Use ``answered(x)`` to test presence.
- ``and`` / ``or`` / ``not`` follow three-valued (Kleene) logic: ``false and null`` is false,
  ``true or null`` is true, ``not null`` is null. Where a final yes/no is needed (shown-when,
  required-when, constraint) the caller decides what null means (see evaluation.py).
- ``if(null, a, b)`` gives ``b``; ``coalesce`` gives its first non-null argument.

Safety: there is no name lookup outside the ``values`` mapping, no attribute access and no call
outside the whitelist in functions.py; any unexpected Python error from bad input values is turned
into an :class:`ExpressionEvaluationError`, so callers only ever see typed errors.
"""

from __future__ import annotations

import math
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from triage_desk.forms_engine.expressions.ast import Binary, Call, ListLiteral, Literal, Name, Node, Unary
from triage_desk.forms_engine.expressions.errors import ExpressionError, ExpressionEvaluationError
from triage_desk.forms_engine.expressions.functions import FUNCTIONS, FunctionFailure

MAX_MAGNITUDE = 10**18


@dataclass(frozen=True, slots=True)
class EvalContext:
    """The clock an evaluation sees; fixed for one evaluation pass so results are consistent."""

    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    zone_today: date | None = None

    @property
    def today(self) -> date:
        return self.zone_today or self.now.date()


def evaluate(
    node: Node,
    values: Mapping[str, object],
    ctx: EvalContext | None = None,
    answered: Container[str] | None = None,
) -> object:
    """Value of ``node``. ``answered`` (optional) says which ids count as answered even when their
    expression value is null (a yes/no/unknown field answered 'unknown')."""
    runner = _Runner(values, ctx or EvalContext(), answered)
    try:
        return runner.eval(node)
    except ExpressionError:
        raise
    except (TypeError, ValueError, ArithmeticError, AttributeError, KeyError, IndexError) as exc:
        # Reached only when a caller passes values of the wrong Python type for a field.
        raise ExpressionEvaluationError(f"Cannot evaluate with these values: {exc}.", node.pos) from None


class _Runner:
    def __init__(
        self, values: Mapping[str, object], ctx: EvalContext, answered: Container[str] | None
    ) -> None:
        self.values = values
        self.ctx = ctx
        self.answered = answered

    def eval(self, node: Node) -> object:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Name):
            return self.values.get(node.id)
        if isinstance(node, Unary):
            value = self.eval(node.operand)
            if value is None:
                return None
            return (not value) if node.op == "not" else self.number(-value, node)  # type: ignore[operator]
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Call):
            return self.call(node)
        raise ExpressionEvaluationError("A list can only follow 'in'.", node.pos)

    def number(self, value: object, node: Node) -> object:
        if isinstance(value, float) and not math.isfinite(value):
            raise ExpressionEvaluationError("Calculation gave a number that is not finite.", node.pos)
        if isinstance(value, int | float) and abs(value) > MAX_MAGNITUDE:
            raise ExpressionEvaluationError("Calculation gave a number too large to be meaningful.", node.pos)
        return value

    def binary(self, node: Binary) -> object:
        op = node.op
        if op == "and":
            left = self.eval(node.left)
            if left is False:
                return False
            right = self.eval(node.right)
            if right is False:
                return False
            return True if (left is True and right is True) else None
        if op == "or":
            left = self.eval(node.left)
            if left is True:
                return True
            right = self.eval(node.right)
            if right is True:
                return True
            return False if (left is False and right is False) else None
        if op == "in":
            return self.membership(node)
        left, right = self.eval(node.left), self.eval(node.right)
        if op in "+-*/":
            if left is None or right is None:
                return None
            if op == "/" and right == 0:
                raise ExpressionEvaluationError("Division by zero.", node.pos)
            result = {
                "+": lambda: left + right,  # type: ignore[operator]
                "-": lambda: left - right,  # type: ignore[operator]
                "*": lambda: left * right,  # type: ignore[operator]
                "/": lambda: left / right,  # type: ignore[operator]
            }[op]()
            return self.number(result, node)
        if left is None or right is None:
            return False
        if op == "=":
            return left == right
        if op == "!=":
            return left != right
        if op == "<":
            return left < right  # type: ignore[operator]
        if op == "<=":
            return left <= right  # type: ignore[operator]
        if op == ">":
            return left > right  # type: ignore[operator]
        return left >= right  # type: ignore[operator]

    def membership(self, node: Binary) -> bool:
        left = self.eval(node.left)
        if left is None:
            return False
        if isinstance(node.right, ListLiteral):
            return any(left == self.eval(item) for item in node.right.items)
        right = self.eval(node.right)
        if right is None:
            return False
        if not isinstance(right, list | tuple | frozenset | set):
            raise ExpressionEvaluationError("'in' needs a list of choices on its right.", node.pos)
        return left in right

    def call(self, node: Call) -> object:
        name = node.name
        if name == "answered":
            arg = node.args[0]
            field_id = arg.id if isinstance(arg, Name) else ""
            if self.answered is not None and field_id in self.answered:
                return True
            return _present(self.values.get(field_id))
        if name == "if":
            return self.eval(node.args[1] if self.eval(node.args[0]) is True else node.args[2])
        if name == "coalesce":
            for arg in node.args:
                value = self.eval(arg)
                if value is not None:
                    return value
            return None
        if name == "today":
            return self.ctx.today
        if name == "now":
            return self.ctx.now
        spec = FUNCTIONS.get(name)
        if spec is None:
            raise ExpressionEvaluationError(f"Unknown function '{name}'.", node.pos)
        args = [self.eval(a) for a in node.args]
        if not spec.null_as_empty and any(a is None for a in args):
            return None
        try:
            result = spec.impl(*args)
        except FunctionFailure as exc:
            raise ExpressionEvaluationError(f"{name}(): {exc}.", node.pos) from None
        return self.number(result, node)


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str | list | tuple):
        return len(value) > 0
    return True
