"""Static type checker: runs when a form loads, so type mistakes surface in ``forms check``,
not in front of a nurse at 3 a.m.

Also checks that quoted codes compared with a choice field are codes that field can hold
(``location_type = 'privat_dwelling'`` is caught as a typo).
"""

from __future__ import annotations

from collections.abc import Mapping

from triage_desk.forms_engine.expressions.ast import Binary, Call, ListLiteral, Literal, Name, Node, Unary
from triage_desk.forms_engine.expressions.errors import ExpressionTypeError
from triage_desk.forms_engine.expressions.functions import FUNCTIONS, SPECIAL_FUNCTIONS, FunctionFailure
from triage_desk.forms_engine.expressions.types import T, VarInfo, unify

Scope = Mapping[str, VarInfo]

_ORDERED = frozenset({T.NUMBER, T.DATE, T.TIME, T.DATETIME})
_EQUATABLE = _ORDERED | {T.TEXT, T.BOOL}


def check(node: Node, scope: Scope, expected: T | None = None) -> T:
    """Type of ``node`` in ``scope``; raises :class:`ExpressionTypeError` (with position) if ill-typed.

    ``expected`` (e.g. BOOL for shown_when) is checked against the result; NULL always fits.
    """
    result = _Checker(scope).type_of(node)
    if expected is not None and unify(expected, result) is not expected:
        raise ExpressionTypeError(
            f"This expression gives {_a(result)} but {_a(expected)} is needed here.", _pos(node)
        )
    return result


def _a(t: T) -> str:
    return f"an {t.value}" if t.value[0] in "aeiou" else f"a {t.value}"


def _pos(node: Node) -> int:
    return node.pos


class _Checker:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def type_of(self, node: Node) -> T:
        if isinstance(node, Literal):
            return _literal_type(node.value)
        if isinstance(node, Name):
            return self.var(node).type
        if isinstance(node, Unary):
            inner = self.type_of(node.operand)
            want = T.BOOL if node.op == "not" else T.NUMBER
            if unify(want, inner) is not want:
                raise ExpressionTypeError(f"'{node.op}' needs {_a(want)}, not {_a(inner)}.", node.pos)
            return want
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, ListLiteral):
            raise ExpressionTypeError("A bracketed list can only follow 'in'.", node.pos)
        return self.call(node)

    def var(self, node: Name) -> VarInfo:
        info = self.scope.get(node.id)
        if info is None:
            raise ExpressionTypeError(
                f"Unknown field '{node.id}'.",
                node.pos,
                hint="Check the spelling against the form's field ids.",
            )
        return info

    def binary(self, node: Binary) -> T:
        op = node.op
        if op in ("and", "or"):
            for side in (node.left, node.right):
                t = self.type_of(side)
                if unify(T.BOOL, t) is not T.BOOL:
                    raise ExpressionTypeError(f"'{op}' joins yes/no conditions, not {_a(t)}.", side.pos)
            return T.BOOL
        if op == "in":
            return self.membership(node)
        left, right = self.type_of(node.left), self.type_of(node.right)
        if op in "+-*/":
            for t, side in ((left, node.left), (right, node.right)):
                if unify(T.NUMBER, t) is not T.NUMBER:
                    raise ExpressionTypeError(
                        f"'{op}' works on numbers, not {_a(t)}.",
                        side.pos,
                        hint="For dates use hours_between(), days_between() or add_hours().",
                    )
            return T.NUMBER
        # Comparison.
        if T.NULL in (left, right):
            raise ExpressionTypeError(
                "Comparing with null is always false.", node.pos, hint="Use answered(field) instead."
            )
        if left is not right:
            raise ExpressionTypeError(f"Cannot compare {_a(left)} with {_a(right)}.", node.pos)
        allowed = _ORDERED if op in ("<", "<=", ">", ">=") else _EQUATABLE
        if left not in allowed:
            raise ExpressionTypeError(f"'{op}' cannot be used on {_a(left)}.", node.pos)
        self.check_codes(node.left, node.right)
        self.check_codes(node.right, node.left)
        return T.BOOL

    def membership(self, node: Binary) -> T:
        left = self.type_of(node.left)
        if isinstance(node.right, ListLiteral):
            if left not in _EQUATABLE:
                raise ExpressionTypeError(f"'in (...)' cannot test {_a(left)}.", node.left.pos)
            for item in node.right.items:
                t = self.type_of(item)
                if t is not left:
                    raise ExpressionTypeError(
                        f"List item is {_a(t)} but the value tested is {_a(left)}.", item.pos
                    )
                self.check_codes(node.left, item)
            return T.BOOL
        right = self.type_of(node.right)
        if right is not T.TEXT_LIST:
            raise ExpressionTypeError(
                f"'in' needs a multiple-choice field or a list in brackets on its right, not {_a(right)}.",
                node.right.pos,
                hint="Write x in ('a', 'b').",
            )
        if left is not T.TEXT:
            raise ExpressionTypeError(
                f"Only a quoted code can be 'in' a multiple choice, not {_a(left)}.", node.pos
            )
        self.check_codes(node.right, node.left)
        return T.BOOL

    def check_codes(self, field: Node, other: Node) -> None:
        """When ``field`` is a choice field and ``other`` a quoted code, the code must exist."""
        if not (isinstance(field, Name) and isinstance(other, Literal) and isinstance(other.value, str)):
            return
        choices = self.var(field).choices
        if choices is not None and other.value not in choices:
            raise ExpressionTypeError(
                f"'{other.value}' is not a choice of field '{field.id}'.",
                other.pos,
                hint="Use one of its codes: "
                + ", ".join(sorted(choices)[:12])
                + ("…" if len(choices) > 12 else ""),
            )

    def call(self, node: Call) -> T:
        if node.name in SPECIAL_FUNCTIONS:
            return self.special(node)
        spec = FUNCTIONS.get(node.name)
        if spec is None:
            raise ExpressionTypeError(
                f"Unknown function '{node.name}'.",
                node.pos,
                hint="Allowed: " + ", ".join(sorted(set(FUNCTIONS) | SPECIAL_FUNCTIONS)) + ".",
            )
        if len(node.args) != len(spec.params):
            raise ExpressionTypeError(
                f"{node.name}() takes {len(spec.params)} argument(s), not {len(node.args)}.", node.pos
            )
        for arg, allowed in zip(node.args, spec.params, strict=True):
            t = self.type_of(arg)
            if t is not T.NULL and t not in allowed:
                want = " or ".join(sorted(_a(a) for a in allowed))
                raise ExpressionTypeError(f"{node.name}() needs {want} here, not {_a(t)}.", arg.pos)
        if (
            node.name in ("date", "time")
            and isinstance(node.args[0], Literal)
            and isinstance(node.args[0].value, str)
        ):
            try:
                spec.impl(node.args[0].value)
            except FunctionFailure as exc:
                raise ExpressionTypeError(f"{node.name}(): {exc}.", node.args[0].pos) from None
        return spec.result

    def special(self, node: Call) -> T:
        name, args = node.name, node.args
        if name == "answered":
            if len(args) != 1 or not isinstance(args[0], Name):
                raise ExpressionTypeError("answered() takes exactly one field id.", node.pos)
            self.var(args[0])
            return T.BOOL
        if name == "if":
            if len(args) != 3:
                raise ExpressionTypeError("if() takes three arguments: if(condition, then, else).", node.pos)
            cond = self.type_of(args[0])
            if unify(T.BOOL, cond) is not T.BOOL:
                raise ExpressionTypeError(
                    f"The condition of if() must be yes/no, not {_a(cond)}.", args[0].pos
                )
            branches = args[1:]
        else:  # coalesce
            if len(args) < 2:
                raise ExpressionTypeError("coalesce() takes two or more arguments.", node.pos)
            branches = args
        result = T.NULL
        for arg in branches:
            t = self.type_of(arg)
            merged = unify(result, t)
            if merged is None or merged is T.ROWS:
                raise ExpressionTypeError(f"{name}() mixes {_a(result)} and {_a(t)}.", arg.pos)
            result = merged
        return result


def _literal_type(value: object) -> T:
    if value is None:
        return T.NULL
    if isinstance(value, bool):
        return T.BOOL
    if isinstance(value, int | float):
        return T.NUMBER
    return T.TEXT
