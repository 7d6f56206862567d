"""A supervisor resolves a quarantined change; the resolution is a new, normal mutation.

For a conflict the choice is per field (the desk's value, the hub's value, or a value typed in); the
resulting edit starts from the hub's current state, so it applies cleanly and also marks the hub's
conflict record resolved. A rejection cannot be forced onto the hub; it is acknowledged, and the
local copy stays in the quarantine entry for good.
"""

from __future__ import annotations

from typing import Any

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import ValidationError
from triage_desk.storage import synced_writes
from triage_desk.storage.canonical import payload_values
from triage_desk.storage.database import Database
from triage_desk.storage.models import QuarantineEntry
from triage_desk.storage.synced_tables import MODELS

CHOICES = ("mine", "hub", "values", "dismiss")


def _target_values(entry: QuarantineEntry, choice: str, values: dict[str, Any] | None) -> dict[str, Any]:
    fields = entry.fields or {}
    if choice == "hub":
        return {}
    if choice == "values":
        unknown = set(values or {}) - set(fields)
        if unknown:
            raise ValidationError(f"Not in conflict: {', '.join(sorted(unknown))}.")
        return dict(values or {})
    row = entry.local_payload.get("row", {})
    mine = {key: row.get(key) for key in entry.local_payload.get("base", {})}
    mine.update({key: v["mine"] for key, v in fields.items()})
    return mine


def resolve(
    db: Database, entry_id: str, choice: str, resolved_by: str, values: dict[str, Any] | None = None
) -> None:
    if choice not in CHOICES:
        raise ValidationError(f"Choose one of {', '.join(CHOICES)}.")
    with db.session() as s:
        entry = s.get(QuarantineEntry, entry_id)
        if entry is None or entry.resolved_at is not None:
            raise ValidationError("That quarantined change does not exist or is already resolved.")
        if entry.kind != "conflict" and choice != "dismiss":
            raise ValidationError("The hub refused this change; it can only be acknowledged (dismiss).")
        if entry.kind == "conflict" and choice != "dismiss":
            row = s.get(MODELS[entry.table_name], entry.record_id)
            if row is None:
                raise ValidationError("The record is not on this desk.")
            changes = _target_values(entry, choice, values)
            changes = {k: _decode(entry.table_name, k, v) for k, v in changes.items()}
            synced_writes.update_record(
                s, entry.table_name, entry.record_id, changes, row.version, resolves=entry.hub_conflict_id
            )
        entry.resolved_at = utc_now()
        entry.resolved_by = resolved_by
        entry.resolution = choice


def _decode(table_name: str, key: str, value: Any) -> Any:
    column_table = MODELS[table_name].__table__
    return payload_values(column_table, {key: value})[key]  # type: ignore[arg-type]
