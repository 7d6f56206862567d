"""Contact records: drafts (autosaved, device-only), signing, and amendments of signed records.

Signed contacts are append-only. Three guards enforce it, from the friendliest to the last resort:
1. the functions here refuse to touch a signed row (SignedRecordError with what to do instead);
2. an ORM ``before_flush`` listener refuses any flush that changes or deletes a signed contact or an
   amendment, whatever code path produced it;
3. SQLite triggers (migration 0005) abort an UPDATE/DELETE of a signed row made with plain SQL.

Answers arrive JSON-ready (see forms_engine.answer_codec); the reporting columns (key timings,
triage/outcome codes…) are denormalised from them on every save so lists never parse JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import TriageDeskError
from triage_desk.domain.ids import new_id
from triage_desk.storage import outbox
from triage_desk.storage.canonical import content_hash, encode_value
from triage_desk.storage.models import Amendment, Contact

TIMING_FIELDS = ("call_received_at", "mhp_involved_at", "advice_given_at", "closed_at")
CODE_FIELDS = (
    "triage_code",
    "outcome_code",
    "rcrp_decision",
    "contact_mode",
    "requester_type",
    "location_type",
)
_CODE_WIDTH = {c: Contact.__table__.c[c].type.length for c in CODE_FIELDS}  # type: ignore[attr-defined]


class SignedRecordError(TriageDeskError):
    """A signed contact (or an amendment) was about to be changed."""


class ContactNotFoundError(TriageDeskError):
    """No contact with that id on this device."""


@dataclass(frozen=True)
class StoredContact:
    """A contact as the layers above see it (no ORM object leaks upward)."""

    id: str
    form_id: str
    form_version: int
    status: str
    answers: dict[str, Any]
    incident_ref: str | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    signed_by: str | None
    signed_at: datetime | None
    content_hash: str | None


@dataclass(frozen=True)
class StoredAmendment:
    id: str
    contact_id: str
    author: str | None
    created_at: datetime
    reason: str
    changes: dict[str, Any]
    content_hash: str | None


def canonical_hash(payload: Mapping[str, Any]) -> str:
    """sha256 of canonical JSON (sorted keys, no spaces): the same content always hashes the same."""
    return content_hash({k: encode_value(v) for k, v in payload.items()})


def create_draft(
    session: Session, *, site_id: str, form_id: str, form_version: int, created_by: str | None
) -> StoredContact:
    now = utc_now()
    row = Contact(
        id=new_id(),
        origin_site=site_id,
        form_id=form_id,
        form_version=str(form_version),
        status="draft",
        answers={},
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return _view(row)


def save_answers(session: Session, contact_id: str, answers: Mapping[str, Any]) -> StoredContact:
    row = _get(session, contact_id)
    if row.status == "signed":
        raise SignedRecordError(
            f"Contact {contact_id} is signed and cannot be changed.",
            hint="Add an amendment with a reason instead.",
        )
    row.answers = dict(answers)
    row.updated_at = utc_now()
    _denormalise(row, answers)
    session.flush()
    return _view(row)


def sign(
    session: Session,
    contact_id: str,
    *,
    signed_by: str | None,
    signed_at: datetime,
    answers: Mapping[str, Any],
) -> StoredContact:
    """Save the final answers, seal the record with a content hash and queue it for the hub, all in
    the caller's transaction: a signed record and its outbox entry exist together or not at all."""
    row = _get(session, contact_id)
    if row.status == "signed":
        raise SignedRecordError(f"Contact {contact_id} is already signed.", hint="Amend it instead.")
    row.answers = dict(answers)
    _denormalise(row, answers)
    row.updated_at = signed_at
    row.status = "signed"
    row.signed_by = signed_by
    row.signed_at = signed_at
    row.content_hash = canonical_hash(
        {
            "form_id": row.form_id,
            "form_version": row.form_version,
            "answers": row.answers,
            "signed_by": signed_by,
            "signed_at": signed_at.astimezone(UTC).isoformat(),
        }
    )
    session.flush()
    outbox.record_insert(session, row)
    return _view(row)


def add_amendment(
    session: Session,
    contact_id: str,
    *,
    site_id: str,
    author: str | None,
    reason: str,
    changes: Mapping[str, Any],
) -> StoredAmendment:
    row = _get(session, contact_id)
    if row.status != "signed":
        raise TriageDeskError(
            f"Contact {contact_id} is still a draft.",
            hint="Edit the draft directly; amend signed records only.",
        )
    if not reason.strip():
        raise TriageDeskError(
            "An amendment needs a reason.", hint="Say why the signed record is being corrected."
        )
    if not changes:
        raise TriageDeskError("An amendment must change at least one answer.")
    now = utc_now()
    amendment = Amendment(
        id=new_id(),
        origin_site=site_id,
        contact_id=contact_id,
        author=author,
        created_at=now,
        reason=reason.strip(),
        changes=dict(changes),
    )
    amendment.content_hash = canonical_hash(
        {
            "contact_id": contact_id,
            "contact_hash": row.content_hash,
            "author": author,
            "created_at": now.isoformat(),
            "reason": amendment.reason,
            "changes": amendment.changes,
        }
    )
    session.add(amendment)
    session.flush()
    outbox.record_insert(session, amendment)
    return _amendment_view(amendment)


def get_contact(session: Session, contact_id: str) -> StoredContact:
    return _view(_get(session, contact_id))


def amendments_of(session: Session, contact_id: str) -> list[StoredAmendment]:
    rows = session.scalars(
        select(Amendment)
        .where(Amendment.contact_id == contact_id)
        .order_by(Amendment.created_at, Amendment.id)
    )
    return [_amendment_view(a) for a in rows]


def unsigned_drafts(session: Session, created_by: str | None = None) -> list[StoredContact]:
    """Drafts left open (newest first), e.g. after a crash; optionally only one user's."""
    stmt = select(Contact).where(Contact.status == "draft").order_by(Contact.updated_at.desc())
    if created_by is not None:
        stmt = stmt.where(Contact.created_by == created_by)
    return [_view(c) for c in session.scalars(stmt)]


def _get(session: Session, contact_id: str) -> Contact:
    row = session.get(Contact, contact_id)
    if row is None:
        raise ContactNotFoundError(f"Contact {contact_id} was not found on this device.")
    return row


def _denormalise(row: Contact, answers: Mapping[str, Any]) -> None:
    for name in TIMING_FIELDS:
        setattr(row, name, _as_utc(answers.get(name)))
    for name in CODE_FIELDS:
        value = answers.get(name)
        ok = isinstance(value, str) and len(value) <= _CODE_WIDTH[name]
        setattr(row, name, value if ok else None)
    ref = answers.get("incident_ref")
    row.incident_ref = ref[:60] if isinstance(ref, str) and ref.strip() else None


def _as_utc(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None  # naive times are ambiguous: leave the column empty


def _view(row: Contact) -> StoredContact:
    return StoredContact(
        id=row.id,
        form_id=row.form_id,
        form_version=int(row.form_version),
        status=row.status,
        answers=dict(row.answers or {}),
        incident_ref=row.incident_ref,
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        signed_by=row.signed_by,
        signed_at=row.signed_at,
        content_hash=row.content_hash,
    )


def _amendment_view(a: Amendment) -> StoredAmendment:
    return StoredAmendment(
        a.id, a.contact_id, a.author, a.created_at, a.reason, dict(a.changes), a.content_hash
    )


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_signed(session: Session, _context: object, _instances: object) -> None:
    """Last ORM-level guard: whatever code path changed a signed contact, the flush fails."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Amendment):
            raise SignedRecordError("Amendments are append-only and cannot be changed or deleted.")
        if isinstance(obj, Contact):
            state = inspect(obj)
            history = state.attrs.status.history
            was = history.deleted[0] if history.deleted else obj.status
            # Which person the record is about may be corrected (link, audited merge); nothing else.
            sealed_changed = any(
                state.attrs[prop.key].history.has_changes()
                for prop in state.mapper.column_attrs
                if prop.key not in ("person_id", "updated_at")
            )
            if was == "signed" and (obj in session.deleted or sealed_changed):
                raise SignedRecordError(
                    f"Contact {obj.id} is signed and cannot be changed.",
                    hint="Add an amendment with a reason instead.",
                )
