"""The form model: what a form file describes once loaded and checked.

Immutable dataclasses; the loader builds them, the evaluator and the UI read them. Expressions are
kept both as source text (shown to authors, hashed) and as a type-checked syntax tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from triage_desk.forms_engine.expressions import Node, T


class FieldType(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    TIME = "time"
    DATETIME = "datetime"  # the UI offers a "now" button (now_button, default on)
    YES_NO_UNKNOWN = "yes_no_unknown"  # answers 'yes' | 'no' | 'unknown'; in expressions true/false/null
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    REPEAT = "repeat"  # rows of child fields
    CALCULATED = "calculated"  # value from `calculation`; type inferred from it; always read-only
    CLOCK = "clock"  # running clock: deadline = start + limit_hours + extension (see ClockSpec)


# The type each field's value has inside expressions.
VALUE_TYPES: dict[FieldType, T] = {
    FieldType.TEXT: T.TEXT,
    FieldType.LONG_TEXT: T.TEXT,
    FieldType.INTEGER: T.NUMBER,
    FieldType.DECIMAL: T.NUMBER,
    FieldType.DATE: T.DATE,
    FieldType.TIME: T.TIME,
    FieldType.DATETIME: T.DATETIME,
    FieldType.YES_NO_UNKNOWN: T.BOOL,
    FieldType.SINGLE_CHOICE: T.TEXT,
    FieldType.MULTI_CHOICE: T.TEXT_LIST,
    FieldType.REPEAT: T.ROWS,
    FieldType.CLOCK: T.DATETIME,
}

YES_NO_UNKNOWN = ("yes", "no", "unknown")


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    help: str | None = None
    # Extra coded attributes (e.g. target_response for triage codes); shown by the UI, not evaluated.
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class CodeList:
    id: str
    title: str
    choices: tuple[Choice, ...]
    source: Path
    line: int = 1

    @property
    def values(self) -> frozenset[str]:
        return frozenset(c.value for c in self.choices)


@dataclass(frozen=True, slots=True)
class Expr:
    source: str
    node: Node
    type: T
    line: int


@dataclass(frozen=True, slots=True)
class ClockSpec:
    """A detention-style time limit: deadline = start + limit_hours + extension hours (capped)."""

    start: str  # id of a datetime field
    limit_hours: float
    extension_field: str | None = None  # id of a number field holding granted extension hours
    max_extension_hours: float = 0


@dataclass(frozen=True, slots=True)
class Field:
    id: str
    type: FieldType
    label: str
    line: int
    help: str | None = None
    required: bool = False
    required_when: Expr | None = None
    shown_when: Expr | None = None
    constraint: Expr | None = None
    constraint_message: str | None = None
    default: object = None
    calculation: Expr | None = None
    read_only: bool = False
    max_length: int | None = None
    choices: tuple[Choice, ...] = ()
    choices_ref: str | None = None  # code list id, when choices come from one
    fields: tuple[Field, ...] = ()  # repeat children
    clock: ClockSpec | None = None
    now_button: bool = False
    value_type: T = T.TEXT  # the type in expressions (inferred for calculated fields)

    @property
    def is_computed(self) -> bool:
        return self.calculation is not None or self.clock is not None

    @property
    def choice_values(self) -> frozenset[str] | None:
        if self.type in (FieldType.SINGLE_CHOICE, FieldType.MULTI_CHOICE):
            return frozenset(c.value for c in self.choices)
        return None


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    line: int
    fields: tuple[Field, ...]
    shortcut: str | None = None
    help: str | None = None
    shown_when: Expr | None = None


@dataclass(frozen=True, slots=True)
class Form:
    id: str
    version: int
    title: str
    sections: tuple[Section, ...]
    source: Path
    sha256: str
    description: str | None = None
    fields_by_id: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def field(self, field_id: str) -> Field:
        return self.fields_by_id[field_id]

    @property
    def all_fields(self) -> tuple[Field, ...]:
        """Top-level fields in display order (repeat children are inside their repeat)."""
        return tuple(f for s in self.sections for f in s.fields)
