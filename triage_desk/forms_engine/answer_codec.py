"""Answers as stored (JSON) ↔ answers as evaluated (typed Python values).

The evaluator and signing validation work on typed values (``date``, aware ``datetime``, ``time``);
the database keeps JSON. The form definition says which type each field holds, so the conversion is
driven by it, never guessed from the text. JSON forms:

- date ``"1985-03-12"``; time ``"14:30"``; datetime ISO 8601 in UTC ``"2025-03-12T14:30:00+00:00"``;
- everything else as is (numbers, text, choice codes, lists of codes, repeat rows as lists of dicts).

Decoding is forgiving: a value that does not parse is kept as it was, so nothing a nurse typed is
ever dropped silently; signing validation then reports it as not a valid value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from triage_desk.forms_engine.schema import Field, FieldType, Form


def encode_value(f: Field, value: object) -> Any:
    if f.type is FieldType.REPEAT and isinstance(value, list | tuple):
        children = {c.id: c for c in f.fields}
        return [
            {k: encode_value(children[k], v) if k in children else v for k, v in row.items()}
            for row in value
            if isinstance(row, Mapping)
        ]
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, tuple):
        return list(value)
    return value


def decode_value(f: Field, value: Any) -> object:
    if value is None:
        return None
    try:
        if f.type is FieldType.DATE and isinstance(value, str):
            return date.fromisoformat(value)
        if f.type is FieldType.DATETIME and isinstance(value, str):
            parsed = datetime.fromisoformat(value)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        if f.type is FieldType.TIME and isinstance(value, str):
            return time.fromisoformat(value)
    except ValueError:
        return value
    if f.type is FieldType.REPEAT and isinstance(value, list):
        children = {c.id: c for c in f.fields}
        return [
            {k: decode_value(children[k], v) if k in children else v for k, v in row.items()}
            for row in value
            if isinstance(row, Mapping)
        ]
    return value


def encode_answers(form: Form, answers: Mapping[str, object]) -> dict[str, Any]:
    """JSON-ready copy; answers for ids the form does not know are kept (an old draft's extra data)."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        f = form.fields_by_id.get(key)
        out[key] = encode_value(f, value) if f is not None else value
    return out


def decode_answers(form: Form, stored: Mapping[str, Any]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in stored.items():
        f = form.fields_by_id.get(key)
        out[key] = decode_value(f, value) if f is not None else value
    return out
