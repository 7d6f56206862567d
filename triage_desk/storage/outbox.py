"""The transactional outbox: every local write of a synced table appends a mutation here.

Call these inside the same session (so the same transaction) as the write itself: either both the
change and its outbox entry commit, or neither does, so no change can be forgotten by sync.

Payload shape (canonical JSON, see :mod:`canonical`)::

    {"row": <the whole row after the change>, "base": {field: value before the change, ...}}

``base`` holds only the changed fields; it is the common ancestor of a three-way merge on the hub.
Writes made by applying pulled hub rows never call this module, so sync does not echo.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from triage_desk.domain.ids import new_id
from triage_desk.storage.canonical import encode_value, row_payload
from triage_desk.storage.models import OutboxEntry
from triage_desk.storage.synced_tables import BOOKKEEPING, MODELS, should_sync, synced_payload

PENDING = "pending"
ACKNOWLEDGED = "acknowledged"
QUARANTINED = "quarantined"


def _table_name(row: Any) -> str:
    name = row.__table__.name
    if name not in MODELS:
        raise ValueError(f"{name} is not a synced table")
    return name


def _append(
    session: Session,
    row: Any,
    op: str,
    base_version: int | None,
    base: dict[str, Any],
    resolves: str | None = None,
) -> None:
    name = _table_name(row)
    session.flush()  # column defaults (version, timestamps) exist only after a flush
    payload = synced_payload(name, row_payload(row.__table__, row))
    if not should_sync(name, payload):
        return
    session.add(
        OutboxEntry(
            mutation_id=new_id(),
            table_name=name,
            record_id=row.id,
            op=op,
            base_version=base_version,
            payload={"row": payload, "base": base, **({"resolves": resolves} if resolves else {})},
        )
    )


def record_insert(session: Session, row: Any) -> None:
    """A new row (or a contact/amendment at the moment it is signed)."""
    _append(session, row, "insert", None, {})


def record_update(
    session: Session,
    row: Any,
    base_version: int,
    changed_fields: Mapping[str, Any],
    *,
    resolves: str | None = None,
) -> None:
    """An edit: ``changed_fields`` maps each changed field to its value *before* the edit."""
    base = {key: encode_value(value) for key, value in changed_fields.items()}
    _append(session, row, "update", base_version, base, resolves)


def record_tombstone(session: Session, row: Any, base_version: int) -> None:
    """A deletion (``row.deleted`` already set). Its base is the whole row as the user last saw it, so
    the hub can tell a deletion of a record somebody else has since edited (a conflict, not a loss)."""
    payload = synced_payload(row.__table__.name, row_payload(row.__table__, row))
    base = {k: v for k, v in payload.items() if k not in BOOKKEEPING}
    base["deleted"] = False
    _append(session, row, "delete", base_version, base)


class PendingEntry(NamedTuple):
    """An outbox row as push reads it (plain values, no ORM object per entry)."""

    seq: int
    mutation_id: str
    table_name: str
    record_id: str
    op: str
    base_version: int | None
    payload: dict[str, Any]


def record_purge(session: Session, table_name: str, record_ids: Iterable[str]) -> None:
    """A retention purge: the id alone goes to the hub (no content), which destroys its copy and every
    other desk's. Deleted once the hub has acknowledged it, like the record itself."""
    for record_id in record_ids:
        session.add(
            OutboxEntry(
                mutation_id=new_id(),
                table_name=table_name,
                record_id=record_id,
                op="purge",
                base_version=None,
                payload={"row": {"id": record_id}, "base": {}},
            )
        )


def pending(session: Session, limit: int) -> list[PendingEntry]:
    t = OutboxEntry.__table__
    stmt = (
        select(t.c.seq, t.c.mutation_id, t.c.table_name, t.c.record_id, t.c.op, t.c.base_version, t.c.payload)
        .where(t.c.state == PENDING)
        .order_by(t.c.seq)
        .limit(limit)
    )
    return [PendingEntry(*row) for row in session.execute(stmt)]


def pending_count(session: Session) -> int:
    return session.scalar(select(func.count()).where(OutboxEntry.state == PENDING)) or 0


def has_pending(session: Session) -> bool:
    return session.scalar(select(OutboxEntry.seq).where(OutboxEntry.state == PENDING).limit(1)) is not None


def pending_record_ids(session: Session, record_ids: Iterable[str] | None = None) -> set[str]:
    """Records with local changes the hub has not acknowledged (pull must not clobber these)."""
    stmt = select(OutboxEntry.record_id).where(OutboxEntry.state == PENDING)
    if record_ids is not None:
        ids = list(record_ids)
        if not ids:
            return set()
        stmt = stmt.where(OutboxEntry.record_id.in_(ids))
    return set(session.scalars(stmt))


def pending_changed_fields(session: Session, record_id: str) -> set[str] | None:
    """Fields changed by pending entries of a record; None means a pending insert (all fields)."""
    fields: set[str] = set()
    stmt = select(OutboxEntry.op, OutboxEntry.payload).where(
        OutboxEntry.state == PENDING, OutboxEntry.record_id == record_id
    )
    for op, payload in session.execute(stmt):
        if op == "insert":
            return None
        fields.update(payload.get("base", {}))
        if op == "delete":
            fields.add("deleted")
    return fields


def mark(session: Session, seqs: Iterable[int], state: str) -> None:
    ids = list(seqs)
    if ids and state == ACKNOWLEDGED:
        # An acknowledged purge keeps nothing of the record, not even its id.
        session.execute(delete(OutboxEntry).where(OutboxEntry.seq.in_(ids), OutboxEntry.op == "purge"))
    if ids:
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq.in_(ids))
            .values(state=state, attempts=OutboxEntry.attempts + 1)
        )
