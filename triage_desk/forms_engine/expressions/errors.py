"""Typed errors of the expression language.

Every error carries the character offset (0-based) in the expression text, so the checker and the
form-authoring guide can point at the exact place. Nothing else may escape the engine: a caller
can catch :class:`ExpressionError` and know it has caught everything.
"""

from __future__ import annotations

from triage_desk.domain.errors import TriageDeskError


class ExpressionError(TriageDeskError):
    """Base class: something is wrong with an expression, at ``position`` (0-based offset)."""

    def __init__(self, message: str, position: int = 0, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.position = position

    def __str__(self) -> str:
        base = f"{self.message} (at character {self.position + 1})"
        return f"{base} {self.hint}" if self.hint else base


class ExpressionSyntaxError(ExpressionError):
    """The text cannot be tokenised or parsed."""


class ExpressionTooComplexError(ExpressionSyntaxError):
    """The expression is longer or deeper than the engine accepts (protects against pathological input)."""


class ExpressionTypeError(ExpressionError):
    """The expression is well formed but mixes types, names an unknown field or misuses a function."""


class ExpressionEvaluationError(ExpressionError):
    """Evaluation failed for these particular answers (division by zero, number out of range, bad date)."""
