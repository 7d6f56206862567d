"""Property tests: no input can run code or crash the engine with anything but an ExpressionError."""

from __future__ import annotations

import builtins
import contextlib
import functools
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage_desk.forms_engine.expressions import (
    EvalContext,
    ExpressionError,
    T,
    VarInfo,
    check,
    evaluate,
    parse,
)
from triage_desk.forms_engine.expressions.ast import Binary, Call, Literal, Name, Node, Unary

SCOPE = {
    "n": VarInfo(T.NUMBER),
    "b": VarInfo(T.BOOL),
    "s": VarInfo(T.TEXT),
    "d": VarInfo(T.DATE),
    "dt": VarInfo(T.DATETIME),
    "l": VarInfo(T.TEXT_LIST),
}
FRAGMENTS = [
    "n",
    "b",
    "s",
    "d",
    "dt",
    "l",
    "(",
    ")",
    ",",
    "'x'",
    '"y"',
    "1",
    "2.5",
    "0",
    "-",
    "+",
    "*",
    "/",
    "=",
    "!=",
    "<",
    ">=",
    "and",
    "or",
    "not",
    "in",
    "null",
    "true",
    "if",
    "coalesce",
    "answered",
    "age_on",
    "today",
    "now",
    "date",
    "'2024-02-30'",
    "__import__",
    "eval",
    ".",
    "[",
    "lambda",
    "os",
]
VALUES = st.fixed_dictionaries(
    {},
    optional={
        "n": st.one_of(
            st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32)
        ),
        "b": st.booleans(),
        "s": st.text(max_size=5),
        "d": st.dates(),
        "dt": st.datetimes(timezones=st.just(UTC)),
        "l": st.lists(st.sampled_from(["x", "y"])).map(tuple),
    },
)
CTX = EvalContext(now=datetime(2025, 6, 1, 12, 0, tzinfo=UTC))


def _try(source: str, values: dict[str, object]) -> None:
    try:
        node = parse(source)
        check(node, SCOPE)
        evaluate(node, values, CTX)
    except ExpressionError:
        pass


@settings(max_examples=400)
@given(st.text(max_size=80), VALUES)
def test_arbitrary_text_only_raises_expression_errors(source: str, values: dict[str, object]) -> None:
    _try(source, values)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25), VALUES)
def test_token_soup_only_raises_expression_errors(parts: list[str], values: dict[str, object]) -> None:
    _try(" ".join(parts), values)


@settings(max_examples=200)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25), VALUES)
def test_evaluation_never_reaches_python_builtins(parts: list[str], values: dict[str, object]) -> None:
    calls: list[str] = []
    originals = {name: getattr(builtins, name) for name in ("__import__", "eval", "exec", "compile", "open")}

    def trap(name: str):  # noqa: ANN202 - test helper
        def _trapped(*args: object, **kwargs: object) -> object:
            calls.append(name)
            raise AssertionError(f"{name} called")

        return _trapped

    # Parse first (imports inside the library are already done), then trap builtins during evaluation.
    try:
        node = parse(" ".join(parts))
        check(node, SCOPE)
    except ExpressionError:
        return
    for name in originals:
        setattr(builtins, name, trap(name))
    try:
        with contextlib.suppress(ExpressionError):
            evaluate(node, values, CTX)
    finally:
        for name, original in originals.items():
            setattr(builtins, name, original)
    assert calls == []


# -- random well-typed syntax trees -------------------------------------------------------------
@functools.cache
def _typed(t: T, depth: int) -> st.SearchStrategy[Node]:
    leaves = {
        T.NUMBER: st.one_of(st.integers(-1000, 1000).map(lambda v: Literal(v, 0)), st.just(Name("n", 0))),
        T.BOOL: st.one_of(st.booleans().map(lambda v: Literal(v, 0)), st.just(Name("b", 0))),
        T.TEXT: st.one_of(st.sampled_from(["x", "y"]).map(lambda v: Literal(v, 0)), st.just(Name("s", 0))),
        T.DATE: st.one_of(st.just(Name("d", 0)), st.just(Call("today", (), 0))),
        T.DATETIME: st.one_of(st.just(Name("dt", 0)), st.just(Call("now", (), 0))),
    }[t]
    if depth <= 0:
        return leaves
    sub = lambda tt: _typed(tt, depth - 1)  # noqa: E731
    options: list[st.SearchStrategy[Node]] = [leaves]
    if t is T.NUMBER:
        options += [
            st.builds(
                lambda op, a, b: Binary(op, a, b, 0), st.sampled_from("+-*/"), sub(T.NUMBER), sub(T.NUMBER)
            ),
            st.builds(lambda a: Unary("-", a, 0), sub(T.NUMBER)),
            st.builds(lambda a, b: Call("age_on", (a, b), 0), sub(T.DATE), sub(T.DATE)),
            st.builds(lambda a, b: Call("hours_between", (a, b), 0), sub(T.DATETIME), sub(T.DATETIME)),
            st.builds(lambda a: Call("len", (a,), 0), sub(T.TEXT)),
        ]
    if t is T.BOOL:
        options += [
            st.builds(
                lambda op, a, b: Binary(op, a, b, 0), st.sampled_from(["and", "or"]), sub(T.BOOL), sub(T.BOOL)
            ),
            st.builds(lambda a: Unary("not", a, 0), sub(T.BOOL)),
            st.builds(
                lambda op, a, b: Binary(op, a, b, 0),
                st.sampled_from(["<", "=", ">="]),
                sub(T.NUMBER),
                sub(T.NUMBER),
            ),
            st.builds(lambda a: Binary("in", a, Name("l", 0), 0), sub(T.TEXT)),
            st.just(Call("answered", (Name("n", 0),), 0)),
        ]
    options.append(st.builds(lambda c, a, b: Call("if", (c, a, b), 0), sub(T.BOOL), sub(t), sub(t)))
    options.append(st.builds(lambda a, b: Call("coalesce", (a, b), 0), sub(t), sub(t)))
    return st.one_of(options)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([T.NUMBER, T.BOOL, T.TEXT, T.DATE, T.DATETIME]).flatmap(
        lambda t: st.tuples(st.just(t), _typed(t, 4))
    ),
    VALUES,
)
def test_well_typed_trees_evaluate_totally(typed: tuple[T, Node], values: dict[str, object]) -> None:
    t, node = typed
    assert check(node, SCOPE) in (t, T.NULL)
    try:
        result = evaluate(node, values, CTX)
    except ExpressionError:
        return  # e.g. division by zero: a typed, positioned error is an acceptable outcome
    expected = {
        T.NUMBER: (int, float),
        T.BOOL: (bool,),
        T.TEXT: (str,),
        T.DATE: (date,),
        T.DATETIME: (datetime,),
    }[t]
    assert result is None or isinstance(result, expected)
