"""The value types an expression can have, and how Python values represent them at run time."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class T(Enum):
    NUMBER = "number"  # int or float
    TEXT = "text"  # str (also single-choice codes)
    BOOL = "yes/no"  # bool (yes/no/unknown fields: unknown is null)
    DATE = "date"  # datetime.date
    TIME = "time"  # datetime.time
    DATETIME = "date-time"  # timezone-aware datetime.datetime
    TEXT_LIST = "list of choices"  # tuple[str, ...] (multiple choice)
    ROWS = "repeat group"  # tuple of dict rows; only count() may use it
    NULL = "null"  # the literal null; fits any type


@dataclass(frozen=True, slots=True)
class VarInfo:
    """What the type checker knows about a field: its value type and, for choices, the allowed codes."""

    type: T
    choices: frozenset[str] | None = None


def unify(a: T, b: T) -> T | None:
    """The common type of two branches (if/coalesce), or None when they cannot mix."""
    if a is T.NULL:
        return b
    if b is T.NULL or a is b:
        return a
    return None
