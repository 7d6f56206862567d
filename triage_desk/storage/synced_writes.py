"""Writes to synced tables that keep the outbox in step: the only way features should change them.

Each function works inside the caller's session, so the change and its outbox entry share one
transaction. Versions are local and logical: an edit names the version it started from and is
refused if the record has moved on since (the form was stale); the hub does the same across desks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import StaleEditError, ValidationError
from triage_desk.domain.ids import new_id
from triage_desk.storage import contact_records, outbox
from triage_desk.storage.models import Amendment, Contact, Person
from triage_desk.storage.synced_tables import APPEND_ONLY, BOOKKEEPING, MODELS


def add_record(session: Session, row: Any) -> Any:
    """Insert a new synced row (id and origin_site must be set) and queue it for the hub."""
    if row.__table__.name in APPEND_ONLY and row.__table__.name != "audit_events":
        raise ValidationError(
            "contacts and amendments are queued when signed: use sign_contact/add_amendment"
        )
    session.add(row)
    outbox.record_insert(session, row)
    return row


def create_person(session: Session, site_id: str, **fields: Any) -> Person:
    return add_record(session, Person(id=fields.pop("id", None) or new_id(), origin_site=site_id, **fields))


def _load(session: Session, table_name: str, record_id: str, base_version: int) -> Any:
    model: Any = MODELS[table_name]
    row = session.get(model, record_id)
    if row is None:
        raise ValidationError(f"No {table_name} record {record_id}.")
    if row.version != base_version:
        raise StaleEditError(
            f"This {table_name} record changed since it was opened "
            f"(version {base_version}, now {row.version}).",
            hint="Reopen it to see the latest values, then make the change again.",
        )
    return row


def update_record(
    session: Session,
    table_name: str,
    record_id: str,
    changes: Mapping[str, Any],
    base_version: int,
    *,
    resolves: str | None = None,
) -> Any:
    """Change some fields of a mutable synced row, bump its version, and queue the edit.

    ``resolves`` names a hub conflict this edit settles; such an edit is queued even when it changes
    nothing locally (taking the hub's value), so the hub learns the conflict is resolved.
    """
    if table_name in APPEND_ONLY:
        raise ValidationError(f"{table_name} are append-only once signed; add an amendment instead.")
    bad = set(changes) - (set(MODELS[table_name].__table__.columns.keys()) - BOOKKEEPING)
    if bad:
        raise ValidationError(f"Cannot edit {', '.join(sorted(bad))} of {table_name}.")
    row = _load(session, table_name, record_id, base_version)
    before = {key: getattr(row, key) for key in changes if getattr(row, key) != changes[key]}
    if not before and resolves is None:
        return row
    for key in before:
        setattr(row, key, changes[key])
    if before:
        row.version = base_version + 1
        row.updated_at = utc_now()
    outbox.record_update(session, row, base_version, before, resolves=resolves)
    return row


def update_person(session: Session, person_id: str, changes: Mapping[str, Any], base_version: int) -> Person:
    return update_record(session, "persons", person_id, changes, base_version)


def tombstone_record(session: Session, table_name: str, record_id: str, base_version: int) -> Any:
    """Delete by tombstone: the row stays (flagged) so the deletion itself can sync."""
    row = _load(session, table_name, record_id, base_version)
    row.deleted = True
    row.version = base_version + 1
    row.updated_at = utc_now()
    outbox.record_tombstone(session, row, base_version)
    return row


def sign_contact(session: Session, contact_id: str, signed_by: str | None) -> Contact:
    """Sign a draft with the answers it holds: from now on it is append-only and goes to the hub
    exactly once (contact_records.sign seals it and writes the outbox entry)."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise ValidationError(f"No contact {contact_id}.")
    if contact.status == "signed":
        raise ValidationError("This contact is already signed; corrections are amendments.")
    contact_records.sign(
        session, contact_id, signed_by=signed_by, signed_at=utc_now(), answers=dict(contact.answers)
    )
    return contact


def add_amendment(
    session: Session, site_id: str, contact_id: str, reason: str, changes: dict[str, Any], author: str | None
) -> Amendment:
    contact = session.get(Contact, contact_id)
    if contact is None or contact.status != "signed":
        raise ValidationError("Only a signed contact can be amended.")
    stored = contact_records.add_amendment(
        session, contact_id, site_id=site_id, author=author, reason=reason, changes=changes
    )
    amendment = session.get(Amendment, stored.id)
    assert amendment is not None
    return amendment
