"""Finding and deleting the people whose records have passed their retention period.

A person is due when their last activity (latest contact, or the last edit of their record if that
is later) is before the cutoff, they are not on legal hold, and no retained person was merged into
them (deleting the target of a merge would orphan, or force out, a record that must stay).

The purge deletes the person and everything hanging off them (contacts, amendments, aliases,
warnings, response plans, and unsent outbox rows that would otherwise re-upload them), then writes
each id to the purge ledger. Audit events are kept: the law asks for the access log to outlive the
record, and it holds ids, not identities.

Sync: each purged id is queued for the hub as a ``purge`` outbox entry that carries the id and
nothing else, so the hub and every other desk destroy their copies too and refuse them from then on.
A purge that arrives *from* the hub (:func:`purge_records` with ``queue_for_hub=False``) does the
same locally without echoing, and turns this desk's unsent changes to those records into visible
quarantine entries (with their content removed) instead of dropping them silently. Quarantine
entries about a purged record lose their copies of its content either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from triage_desk.domain.ids import new_id
from triage_desk.storage import outbox, purge_ledger
from triage_desk.storage.models import (
    Amendment,
    Contact,
    OutboxEntry,
    Person,
    PersonAlias,
    PurgeAuthorisation,
    QuarantineEntry,
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


@dataclass(frozen=True)
class _How:
    record_class: str
    now: datetime
    queue_for_hub: bool = True
    pending_reason: str | None = None  # set: unsent local changes become quarantine entries


def purge(session: Session, person_ids: set[str], record_class: str, now: datetime, *,
          queue_for_hub: bool = True, pending_reason: str | None = None) -> PurgeCounts:
    """Delete the people and everything hanging off them, and ledger every id, in the caller's transaction."""
    return _purge_persons(session, person_ids, _How(record_class, now, queue_for_hub, pending_reason))


def purge_records(session: Session, by_table: dict[str, list[str]], record_class: str, now: datetime, *,
                  queue_for_hub: bool = False, pending_reason: str | None = None) -> PurgeCounts:
    """Purge records named by table (a purge pulled from the hub): persons with everything hanging
    off them, contacts with their amendments, other records alone. Ids this desk does not hold are
    ledgered all the same, so they are refused if they ever arrive."""
    how = _How(record_class, now, queue_for_hub, pending_reason)
    counts = PurgeCounts()
    for contacts in _chunks(by_table.get("contacts", [])):
        amendment_ids = _ids(session, Amendment, Amendment.contact_id.in_(contacts))
        counts.amendments += _delete(session, Amendment, amendment_ids, "amendments", how)
    for table, model, attr in (("amendments", Amendment, "amendments"), ("contacts", Contact, "contacts"),
                               ("person_aliases", PersonAlias, "aliases"),
                               ("safety_warnings", SafetyWarning, "warnings"),
                               ("response_plans", ResponsePlan, "response_plans")):
        ids = by_table.get(table, [])
        setattr(counts, attr, getattr(counts, attr) + _delete(session, model, ids, table, how))
    persons = _purge_persons(session, set(by_table.get("persons", [])), how)
    for f in fields(PurgeCounts):
        setattr(counts, f.name, getattr(counts, f.name) + getattr(persons, f.name))
    return counts


def _purge_persons(session: Session, person_ids: set[str], how: _How) -> PurgeCounts:
    counts = PurgeCounts()
    # Merges inside the purge set point at rows about to go; unlink first so the order does not matter.
    for batch in _chunks(person_ids):
        session.execute(update(Person).where(Person.id.in_(batch)).values(merged_into_id=None))
    for batch in _chunks(person_ids):
        contact_ids = list(session.execute(select(Contact.id).where(Contact.person_id.in_(batch))).scalars())
        for contacts in _chunks(contact_ids):
            amendment_ids = _ids(session, Amendment, Amendment.contact_id.in_(contacts))
            counts.amendments += _delete(session, Amendment, amendment_ids, "amendments", how)
            counts.contacts += _delete(session, Contact, contacts, "contacts", how)
        for model, table, attr in ((PersonAlias, "person_aliases", "aliases"),
                                   (SafetyWarning, "safety_warnings", "warnings"),
                                   (ResponsePlan, "response_plans", "response_plans")):
            ids = _ids(session, model, model.person_id.in_(batch))
            deleted = _delete(session, model, ids, table, how)
            setattr(counts, attr, getattr(counts, attr) + deleted)
        counts.persons += _delete(session, Person, batch, "persons", how)
    return counts


def _ids(session: Session, model: type, condition: object) -> list[str]:
    return list(session.execute(select(model.id).where(condition)).scalars())  # type: ignore[attr-defined,arg-type]


def _delete(session: Session, model: type, ids: list[str], table: str, how: _How) -> int:
    """Delete, ledger and (unless it came from the hub) queue; returns how many rows were here."""
    if not ids:
        return 0
    deleted = 0
    for batch in _chunks(ids):
        if how.pending_reason is not None:
            _quarantine_pending(session, table, batch, how.pending_reason)
        # Unsent outbox rows carry a full copy of the record: they must go too, or sync re-creates it.
        session.execute(delete(OutboxEntry).where(OutboxEntry.table_name == table,
                                                  OutboxEntry.record_id.in_(batch)))
        # A quarantined change keeps its entry (it is still reported) but not the content.
        session.execute(update(QuarantineEntry)
                        .where(QuarantineEntry.table_name == table, QuarantineEntry.record_id.in_(batch))
                        .values(local_payload={}, fields={}))
        sealed = model in (Contact, Amendment)
        if sealed:
            session.execute(insert(PurgeAuthorisation), [{"record_id": i} for i in batch])
        result = session.execute(delete(model).where(model.id.in_(batch)))  # type: ignore[attr-defined]
        deleted += result.rowcount  # type: ignore[attr-defined]
        if sealed:
            session.execute(delete(PurgeAuthorisation).where(PurgeAuthorisation.record_id.in_(batch)))
        if how.queue_for_hub:
            outbox.record_purge(session, table, batch)
    purge_ledger.record_purged(session, table, ids, how.record_class, how.now)
    return deleted


def _quarantine_pending(session: Session, table: str, ids: list[str], reason: str) -> None:
    pending = session.execute(
        select(OutboxEntry.mutation_id, OutboxEntry.record_id, OutboxEntry.op)
        .where(OutboxEntry.table_name == table, OutboxEntry.record_id.in_(ids),
               OutboxEntry.state == outbox.PENDING)
    ).all()
    for mutation_id, record_id, op in pending:
        session.add(QuarantineEntry(id=new_id(), mutation_id=mutation_id, kind="rejected", table_name=table,
                                    record_id=record_id, op=op, reason=reason, local_payload={},
                                    fields={}))


def set_legal_hold(session: Session, person_id: str, held: bool) -> bool:
    """Set the hold flag; False if there is no such person."""
    person = session.get(Person, person_id)
    if person is None:
        return False
    person.legal_hold = held
    person.version += 1
    return True
