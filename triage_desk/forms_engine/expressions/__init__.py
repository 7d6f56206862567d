"""The form expression language: tokenizer → Pratt parser → type checker → interpreter.

Public entry points: :func:`compile_expression` (parse + type-check, at form load) and
:func:`evaluate`. No ``eval``/``exec``, no attribute access, no imports: only the field values you
pass in and the whitelisted functions in :mod:`.functions`.
"""

from __future__ import annotations

from collections.abc import Mapping

from triage_desk.forms_engine.expressions.ast import Node, names
from triage_desk.forms_engine.expressions.errors import (
    ExpressionError,
    ExpressionEvaluationError,
    ExpressionSyntaxError,
    ExpressionTooComplexError,
    ExpressionTypeError,
)
from triage_desk.forms_engine.expressions.interpreter import EvalContext, evaluate
from triage_desk.forms_engine.expressions.parser import parse
from triage_desk.forms_engine.expressions.typecheck import check
from triage_desk.forms_engine.expressions.types import T, VarInfo


def compile_expression(
    source: str, scope: Mapping[str, VarInfo], expected: T | None = None
) -> tuple[Node, T]:
    """Parse and type-check; raises an :class:`ExpressionError` subclass on any problem."""
    node = parse(source)
    return node, check(node, scope, expected)


__all__ = [
    "EvalContext",
    "ExpressionError",
    "ExpressionEvaluationError",
    "ExpressionSyntaxError",
    "ExpressionTooComplexError",
    "ExpressionTypeError",
    "Node",
    "T",
    "VarInfo",
    "check",
    "compile_expression",
    "evaluate",
    "names",
    "parse",
]
