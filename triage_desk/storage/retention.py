"""Finding and deleting the people whose records have passed their retention period.

A person is due when their last activity (latest contact, or the last edit of their record if that
is later) is before the cutoff, they are not on legal hold, and no retained person was merged into
them (deleting the target of a merge would orphan, or force out, a record that must stay).

The purge deletes the person and everything hanging off them (contacts, amendments, aliases,
warnings, response plans, and unsent outbox rows that would otherwise re-upload them), then writes
each id to the purge ledger. Audit events are kept: the law asks for the access log to outlive the
record, and it holds ids, not identities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from triage_desk.storage import purge_ledger
from triage_desk.storage.models import (
    Amendment,
    Contact,
    OutboxEntry,
    Person,
    PersonAlias,
    PurgeAuthorisation,
    ResponsePlan,
    SafetyWarning,
)

_CHUNK = 500


@dataclass
class PurgeCounts:
    persons: int = 0
    contacts: int = 0
    amendments: int = 0
    aliases: int = 0
    warnings: int = 0
    response_plans: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class DuePersons:
    ids: set[str]
    on_legal_hold: int
    linked_to_retained: int


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for record_id in ids:
        batch.append(record_id)
        if len(batch) == _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def due_persons(session: Session, cutoff: datetime) -> DuePersons:
    last_contact = (
        select(Contact.person_id, func.max(func.coalesce(Contact.call_received_at, Contact.created_at))
               .label("last"))
        .where(Contact.person_id.is_not(None)).group_by(Contact.person_id).subquery()
    )
    rows = session.execute(
        select(Person.id, Person.legal_hold, Person.merged_into_id, Person.updated_at, last_contact.c.last)
        .outerjoin(last_contact, last_contact.c.person_id == Person.id)
    ).all()
    last_seen = {r.id: max(t for t in (r.updated_at, r.last) if t is not None) for r in rows}
    held = {r.id for r in rows if r.legal_hold}
    due = {r.id for r in rows if r.id not in held and last_seen[r.id] < cutoff}
    expired_but_held = sum(1 for r in rows if r.id in held and last_seen[r.id] < cutoff)
    # Keep any person that a retained person was merged into, until nothing changes.
    merged_into = {r.id: r.merged_into_id for r in rows if r.merged_into_id}
    kept_for_links: set[str] = set()
    changed = True
    while changed:
        changed = False
        for source, target in merged_into.items():
            if target in due and source not in due:
                due.discard(target)
                kept_for_links.add(target)
                changed = True
    return DuePersons(due, expired_but_held, len(kept_for_links))


def count_related(session: Session, person_ids: set[str]) -> PurgeCounts:
    counts = PurgeCounts(persons=len(person_ids))
    for batch in _chunks(person_ids):
        contact_ids = list(session.execute(select(Contact.id).where(Contact.person_id.in_(batch))).scalars())
        counts.contacts += len(contact_ids)
        for contacts in _chunks(contact_ids):
            counts.amendments += _count(session, Amendment, Amendment.contact_id.in_(contacts))
        counts.aliases += _count(session, PersonAlias, PersonAlias.person_id.in_(batch))
        counts.warnings += _count(session, SafetyWarning, SafetyWarning.person_id.in_(batch))
        counts.response_plans += _count(session, ResponsePlan, ResponsePlan.person_id.in_(batch))
    return counts


def _count(session: Session, model: type, condition: object) -> int:
    return session.execute(select(func.count()).select_from(model).where(condition)).scalar_one()  # type: ignore[arg-type]


def purge(session: Session, person_ids: set[str], record_class: str, now: datetime) -> PurgeCounts:
    """Delete the people and everything hanging off them, and ledger every id, in the caller's transaction."""
    counts = PurgeCounts()
    # Merges inside the purge set point at rows about to go; unlink first so the order does not matter.
    for batch in _chunks(person_ids):
        session.execute(update(Person).where(Person.id.in_(batch)).values(merged_into_id=None))
    for batch in _chunks(person_ids):
        contact_ids = list(session.execute(select(Contact.id).where(Contact.person_id.in_(batch))).scalars())
        for contacts in _chunks(contact_ids):
            amendment_ids = _ids(session, Amendment, Amendment.contact_id.in_(contacts))
            counts.amendments += _delete(session, Amendment, amendment_ids, "amendments", record_class, now)
            counts.contacts += _delete(session, Contact, contacts, "contacts", record_class, now)
        for model, table, attr in ((PersonAlias, "person_aliases", "aliases"),
                                   (SafetyWarning, "safety_warnings", "warnings"),
                                   (ResponsePlan, "response_plans", "response_plans")):
            ids = _ids(session, model, model.person_id.in_(batch))
            deleted = _delete(session, model, ids, table, record_class, now)
            setattr(counts, attr, getattr(counts, attr) + deleted)
        counts.persons += _delete(session, Person, batch, "persons", record_class, now)
    return counts


def _ids(session: Session, model: type, condition: object) -> list[str]:
    return list(session.execute(select(model.id).where(condition)).scalars())  # type: ignore[attr-defined,arg-type]


def _delete(session: Session, model: type, ids: list[str], table: str, record_class: str,
            now: datetime) -> int:
    if not ids:
        return 0
    for batch in _chunks(ids):
        # Unsent outbox rows carry a full copy of the record: they must go too, or sync re-creates it.
        session.execute(delete(OutboxEntry).where(OutboxEntry.table_name == table,
                                                  OutboxEntry.record_id.in_(batch)))
        sealed = model in (Contact, Amendment)
        if sealed:
            session.execute(insert(PurgeAuthorisation), [{"record_id": i} for i in batch])
        session.execute(delete(model).where(model.id.in_(batch)))  # type: ignore[attr-defined]
        if sealed:
            session.execute(delete(PurgeAuthorisation).where(PurgeAuthorisation.record_id.in_(batch)))
    purge_ledger.record_purged(session, table, ids, record_class, now)
    return len(ids)


def set_legal_hold(session: Session, person_id: str, held: bool) -> bool:
    """Set the hold flag; False if there is no such person."""
    person = session.get(Person, person_id)
    if person is None:
        return False
    person.legal_hold = held
    person.version += 1
    return True
