"""Apply one pushed batch on the hub, in one transaction: dedupe, check, merge, log.

Writers are serialised (PostgreSQL advisory lock / SQLite BEGIN IMMEDIATE) so change-log sequence
order equals commit order: a desk reading "after seq N" can never skip a row that commits late.
Every decision is made in memory first, then written in bulk, so one bad mutation becomes a
``rejected`` outcome and never aborts its neighbours (A.2 "upload queue stuck").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, select, text, update

from triage_desk.domain.ids import new_id
from triage_desk.storage.canonical import canonical_json, content_hash
from triage_desk.storage.synced_tables import APPEND_ONLY, PARENTS, SYNCED_TABLES, has_version, should_sync
from triage_desk.sync import rawsql
from triage_desk.sync.hub_schema import change_log, conflicts, mutations, records
from triage_desk.sync.merge import MergeResult, merge_delete, merge_update
from triage_desk.sync.protocol import Mutation, MutationResult, Outcome

# Any constant works; it only has to be the same for every writer of this hub.
ADVISORY_LOCK_KEY = 7_283_411_062


@dataclass
class HubRecord:
    version: int
    deleted: bool
    origin_site: str
    row: dict[str, Any]


def identity_hash(row: dict[str, Any]) -> str:
    """Hash of what a record *is*: a resent insert with the same content is a duplicate."""
    return content_hash({k: v for k, v in row.items() if k not in ("version", "updated_at")})


@dataclass
class _Decision:
    outcome: Outcome
    new_row: dict[str, Any] | None = None
    reason: str = ""
    merge: MergeResult = field(default_factory=MergeResult)


def _missing_parent(table: str, row: dict[str, Any], exists: Callable[[str, str], bool]) -> str | None:
    for column, parent in PARENTS.get(table, {}).items():
        value = row.get(column)
        if value and not exists(parent, value):
            return f"it refers to {parent} {value}, which the hub does not have"
    return None


def decide(m: Mutation, current: HubRecord | None, exists: Callable[[str, str], bool]) -> _Decision:
    """The outcome of one mutation against the hub's current state (pure)."""
    if m.table_name not in SYNCED_TABLES:
        return _Decision(Outcome.REJECTED, reason=f"{m.table_name} is not a synced table")
    if m.row.get("id") != m.record_id:
        return _Decision(Outcome.REJECTED, reason="malformed mutation: row id does not match")
    if m.op == "insert":
        if not should_sync(m.table_name, m.row):
            return _Decision(Outcome.REJECTED, reason="drafts never leave the device")
        if (missing := _missing_parent(m.table_name, m.row, exists)) is not None:
            return _Decision(Outcome.REJECTED, reason=missing)
        if current is not None:
            if identity_hash(current.row) == identity_hash(m.row):
                return _Decision(Outcome.DUPLICATE)
            # cf. ODK Central's 409: same instance id, different content. Never overwrite.
            return _Decision(Outcome.REJECTED, reason="the hub already holds a different record with this id")
        row = dict(m.row)
        if has_version(m.table_name):
            row["version"] = 1
        return _Decision(Outcome.APPLIED, new_row=row)
    if m.op not in ("update", "delete"):
        return _Decision(Outcome.REJECTED, reason=f"unknown operation {m.op}")
    if m.table_name in APPEND_ONLY:
        return _Decision(
            Outcome.REJECTED, reason="signed entries are append-only; corrections are amendments"
        )
    if current is None:
        return _Decision(Outcome.REJECTED, reason="the hub has no such record")
    merged = (
        merge_delete(m.base, current.row) if m.op == "delete" else merge_update(m.base, m.row, current.row)
    )
    if merged.applied and (missing := _missing_parent(m.table_name, merged.applied, exists)) is not None:
        return _Decision(Outcome.REJECTED, reason=missing)
    new_row = None
    if merged.applied:
        new_row = {
            **current.row,
            **merged.applied,
            "version": current.version + 1,
            "updated_at": m.row.get("updated_at", current.row.get("updated_at")),
        }
    outcome = Outcome.CONFLICT if merged.conflicts else Outcome.APPLIED
    reason = "edited on another desk: " + ", ".join(sorted(merged.conflicts)) if merged.conflicts else ""
    return _Decision(outcome, new_row=new_row, reason=reason, merge=merged)


class _State:
    """The hub rows a batch touches, loaded once; later mutations see earlier ones of the same batch."""

    def __init__(self, conn: Connection, batch: Sequence[Mutation]) -> None:
        self.conn = conn
        self.current: dict[tuple[str, str], HubRecord] = {}
        self.existing: set[tuple[str, str]] = set()
        self.known: set[tuple[str, str]] = set()
        targets: dict[str, set[str]] = {}
        parents: dict[str, set[str]] = {}
        for m in batch:
            targets.setdefault(m.table_name, set()).add(m.record_id)
            for column, parent in PARENTS.get(m.table_name, {}).items():
                if m.row.get(column):
                    parents.setdefault(parent, set()).add(m.row[column])
        for table, ids in targets.items():
            for where in rawsql.id_filters(conn, records.c.id, sorted(ids)):
                stmt = select(
                    records.c.id,
                    records.c.version,
                    records.c.deleted,
                    records.c.origin_site,
                    records.c.payload,
                ).where(records.c.table_name == table, where)
                for rid, version, deleted, origin, payload in conn.execute(stmt):
                    self.current[(table, rid)] = HubRecord(
                        version, bool(deleted), origin, json.loads(payload)
                    )
        self.existing = set(self.current)
        self.known = set(self.current)
        for table, ids in parents.items():
            missing = sorted(i for i in ids if (table, i) not in self.known)
            for where in rawsql.id_filters(conn, records.c.id, missing):
                stmt = select(records.c.id).where(records.c.table_name == table, where)
                self.known.update((table, rid) for rid in conn.scalars(stmt))

    def exists(self, table: str, record_id: str) -> bool:
        return (table, record_id) in self.known


def lock_writers(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
    # SQLite: the transaction was opened with BEGIN IMMEDIATE (see hub.create_hub_engine).


def apply_batch(conn: Connection, batch: Sequence[Mutation], now: datetime) -> list[MutationResult]:
    """Decide and write a whole batch; the caller owns the transaction."""
    lock_writers(conn)
    ids = [m.mutation_id for m in batch]
    ledger = {}
    for where in rawsql.id_filters(conn, mutations.c.mutation_id, ids):
        for row in conn.execute(select(mutations).where(where)).mappings():
            ledger[row["mutation_id"]] = dict(row)
    state = _State(conn, batch)
    seq = conn.scalar(select(func.coalesce(func.max(change_log.c.seq), 0))) or 0
    log_rows: list[dict[str, Any]] = []
    ledger_rows: list[dict[str, Any]] = []
    conflict_rows: list[dict[str, Any]] = []
    resolved: list[dict[str, Any]] = []
    touched: set[tuple[str, str]] = set()
    results: list[MutationResult] = []
    for m in batch:
        prior = ledger.get(m.mutation_id)
        if prior is not None:
            results.append(_duplicate(conn, m, prior))
            continue
        key = (m.table_name, m.record_id)
        d = decide(m, state.current.get(key), state.exists)
        applied_seq = None
        if d.new_row is not None:
            seq += 1
            applied_seq = seq
            version = int(d.new_row.get("version") or 1)
            state.current[key] = HubRecord(version, bool(d.new_row.get("deleted")), m.origin_site, d.new_row)
            state.known.add(key)
            touched.add(key)
            log_rows.append(
                {
                    "seq": seq,
                    "table_name": m.table_name,
                    "record_id": m.record_id,
                    "version": version,
                    "op": m.op,
                    "mutation_id": m.mutation_id,
                    "origin_site": m.origin_site,
                    "received_at": now,
                }
            )
        conflict_id = None
        if d.outcome is Outcome.CONFLICT:
            conflict_id = new_id()
            conflict_rows.append(
                {
                    "id": conflict_id,
                    "mutation_id": m.mutation_id,
                    "table_name": m.table_name,
                    "record_id": m.record_id,
                    "fields": canonical_json(d.merge.conflicts),
                    "origin_site": m.origin_site,
                    "created_at": now,
                    "resolved_by_mutation": None,
                }
            )
        if d.outcome is Outcome.APPLIED and m.resolves_conflict:
            resolved.append({"cid": m.resolves_conflict, "mid": m.mutation_id})
        ledger_rows.append(
            {
                "mutation_id": m.mutation_id,
                "outcome": d.outcome.value,
                "seq": applied_seq,
                "reason": d.reason,
                "conflict_id": conflict_id,
                "origin_site": m.origin_site,
                "received_at": now,
            }
        )
        ledger[m.mutation_id] = ledger_rows[-1]
        hub_row = state.current[key].row if d.outcome is Outcome.CONFLICT and key in state.current else None
        results.append(
            MutationResult(
                m.mutation_id,
                d.outcome,
                seq=applied_seq,
                reason=d.reason,
                conflict_id=conflict_id,
                fields=d.merge.conflicts,
                hub_row=hub_row,
            )
        )
    _write(conn, state, touched, seq, log_rows, ledger_rows, conflict_rows, resolved)
    return results


def _duplicate(conn: Connection, m: Mutation, prior: dict[str, Any]) -> MutationResult:
    """A resend (lost acknowledgement): report what happened the first time, change nothing."""
    fields: dict[str, Any] = {}
    if prior["conflict_id"]:
        stored = conn.scalar(select(conflicts.c.fields).where(conflicts.c.id == prior["conflict_id"]))
        fields = json.loads(stored) if stored else {}
    return MutationResult(
        m.mutation_id,
        Outcome.DUPLICATE,
        seq=prior["seq"],
        reason=prior["reason"],
        original=Outcome(prior["outcome"]),
        conflict_id=prior["conflict_id"],
        fields=fields,
    )


def _write(
    conn: Connection,
    state: _State,
    touched: set[tuple[str, str]],
    seq: int,
    log_rows: list[dict[str, Any]],
    ledger_rows: list[dict[str, Any]],
    conflict_rows: list[dict[str, Any]],
    resolved: list[dict[str, Any]],
) -> None:
    last_seq: dict[tuple[str, str], int] = {(r["table_name"], r["record_id"]): r["seq"] for r in log_rows}
    inserts, updates = [], []
    for key in sorted(touched):
        rec = state.current[key]
        values = {
            "version": rec.version,
            "deleted": rec.deleted,
            "seq": last_seq[key],
            "content_hash": identity_hash(rec.row),
            "payload": canonical_json(rec.row),
        }
        if key in state.existing:
            updates.append({"t_": key[0], "id_": key[1], **values})
        else:
            inserts.append({"table_name": key[0], "id": key[1], "origin_site": rec.origin_site, **values})
    if inserts:
        rawsql.insert_rows(conn, records, inserts)
    if updates:
        stmt = update(records).where(
            and_(records.c.table_name == bindparam("t_"), records.c.id == bindparam("id_"))
        )
        conn.execute(
            stmt.values(
                version=bindparam("version"),
                deleted=bindparam("deleted"),
                seq=bindparam("seq"),
                content_hash=bindparam("content_hash"),
                payload=bindparam("payload"),
            ),
            updates,
        )
    rawsql.insert_rows(conn, change_log, log_rows)
    rawsql.insert_rows(conn, mutations, ledger_rows)
    if conflict_rows:
        conn.execute(conflicts.insert(), conflict_rows)
    if resolved:
        stmt = update(conflicts).where(
            conflicts.c.id == bindparam("cid"), conflicts.c.resolved_by_mutation.is_(None)
        )
        conn.execute(stmt.values(resolved_by_mutation=bindparam("mid")), resolved)
