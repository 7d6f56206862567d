"""Store and read a contact's guidance provenance record (Contact.guidance JSON).

A signed contact is append-only: its provenance cannot be replaced here (corrections are amendments).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import ValidationError
from triage_desk.domain.roles import ContactStatus
from triage_desk.storage.models import Contact


def save_guidance(session: Session, contact_id: str, record: dict[str, Any]) -> None:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise ValidationError(f"Contact {contact_id} does not exist.")
    if contact.status == ContactStatus.SIGNED:
        raise ValidationError(
            "This contact is signed; its guidance record cannot change.", hint="Add an amendment instead."
        )
    contact.guidance = record
    contact.triage_code = (record.get("decision") or {}).get("code")
    contact.updated_at = utc_now()


def load_guidance(session: Session, contact_id: str) -> dict[str, Any] | None:
    contact = session.get(Contact, contact_id)
    return contact.guidance if contact is not None else None
