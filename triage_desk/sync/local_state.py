"""The desk's own sync bookkeeping: cursor per hub, and the quarantine of unaccepted changes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage_desk.domain.ids import new_id
from triage_desk.storage.models import QuarantineEntry, SyncState
from triage_desk.storage.outbox import PendingEntry


def state_for(session: Session, hub_id: str, label: str) -> SyncState:
    state = session.get(SyncState, hub_id)
    if state is None:
        state = SyncState(hub_id=hub_id, hub_label=label, cursor=0, initial_sync_complete=False)
        session.add(state)
        session.flush()
    return state


def latest_state(session: Session) -> SyncState | None:
    stmt = select(SyncState).order_by(SyncState.last_attempt_at.desc().nulls_last()).limit(1)
    return session.scalars(stmt).first()


def quarantine(
    session: Session,
    entry: PendingEntry,
    kind: str,
    reason: str,
    fields: dict[str, Any] | None = None,
    hub_conflict_id: str | None = None,
) -> None:
    """Keep the local change, as sent, for a person to resolve. One per mutation, however often resent."""
    exists = session.scalar(
        select(QuarantineEntry.id).where(QuarantineEntry.mutation_id == entry.mutation_id)
    )
    if exists:
        return
    session.add(
        QuarantineEntry(
            id=new_id(),
            mutation_id=entry.mutation_id,
            kind=kind,
            table_name=entry.table_name,
            record_id=entry.record_id,
            op=entry.op,
            reason=reason,
            local_payload=entry.payload,
            fields=fields or {},
            hub_conflict_id=hub_conflict_id,
        )
    )


def unresolved(session: Session) -> list[QuarantineEntry]:
    stmt = (
        select(QuarantineEntry)
        .where(QuarantineEntry.resolved_at.is_(None))
        .order_by(QuarantineEntry.created_at)
    )
    return list(session.scalars(stmt))


def unresolved_count(session: Session) -> int:
    return session.scalar(select(func.count()).where(QuarantineEntry.resolved_at.is_(None))) or 0


def unresolved_record_ids(session: Session) -> set[str]:
    return set(
        session.scalars(select(QuarantineEntry.record_id).where(QuarantineEntry.resolved_at.is_(None)))
    )
