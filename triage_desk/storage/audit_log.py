"""The access audit log: append-only, hash-chained per desk, and a verifier that says where it broke.

Each desk (``origin_site``) writes its own chain: ``seq`` counts 1, 2, 3... and every event's
``hash`` is SHA-256 over a canonical JSON of its fields *and* the previous event's hash. Editing,
deleting or reordering a row behind the app's back therefore breaks the chain at that row, and
:func:`verify` names the desk, the seq and what did not match. Chains from other desks arrive by
sync and are verified on their own, since their seqs interleave with ours in time but not in order.

What a local chain cannot prove: that the newest events were not cut off the end. The desk keeps
its high-water mark in ``site_meta`` to catch the careless case; the real defence is the copy the
hub already holds.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from triage_desk.domain.ids import new_id
from triage_desk.storage import outbox
from triage_desk.storage.models import AuditEvent, Contact, SiteMeta

GENESIS = "0" * 64
_HIGH_WATER = "audit_last_seq:"


def canonical_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(*, origin_site: str, seq: int, occurred_at: datetime, user_id: str | None,
               username: str | None, action: str, record_type: str | None, record_id: str | None,
               purpose: str | None, detail: dict[str, Any] | None, prev_hash: str) -> str:
    payload = {
        "origin_site": origin_site, "seq": seq, "occurred_at": canonical_time(occurred_at),
        "user_id": user_id, "username": username, "action": action, "record_type": record_type,
        "record_id": record_id, "purpose": purpose, "detail": detail, "prev_hash": prev_hash,
    }
    # sort_keys + fixed separators + UTF-8: the same event hashes the same on every desk and the hub.
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _recompute(event: AuditEvent, *, seq: int | None = None) -> str:
    return event_hash(
        origin_site=event.origin_site, seq=event.seq if seq is None else seq, occurred_at=event.occurred_at,
        user_id=event.user_id, username=event.username, action=event.action, record_type=event.record_type,
        record_id=event.record_id, purpose=event.purpose, detail=event.detail, prev_hash=event.prev_hash,
    )


def append(session: Session, *, origin_site: str, action: str, occurred_at: datetime,
           user_id: str | None = None, username: str | None = None, record_type: str | None = None,
           record_id: str | None = None, purpose: str | None = None,
           detail: dict[str, Any] | None = None) -> AuditEvent:
    """Add the next event of ``origin_site``'s chain inside the caller's transaction.

    Called in the same transaction as the audited action, so either both are stored or neither.
    Two writers racing for the same seq collide on the (origin_site, seq) unique constraint and one
    rolls back: the chain can never fork silently.
    """
    # Take the write lock before reading the chain's end: reads that log (a search, a detail view)
    # run on several worker threads, and two of them reading the same last seq would collide.
    # A no-op UPDATE makes SQLite begin the write transaction here, so the other writer waits.
    high_water = _HIGH_WATER + origin_site
    session.execute(update(SiteMeta).where(SiteMeta.key == high_water).values(value=SiteMeta.value))
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).where(AuditEvent.origin_site == origin_site)
        .order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    # Round-trip through JSON now so the hash covers exactly what the database will give back.
    detail = json.loads(json.dumps(detail)) if detail is not None else None
    event = AuditEvent(
        id=new_id(), origin_site=origin_site, seq=seq, occurred_at=occurred_at, user_id=user_id,
        username=username, action=action, record_type=record_type, record_id=record_id, purpose=purpose,
        detail=detail, prev_hash=prev_hash,
    )
    event.hash = _recompute(event)
    session.add(event)
    session.merge(SiteMeta(key=high_water, value=str(seq)))
    session.flush()
    # Audit events sync to the hub like any append-only record, so supervisors see every desk's
    # accesses and a lost laptop's log survives it; queued in the same transaction as the event.
    outbox.record_insert(session, event)
    return event


def events_for_record(session: Session, record_type: str, record_id: str) -> list[AuditEvent]:
    return list(session.execute(
        select(AuditEvent).where(AuditEvent.record_type == record_type, AuditEvent.record_id == record_id)
        .order_by(AuditEvent.occurred_at, AuditEvent.origin_site, AuditEvent.seq)
    ).scalars())


def events_for_person(session: Session, person_type: str, contact_type: str,
                      person_id: str) -> list[AuditEvent]:
    """Events about the person record itself, and about every contact record now linked to them."""
    contacts = select(Contact.id).where(Contact.person_id == person_id)
    return list(session.execute(
        select(AuditEvent).where(or_(
            and_(AuditEvent.record_type == person_type, AuditEvent.record_id == person_id),
            and_(AuditEvent.record_type == contact_type, AuditEvent.record_id.in_(contacts)),
        )).order_by(AuditEvent.occurred_at, AuditEvent.origin_site, AuditEvent.seq)
    ).scalars())


def count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()


@dataclass(frozen=True)
class AuditProblem:
    site: str
    seq: int | None
    kind: str  # edited, missing, reordered, chain_broken, truncated
    message: str


@dataclass
class VerifyReport:
    events_checked: int = 0
    sites: list[str] = field(default_factory=list)
    problems: list[AuditProblem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def verify(session: Session) -> VerifyReport:
    """Check every desk's chain; report each edited, missing or reordered event with its place."""
    chains: dict[str, list[AuditEvent]] = defaultdict(list)
    ordered = select(AuditEvent).order_by(AuditEvent.origin_site, AuditEvent.seq)
    for event in session.execute(ordered).scalars():
        chains[event.origin_site].append(event)
    report = VerifyReport(sites=sorted(chains))
    for site in report.sites:
        report.events_checked += len(chains[site])
        report.problems.extend(_verify_chain(site, chains[site]))
    marks = session.execute(select(SiteMeta).where(SiteMeta.key.startswith(_HIGH_WATER))).scalars()
    for mark in marks:
        site = mark.key.removeprefix(_HIGH_WATER)
        recorded = int(mark.value)
        last = chains[site][-1].seq if chains.get(site) else 0
        if last < recorded:
            report.problems.append(AuditProblem(
                site, last + 1, "truncated",
                f"events seq {last + 1}–{recorded} on desk {site} are missing from the end of the log "
                f"(this desk recorded up to seq {recorded}).",
            ))
    return report


def _verify_chain(site: str, events: list[AuditEvent]) -> list[AuditProblem]:
    problems: list[AuditProblem] = []
    by_hash = {e.hash: e for e in events}
    by_prev = {e.prev_hash: e for e in events}
    previous: AuditEvent | None = None
    previous_flagged = False
    for event in events:
        expected_seq = previous.seq + 1 if previous else 1
        gap = event.seq > expected_seq
        if gap:
            last_missing = event.seq - 1
            what = f"seq {expected_seq}" + ("" if last_missing == expected_seq else f"–{last_missing}")
            where = f"between {previous.seq} and {event.seq}" if previous else f"before {event.seq}"
            problems.append(AuditProblem(site, expected_seq, "missing",
                                         f"{what} missing {where} on desk {site} (deleted)."))
        flagged = _recompute(event) != event.hash
        if flagged:
            written_as = _original_seq(event, by_hash, by_prev)
            if written_as is not None:
                problems.append(AuditProblem(
                    site, event.seq, "reordered",
                    f"order broken at seq {event.seq} on desk {site}: this event was written as seq "
                    f"{written_as} and has been moved.",
                ))
            else:
                problems.append(AuditProblem(
                    site, event.seq, "edited",
                    f"event seq {event.seq} on desk {site} was edited: stored hash ≠ recomputed.",
                ))
        elif not gap and not previous_flagged and event.prev_hash != (previous.hash if previous else GENESIS):
            # The row hashes correctly but does not follow its predecessor: the predecessor was
            # replaced, or this row was rewritten by someone who knew the recipe.
            problems.append(AuditProblem(
                site, event.seq, "chain_broken",
                f"chain broken at seq {event.seq} on desk {site}: it does not follow seq "
                f"{expected_seq - 1} (that event was replaced or rewritten).",
            ))
        previous, previous_flagged = event, flagged
    return problems


def _original_seq(event: AuditEvent, by_hash: dict[str, AuditEvent],
                  by_prev: dict[str, AuditEvent]) -> int | None:
    """If ``event`` is intact apart from its seq, the seq it was written with (a moved event)."""
    candidates: list[int] = []
    if event.prev_hash == GENESIS:
        candidates.append(1)
    predecessor = by_hash.get(event.prev_hash)
    if predecessor is not None:
        candidates.append(predecessor.seq + 1)
    successor = by_prev.get(event.hash)
    if successor is not None:
        candidates.append(successor.seq - 1)
    for seq in candidates:
        if seq != event.seq and _recompute(event, seq=seq) == event.hash:
            return seq
    return None
