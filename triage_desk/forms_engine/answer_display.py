"""Answers as people read them: choice labels, UK day-first dates, local times.

Shared by the printable record, the signing confirmation and the amendment list, so a value looks
the same wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from triage_desk.forms_engine.schema import Field, FieldType

YES_NO_LABELS = {"yes": "Yes", "no": "No", "unknown": "Unknown"}


def display_value(f: Field, value: object, zone: str = "Europe/London") -> str:
    if value is None or value == "" or value == [] or value == ():
        return ""
    if f.type is FieldType.YES_NO_UNKNOWN:
        return YES_NO_LABELS.get(str(value), str(value))
    if f.type is FieldType.SINGLE_CHOICE:
        return _label(f, value)
    if f.type is FieldType.MULTI_CHOICE and isinstance(value, list | tuple):
        return "; ".join(_label(f, v) for v in value)
    if f.type is FieldType.REPEAT and isinstance(value, list | tuple):
        return "\n".join(_row(f, row, zone) for row in value if isinstance(row, Mapping))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        local = value.astimezone(ZoneInfo(zone)) if value.tzinfo else value
        return local.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.1f}"
    return str(value)


def _label(f: Field, value: object) -> str:
    for choice in f.choices:
        if choice.value == value:
            return choice.label
    return str(value)


def _row(f: Field, row: Mapping[str, object], zone: str) -> str:
    parts = []
    for child in f.fields:
        text = display_value(child, row.get(child.id), zone)
        if text:
            parts.append(f"{child.label}: {text}")
    return "; ".join(parts) or "(empty row)"
