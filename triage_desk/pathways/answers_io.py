"""Answers to and from JSON: the answers snapshot stored for provenance, and ``guide ANSWERS.json``.

In memory a draft holds typed values (date, datetime, time); JSON holds ISO text. Replay must see
exactly the values the original evaluation saw, so both directions go through the form's field types.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from triage_desk.domain.errors import ValidationError
from triage_desk.forms_engine.schema import Field, FieldType, Form


def answers_to_json(form: Form, answers: Mapping[str, object]) -> dict[str, Any]:
    return {k: _to_json(v) for k, v in answers.items() if k in form.fields_by_id}


def _to_json(value: object) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _to_json(v) for k, v in value.items()}
    return value


def answers_from_json(form: Form, data: Mapping[str, Any]) -> dict[str, object]:
    """Typed answers; unknown field ids are an error (a typo would otherwise silently not count)."""
    unknown = sorted(k for k in data if k not in form.fields_by_id)
    if unknown:
        raise ValidationError(
            f"Unknown field(s) for form {form.id}: {', '.join(unknown)}.",
            hint="Use the field ids of the form (see forms/<form>/v<N>.yaml).",
        )
    return {k: _from_json(form.field(k), v) for k, v in data.items()}


def _from_json(f: Field, value: Any) -> object:
    if value is None or not isinstance(value, str | list):
        return value
    try:
        if f.type is FieldType.DATE and isinstance(value, str):
            return date.fromisoformat(value)
        if f.type is FieldType.DATETIME and isinstance(value, str):
            moment = datetime.fromisoformat(value)
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        if f.type is FieldType.TIME and isinstance(value, str):
            return time.fromisoformat(value)
        if f.type is FieldType.REPEAT and isinstance(value, list):
            by_id = {c.id: c for c in f.fields}
            return [
                {k: _from_json(by_id[k], v) if k in by_id else v for k, v in row.items()}
                for row in value
                if isinstance(row, Mapping)
            ]
    except ValueError as exc:
        raise ValidationError(f"Field {f.id}: {value!r} is not a valid {f.type.value} ({exc}).") from None
    return value
