"""Validation before a record is signed: the record must be complete and every answer well formed.

Hidden fields are skipped entirely (their answers stay in the draft but are not part of the check).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from triage_desk.forms_engine.evaluation import Evaluator, is_answered
from triage_desk.forms_engine.expressions import EvalContext
from triage_desk.forms_engine.schema import YES_NO_UNKNOWN, Field, FieldType, Form


@dataclass(frozen=True, slots=True)
class SignProblem:
    field: str  # path, e.g. "children[1].age"
    message: str


def validate_for_signing(
    form: Form,
    answers: Mapping[str, object],
    ctx: EvalContext | None = None,
    evaluator: Evaluator | None = None,
) -> list[SignProblem]:
    state = (evaluator or Evaluator(form)).evaluate(answers, ctx)
    problems: list[SignProblem] = []
    for path in state.missing:
        problems.append(SignProblem(path, f"{_label(form, path)} is required."))
    for path, message in state.errors.items():
        problems.append(SignProblem(path, message))
    for f in form.all_fields:
        if state.visible.get(f.id) and not f.is_computed:
            problems += _type_problems(f, f.id, answers.get(f.id))
        if f.type is FieldType.REPEAT and state.visible.get(f.id) and isinstance(answers.get(f.id), list):
            for i, row in enumerate(answers[f.id]):  # type: ignore[arg-type]
                for child in f.fields:
                    path = f"{f.id}[{i}].{child.id}"
                    if state.visible.get(path) and not child.is_computed and isinstance(row, Mapping):
                        problems += _type_problems(child, path, row.get(child.id))
    return problems


def _label(form: Form, path: str) -> str:
    fid = path.rsplit(".", 1)[-1]
    f = form.fields_by_id.get(fid)
    return f"'{f.label}'" if f else path


def _type_problems(f: Field, path: str, raw: object) -> list[SignProblem]:
    if not is_answered(raw):
        return []
    t = f.type
    ok = {
        FieldType.TEXT: lambda v: isinstance(v, str),
        FieldType.LONG_TEXT: lambda v: isinstance(v, str),
        FieldType.INTEGER: lambda v: isinstance(v, int) and not isinstance(v, bool),
        FieldType.DECIMAL: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        FieldType.DATE: lambda v: isinstance(v, date) and not isinstance(v, datetime),
        FieldType.TIME: lambda v: isinstance(v, time),
        FieldType.DATETIME: lambda v: isinstance(v, datetime) and v.tzinfo is not None,
        FieldType.YES_NO_UNKNOWN: lambda v: v in YES_NO_UNKNOWN,
        FieldType.SINGLE_CHOICE: lambda v: v in (f.choice_values or ()),
        FieldType.MULTI_CHOICE: lambda v: (
            isinstance(v, list | tuple) and set(v) <= (f.choice_values or set())
        ),
        FieldType.REPEAT: lambda v: isinstance(v, list) and all(isinstance(r, Mapping) for r in v),
    }.get(t, lambda v: True)
    if not ok(raw):
        return [
            SignProblem(path, f"'{f.label}' has a value that is not a valid {t.value.replace('_', ' ')}.")
        ]
    if f.max_length is not None and isinstance(raw, str) and len(raw) > f.max_length:
        return [SignProblem(path, f"'{f.label}' is {len(raw)} characters; the limit is {f.max_length}.")]
    return []
