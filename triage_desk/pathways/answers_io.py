"""Answers to and from JSON: the answers snapshot stored for provenance, and ``guide ANSWERS.json``.

In memory a draft holds typed values (date, datetime, time); JSON holds ISO text. Replay must see
exactly the values the original evaluation saw, so both directions go through the form's field types.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage_desk.domain.errors import ValidationError
from triage_desk.forms_engine.answer_codec import decode_value, encode_value
from triage_desk.forms_engine.schema import FieldType, Form


def answers_to_json(form: Form, answers: Mapping[str, object]) -> dict[str, Any]:
    """The forms engine's encoding, limited to the form's own fields (the provenance snapshot)."""
    return {k: encode_value(form.field(k), v) for k, v in answers.items() if k in form.fields_by_id}


_TEMPORAL = (FieldType.DATE, FieldType.DATETIME, FieldType.TIME)


def answers_from_json(form: Form, data: Mapping[str, Any]) -> dict[str, object]:
    """Typed answers via the forms engine's decoding, but strict: an unknown field id or an unparseable
    date/time is an error here (a typo in ANSWERS.json would otherwise silently not count)."""
    unknown = sorted(k for k in data if k not in form.fields_by_id)
    if unknown:
        raise ValidationError(
            f"Unknown field(s) for form {form.id}: {', '.join(unknown)}.",
            hint="Use the field ids of the form (see forms/<form>/v<N>.yaml).",
        )
    typed: dict[str, object] = {}
    for key, value in data.items():
        f = form.field(key)
        decoded = decode_value(f, value)
        if f.type in _TEMPORAL and isinstance(decoded, str):
            raise ValidationError(f"Field {f.id}: {value!r} is not a valid {f.type.value}.")
        typed[key] = decoded
    return typed
