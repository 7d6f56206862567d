"""Write hub rows into the desk database without echo and without clobbering local edits.

Rows are written with driver-level upserts (:mod:`sync.rawsql`), never through
:mod:`storage.outbox`, so pulled data is not pushed back. A record with un-acknowledged local
changes is merged field by field: the hub's values everywhere except the fields the desk has
pending, which the next push carries to the hub (where the three-way merge turns a same-field
clash into a conflict record). Signed entries are
insert-only: an existing local copy is never overwritten.
"""

from __future__ import annotations

import logging
import operator
import sqlite3
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from triage_desk.domain.clock import utc_now
from triage_desk.domain.ids import new_id
from triage_desk.storage import outbox, purge_ledger, retention
from triage_desk.storage.canonical import payload_values
from triage_desk.storage.models import QuarantineEntry
from triage_desk.storage.synced_tables import APPEND_ONLY, DESK_LOCAL, PARENTS, SYNCED_TABLES, table
from triage_desk.sync import rawsql
from triage_desk.sync.protocol import Change

log = logging.getLogger(__name__)


class _Writer:
    """One synced table's upsert, as SQL text for the driver plus the payload-to-tuple conversion."""

    def __init__(self, name: str) -> None:
        t = table(name)
        columns = rawsql.payload_converters(t)
        self.keys = [key for key, _, _ in columns]
        self.id_index = self.keys.index("id")
        self._defaults = [(key, default) for key, _, default in columns]
        self._convert = [(i, f) for i, (_, f, _) in enumerate(columns) if f is not None]
        self._all = operator.itemgetter(*self.keys)
        names = ", ".join(f'"{c}"' for c in self.keys)
        marks = ", ".join("?" for _ in self.keys)
        if name in APPEND_ONLY:
            tail = "ON CONFLICT (id) DO NOTHING"
        else:
            local = DESK_LOCAL.get(name, frozenset())
            sets = ", ".join(f'"{c}" = excluded."{c}"' for c in self.keys if c != "id" and c not in local)
            tail = f"ON CONFLICT (id) DO UPDATE SET {sets}"
        self.sql = f'INSERT INTO "{name}" ({names}) VALUES ({marks}) {tail}'

    def row(self, payload: dict[str, Any]) -> list[Any]:
        try:
            values = list(self._all(payload))
        except KeyError:
            # A column an older desk's payload lacks gets its default; an explicit null stays null.
            get = payload.get
            values = [get(key, default) for key, default in self._defaults]
        for i, f in self._convert:
            if (v := values[i]) is not None:
                values[i] = f(v)
        return values


_WRITERS: dict[str, _Writer] = {}


def _writer(name: str) -> _Writer:
    w = _WRITERS.get(name)
    if w is None:
        w = _WRITERS[name] = _Writer(name)
    return w


PURGED_ON_HUB = (
    "the record was purged under the retention policy (on another desk); this change to it could not "
    "be kept and its content has been removed from this desk"
)


def apply_changes(session: Session, changes: Sequence[Change]) -> int:
    """Apply hub rows (in seq order) inside the caller's transaction. Returns rows written.

    A change without a payload is one this desk sent itself (an insert the hub stored as sent), so
    there is nothing to write, or a purge, which destroys the local copy. A row whose id (or parent)
    is in this desk's purge ledger is never written back.
    """
    purges: dict[str, list[str]] = {}
    for change in changes:
        if change.op == "purge" and change.table_name in SYNCED_TABLES:
            purges.setdefault(change.table_name, []).append(change.record_id)
    changes = [c for c in changes if c.payload is not None]
    written = _apply_rows(session, changes) if changes else 0
    if purges:
        retention.purge_records(
            session, purges, "hub purge", utc_now(), queue_for_hub=False, pending_reason=PURGED_ON_HUB
        )
    return written


def _apply_rows(session: Session, changes: list[Change]) -> int:
    pending = (
        outbox.pending_record_ids(session, {c.record_id for c in changes})
        if outbox.has_pending(session)
        else set()
    )
    # orjson: a first sync decodes a million payloads, and the stdlib decoder was a fifth of it.
    parsed = [(c, orjson.loads(c.payload or "{}")) for c in changes if c.table_name in SYNCED_TABLES]
    refused = _purged_here(session, parsed)
    by_table: dict[str, list[list[Any]]] = {}
    merged = 0
    for change, payload in parsed:
        if change.record_id in refused:
            continue
        if change.record_id in pending and change.table_name not in APPEND_ONLY:
            values = payload_values(table(change.table_name), payload)
            merged += _merge_with_pending(session, change.table_name, values)
        else:
            by_table.setdefault(change.table_name, []).append(_writer(change.table_name).row(payload))
    # Parents before children; within a table, seq order is kept.
    for name in SYNCED_TABLES:
        rows = by_table.get(name)
        if rows:
            _write_rows(session, name, rows)
    return sum(len(r) for r in by_table.values()) + merged


def _purged_here(session: Session, parsed: list[tuple[Change, dict[str, Any]]]) -> set[str]:
    """Ids of pulled rows that this desk's purge ledger refuses (the record or its parent was purged)."""
    candidates: dict[tuple[str, str], str] = {}
    for change, payload in parsed:
        candidates[(change.table_name, change.record_id)] = change.record_id
        for column, parent in PARENTS.get(change.table_name, {}).items():
            if value := payload.get(column):
                candidates.setdefault((parent, value), change.record_id)
    hits = purge_ledger.purged_among(session, candidates)
    if not hits:
        return set()
    refused = {candidates[h] for h in hits}
    log.warning("%d pulled rows refused: purged on this desk", len(refused))
    return refused


def _execute(session: Session, name: str, rows: list[list[Any]]) -> None:
    driver = session.connection().connection.driver_connection
    assert driver is not None
    cur = driver.cursor()
    try:
        cur.executemany(_writer(name).sql, rows)
    finally:
        cur.close()


def _integrity_errors(session: Session) -> tuple[type[BaseException], ...]:
    driver = session.connection().connection.driver_connection
    return (IntegrityError, getattr(driver, "IntegrityError", sqlite3.IntegrityError))


def _write_rows(session: Session, name: str, rows: list[list[Any]]) -> None:
    refused = _integrity_errors(session)
    try:
        with session.begin_nested():
            _execute(session, name, rows)
    except refused:
        # A local unique rule refused some row (e.g. the same username made on two desks). Apply the
        # rest one by one and keep each refused row visible instead of blocking the whole pull.
        for row in rows:
            try:
                with session.begin_nested():
                    _execute(session, name, [row])
            except refused as exc:
                reason = getattr(exc, "orig", exc)
                record_id = row[_writer(name).id_index]
                log.warning("pulled %s %s not applied locally: %s", name, record_id, reason)
                session.add(
                    QuarantineEntry(
                        id=new_id(),
                        mutation_id=new_id(),
                        kind="unapplied",
                        table_name=name,
                        record_id=record_id,
                        op="pull",
                        reason=f"could not be stored on this desk: {reason}",
                        local_payload={},
                        fields={},
                    )
                )


def _merge_with_pending(session: Session, name: str, values: dict[str, Any]) -> int:
    keep = outbox.pending_changed_fields(session, values["id"])
    if keep is None:
        return 0  # a local insert not yet acknowledged: the local row stands until it is
    t = table(name)
    skip = keep | {"id", "version"} | DESK_LOCAL.get(name, frozenset())
    hub_values = {k: v for k, v in values.items() if k not in skip}
    session.execute(update(t).where(t.c.id == values["id"]).values(**hub_values))
    return 1
