"""Parsing, typing and evaluation of the form expression language."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from triage_desk.forms_engine.expressions import (
    EvalContext,
    ExpressionEvaluationError,
    ExpressionSyntaxError,
    ExpressionTooComplexError,
    ExpressionTypeError,
    T,
    VarInfo,
    compile_expression,
    evaluate,
    parse,
)
from triage_desk.forms_engine.expressions.ast import unparse

SCOPE = {
    "age": VarInfo(T.NUMBER),
    "dob": VarInfo(T.DATE),
    "nhs_number": VarInfo(T.TEXT),
    "is_public": VarInfo(T.BOOL),
    "location_type": VarInfo(
        T.TEXT, frozenset({"private_dwelling_own", "private_dwelling_other", "public_place"})
    ),
    "presenting_concern": VarInfo(T.TEXT_LIST, frozenset({"suicidal_thoughts", "mania"})),
    "arrived": VarInfo(T.DATETIME),
    "children": VarInfo(T.ROWS),
}
CTX = EvalContext(now=datetime(2025, 6, 1, 12, 0, tzinfo=UTC))


def run(source: str, **values: object) -> object:
    node, _ = compile_expression(source, SCOPE)
    return evaluate(node, values, CTX)


def test_precedence_and_round_trip() -> None:
    assert unparse(parse("not a and b or c = 1 + 2 * 3")) == "(((not a) and b) or (c = (1 + (2 * 3))))"
    assert unparse(parse("x in ('a', 'b')")) == "(x in ('a', 'b'))"


@pytest.mark.parametrize(
    ("source", "values", "expected"),
    [
        ("age < 18", {"age": 12}, True),
        ("age < 18", {}, False),  # comparisons with null are false
        ("not (age < 18)", {}, True),
        (
            "location_type in ('private_dwelling_own', 'private_dwelling_other')",
            {"location_type": "public_place"},
            False,
        ),
        ("'suicidal_thoughts' in presenting_concern", {"presenting_concern": ("suicidal_thoughts",)}, True),
        ("'suicidal_thoughts' in presenting_concern", {}, False),
        ("answered(nhs_number)", {"nhs_number": ""}, False),
        ("not is_public", {"is_public": False}, True),
        ("not is_public", {}, None),  # three-valued: not null is null
        ("is_public or age > 1", {"age": 5}, True),
        ("is_public and age > 1", {"age": 0}, False),
        ("age_on(dob, date('2025-01-31'))", {"dob": date(1985, 3, 12)}, 39),
        ("age_on(dob, today())", {"dob": date(2007, 6, 2)}, 17),
        ("hours_between(arrived, now())", {"arrived": datetime(2025, 6, 1, 9, 30, tzinfo=UTC)}, 2.5),
        ("count(children)", {"children": ({}, {})}, 2),
        ("count(children)", {}, 0),
        ("len(nhs_number)", {"nhs_number": "abc"}, 3),
        ("coalesce(age, 40) + 1", {}, 41),
        ("if(age < 18, 'child', 'adult')", {"age": 30}, "adult"),
        ("nhs_valid(nhs_number)", {"nhs_number": "943 476 5919"}, True),
        ("nhs_valid(nhs_number)", {"nhs_number": "943 476 5918"}, False),
        ("age * 2 - 1", {}, None),
    ],
)
def test_evaluation(source: str, values: dict[str, object], expected: object) -> None:
    assert run(source, **values) == expected


@pytest.mark.parametrize(
    ("source", "error", "position"),
    [
        ("age <", ExpressionSyntaxError, 5),
        ("age < 1 < 2", ExpressionSyntaxError, 8),
        ("age.__class__", ExpressionSyntaxError, 3),
        ("'open", ExpressionSyntaxError, 0),
        ("__import__('os')", ExpressionTypeError, 0),
        ("age < 'ten'", ExpressionTypeError, 4),
        ("location_type = 'privat_dwelling'", ExpressionTypeError, 16),
        ("ages < 18", ExpressionTypeError, 0),
        ("dob + 1", ExpressionTypeError, 0),
        ("age = null", ExpressionTypeError, 4),
        ("date('31/01/2024')", ExpressionTypeError, 5),
        ("answered(1)", ExpressionTypeError, 0),
    ],
)
def test_errors_are_typed_and_positioned(source: str, error: type, position: int) -> None:
    with pytest.raises(error) as info:
        compile_expression(source, SCOPE)
    assert info.value.position == position


def test_pathological_inputs_are_refused() -> None:
    with pytest.raises(ExpressionTooComplexError):
        parse("(" * 500 + "1" + ")" * 500)
    with pytest.raises(ExpressionTooComplexError):
        parse("1 + " * 1000 + "1")
    with pytest.raises(ExpressionTooComplexError):
        parse("not " * 100 + "true")


def test_division_by_zero_is_a_positioned_evaluation_error() -> None:
    with pytest.raises(ExpressionEvaluationError) as info:
        run("10 / (age - 3)", age=3)
    assert info.value.position == 3


def test_wrong_python_values_give_typed_error_not_crash() -> None:
    node, _ = compile_expression("age < 18", SCOPE)
    with pytest.raises(ExpressionEvaluationError):
        evaluate(node, {"age": "twelve"}, CTX)
