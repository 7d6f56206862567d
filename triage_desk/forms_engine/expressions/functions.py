"""The whitelist of functions an expression may call.

Only what is listed here exists: there is no way to reach Python builtins, attributes or modules.
``answered``, ``if`` and ``coalesce`` need lazy or raw access to their arguments, so the type
checker and interpreter handle them specially; everything else is a plain :class:`FunctionSpec`.
All plain functions return null when any argument is null (unanswered in, unanswered out), except
``count`` and ``len``, which treat null as empty (0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from triage_desk.domain import nhs_number
from triage_desk.forms_engine.expressions.types import T

SPECIAL_FUNCTIONS = frozenset({"answered", "if", "coalesce"})
# Functions reading the clock get it from the evaluation context, never from the system directly,
# so tests and replays are deterministic.
CLOCK_FUNCTIONS = frozenset({"today", "now"})


class FunctionFailure(Exception):
    """Raised by an implementation; the interpreter turns it into a positioned evaluation error."""


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    name: str
    params: tuple[frozenset[T], ...]
    result: T
    impl: Callable[..., object]
    null_as_empty: bool = False
    summary: str = ""


def _age_on(dob: date, on: date | datetime) -> int:
    day = on.date() if isinstance(on, datetime) else on
    years = day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
    return years


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _between(a: datetime, b: datetime, unit_seconds: int) -> float:
    return round((b - a).total_seconds() / unit_seconds, 2)


def _add_hours(moment: datetime, hours: float) -> datetime:
    try:
        return moment + timedelta(hours=hours)
    except OverflowError as exc:
        raise FunctionFailure("the resulting date-time is out of range") from exc


def _parse_date(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise FunctionFailure(f"{text!r} is not a date written as YYYY-MM-DD") from exc


def _parse_time(text: str) -> time:
    try:
        if len(text) != 5:
            raise ValueError(text)
        return time.fromisoformat(text)
    except ValueError as exc:
        raise FunctionFailure(f"{text!r} is not a time written as HH:MM") from exc


_D = frozenset({T.DATE})
_DT = frozenset({T.DATETIME})
_D_OR_DT = frozenset({T.DATE, T.DATETIME})
_N = frozenset({T.NUMBER})
_TX = frozenset({T.TEXT})

FUNCTIONS: dict[str, FunctionSpec] = {
    spec.name: spec
    for spec in (
        FunctionSpec("date", (_TX,), T.DATE, _parse_date, summary="date('2024-01-31') — a fixed date"),
        FunctionSpec("time", (_TX,), T.TIME, _parse_time, summary="time('14:30') — a fixed time of day"),
        FunctionSpec("age_on", (_D, _D_OR_DT), T.NUMBER, _age_on, summary="age_on(dob, day) — whole years"),
        FunctionSpec(
            "days_between",
            (_D_OR_DT, _D_OR_DT),
            T.NUMBER,
            lambda a, b: (_as_date(b) - _as_date(a)).days,
            summary="days_between(a, b) — b minus a in days",
        ),
        FunctionSpec(
            "hours_between",
            (_DT, _DT),
            T.NUMBER,
            lambda a, b: _between(a, b, 3600),
            summary="hours_between(a, b) — b minus a in hours (2 decimals)",
        ),
        FunctionSpec(
            "minutes_between",
            (_DT, _DT),
            T.NUMBER,
            lambda a, b: _between(a, b, 60),
            summary="minutes_between(a, b) — b minus a in minutes",
        ),
        FunctionSpec("add_hours", (_DT, _N), T.DATETIME, _add_hours, summary="add_hours(moment, n)"),
        FunctionSpec(
            "count",
            (frozenset({T.ROWS, T.TEXT_LIST}),),
            T.NUMBER,
            lambda x: len(x) if x else 0,
            null_as_empty=True,
            summary="count(repeat or multiple choice) — rows or ticks, 0 if none",
        ),
        FunctionSpec(
            "len",
            (_TX,),
            T.NUMBER,
            lambda x: len(x) if x else 0,
            null_as_empty=True,
            summary="len(text) — number of characters, 0 if unanswered",
        ),
        FunctionSpec(
            "nhs_valid",
            (_TX,),
            T.BOOL,
            nhs_number.is_valid,
            summary="nhs_valid(x) — true when x is a 10-digit NHS number with a correct check digit",
        ),
        FunctionSpec("today", (), T.DATE, lambda: None, summary="today() — the current date"),
        FunctionSpec("now", (), T.DATETIME, lambda: None, summary="now() — the current date-time"),
    )
}

ALL_FUNCTION_NAMES = frozenset(FUNCTIONS) | SPECIAL_FUNCTIONS
