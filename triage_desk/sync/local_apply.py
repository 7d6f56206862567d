"""Write hub rows into the desk database without echo and without clobbering local edits.

Rows are written with plain Core statements, never through :mod:`storage.outbox`, so pulled data is
not pushed back. A record with un-acknowledged local changes is merged field by field: the hub's
values everywhere except the fields the desk has pending, which the next push carries to the hub
(where the three-way merge turns a same-field clash into a conflict record). Signed entries are
insert-only: an existing local copy is never overwritten.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from triage_desk.domain.ids import new_id
from triage_desk.storage import outbox
from triage_desk.storage.canonical import payload_values
from triage_desk.storage.models import QuarantineEntry
from triage_desk.storage.synced_tables import APPEND_ONLY, SYNCED_TABLES, table
from triage_desk.sync.protocol import Change

log = logging.getLogger(__name__)


def _upsert(name: str) -> Any:
    t = table(name)
    stmt = sqlite_insert(t)
    if name in APPEND_ONLY:
        return stmt.on_conflict_do_nothing(index_elements=[t.c.id])
    return stmt.on_conflict_do_update(
        index_elements=[t.c.id], set_={c.key: stmt.excluded[c.key] for c in t.columns if c.key != "id"}
    )


def apply_changes(session: Session, changes: Sequence[Change]) -> int:
    """Apply hub rows (in seq order) inside the caller's transaction. Returns rows written."""
    if not changes:
        return 0
    pending = outbox.pending_record_ids(session, {c.record_id for c in changes})
    by_table: dict[str, list[dict[str, Any]]] = {}
    merged = 0
    for change in changes:
        if change.table_name not in SYNCED_TABLES:
            continue  # a newer hub's table this desk does not know: skipped, not fatal
        values = payload_values(table(change.table_name), json.loads(change.payload))
        if change.record_id in pending and change.table_name not in APPEND_ONLY:
            merged += _merge_with_pending(session, change.table_name, values)
        else:
            by_table.setdefault(change.table_name, []).append(values)
    # Parents before children; within a table, seq order is kept.
    for name in SYNCED_TABLES:
        rows = by_table.get(name)
        if rows:
            _write_rows(session, name, rows)
    return sum(len(r) for r in by_table.values()) + merged


def _write_rows(session: Session, name: str, rows: list[dict[str, Any]]) -> None:
    try:
        with session.begin_nested():
            session.execute(_upsert(name), rows)
    except IntegrityError:
        # A local unique rule refused some row (e.g. the same username made on two desks). Apply the
        # rest one by one and keep each refused row visible instead of blocking the whole pull.
        for row in rows:
            try:
                with session.begin_nested():
                    session.execute(_upsert(name), [row])
            except IntegrityError as exc:
                log.warning("pulled %s %s not applied locally: %s", name, row["id"], exc.orig)
                session.add(
                    QuarantineEntry(
                        id=new_id(),
                        mutation_id=new_id(),
                        kind="unapplied",
                        table_name=name,
                        record_id=row["id"],
                        op="pull",
                        reason=f"could not be stored on this desk: {exc.orig}",
                        local_payload={},
                        fields={},
                    )
                )


def _merge_with_pending(session: Session, name: str, values: dict[str, Any]) -> int:
    keep = outbox.pending_changed_fields(session, values["id"])
    if keep is None:
        return 0  # a local insert not yet acknowledged: the local row stands until it is
    t = table(name)
    hub_values = {k: v for k, v in values.items() if k not in keep and k not in ("id", "version")}
    session.execute(update(t).where(t.c.id == values["id"]).values(**hub_values))
    return 1
