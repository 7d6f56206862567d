"""Find rules that can never fire, or never change the output: ``forms check`` reports them.

A condition's fields take values from small finite domains derived from their type and from the
literals the condition mentions (each choice code, null, yes/no/unknown, numbers at and either side
of every number compared). For comparisons with literals this is exact; the search is capped, and a
rule is only reported when no assignment in the domain makes it true (no false alarms from the cap:
capped searches say "reachable").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from triage_desk.forms_engine.expressions import (
    EvalContext,
    ExpressionError,
    Node,
    T,
    VarInfo,
    evaluate,
    names,
)
from triage_desk.forms_engine.expressions.ast import Binary, Call, ListLiteral, Literal, Unary

MAX_ASSIGNMENTS = 20_000


def _literals(node: Node) -> Iterator[object]:
    if isinstance(node, Literal):
        yield node.value
    elif isinstance(node, Unary):
        yield from _literals(node.operand)
    elif isinstance(node, Binary):
        yield from _literals(node.left)
        yield from _literals(node.right)
    elif isinstance(node, ListLiteral | Call):
        for child in getattr(node, "items", ()) or getattr(node, "args", ()):
            yield from _literals(child)


def _domain(info: VarInfo, lits: list[object]) -> list[object]:
    if info.type is T.BOOL:
        return [True, False, None]
    if info.type is T.TEXT:
        texts = sorted(info.choices) if info.choices else [v for v in lits if isinstance(v, str)] + ["other"]
        return [*texts, None]
    if info.type is T.TEXT_LIST:
        mentioned = [v for v in lits if isinstance(v, str)]
        unmentioned = sorted((info.choices or frozenset({"other"})) - set(mentioned))[:1]
        everything = tuple(sorted(info.choices or ()))
        return [(), *[(v,) for v in mentioned + unmentioned], tuple(mentioned), everything, None]
    if info.type is T.NUMBER:
        nums = {float(v) for v in lits if isinstance(v, int | float) and not isinstance(v, bool)}
        return sorted({n + d for n in nums for d in (-1, 0, 1)} | {0.0}) + [None]
    return [None]  # dates, times, repeat rows: only "unanswered" is tried; such rules are not judged


def can_be_true(node: Node, scope: dict[str, VarInfo]) -> bool:
    fields = sorted(n for n in names(node) if n in scope)
    lits = list(_literals(node))
    if any(scope[f].type not in (T.BOOL, T.TEXT, T.TEXT_LIST, T.NUMBER) for f in fields):
        return True  # not judged: dates and times have no finite domain here
    domains = [_domain(scope[f], lits) for f in fields]
    ctx = EvalContext()
    for count, values in enumerate(itertools.product(*domains)):
        if count >= MAX_ASSIGNMENTS:
            return True
        env = dict(zip(fields, values, strict=True))
        try:
            if evaluate(node, env, ctx, {f for f, v in env.items() if v is not None}) is True:
                return True
        except ExpressionError:
            continue
    return False


def implies(a: Node, b: Node, scope: dict[str, VarInfo]) -> bool:
    """True when every assignment making ``a`` true also makes ``b`` true (within the capped domain)."""
    both = Binary("and", a, Unary("not", b, 0), 0)
    return not can_be_true(both, scope)
