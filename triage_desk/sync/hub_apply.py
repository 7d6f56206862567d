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

from sqlalchemy import Connection, and_, bindparam, cast, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import JSONB

from triage_desk.domain.errors import SyncIncompatibleError
from triage_desk.domain.ids import new_id
from triage_desk.storage.canonical import canonical_json, content_hash
from triage_desk.storage.purge_ledger import hash_id
from triage_desk.storage.synced_tables import APPEND_ONLY, PARENTS, SYNCED_TABLES, has_version, should_sync
from triage_desk.sync import rawsql
from triage_desk.sync.hub_schema import change_log, conflicts, hub_meta, mutations, purged, records
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


PURGED_REASON = "this record was purged under the retention policy and cannot come back"


def _purged_parent(table: str, row: dict[str, Any], purged: Callable[[str, str], bool]) -> str | None:
    for column, parent in PARENTS.get(table, {}).items():
        value = row.get(column)
        if value and purged(parent, value):
            return f"it refers to {parent} {value}, which was purged under the retention policy"
    return None


def decide(
    m: Mutation,
    current: HubRecord | None,
    exists: Callable[[str, str], bool],
    purged: Callable[[str, str], bool] = lambda _t, _i: False,
) -> _Decision:
    """The outcome of one mutation against the hub's current state (pure)."""
    if m.table_name not in SYNCED_TABLES:
        return _Decision(Outcome.REJECTED, reason=f"{m.table_name} is not a synced table")
    if m.row.get("id") != m.record_id:
        return _Decision(Outcome.REJECTED, reason="malformed mutation: row id does not match")
    if m.op == "purge":
        return _Decision(Outcome.APPLIED)  # carried out by apply_batch (it needs the database)
    if purged(m.table_name, m.record_id):
        return _Decision(Outcome.REJECTED, reason=PURGED_REASON)
    if (
        gone := _purged_parent(m.table_name, {**(current.row if current else {}), **m.row}, purged)
    ) is not None:
        return _Decision(Outcome.REJECTED, reason=gone)
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
    ledger_of_purges = _PurgeLedger(conn, batch)
    purges: list[tuple[str, str, Mutation]] = []
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
        d = decide(m, state.current.get(key), state.exists, ledger_of_purges.purged)
        if m.op == "purge" and d.outcome is Outcome.APPLIED and not ledger_of_purges.purged(*key):
            ledger_of_purges.add(*key)
            purges.append((m.table_name, m.record_id, m))
            state.current.pop(key, None)
            state.known.discard(key)
            touched.discard(key)
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
    if purges:
        _purge(conn, ledger_of_purges, purges, seq, now)
    return results


class _PurgeLedger:
    """The hub's purge ledger, for the ids (and parent ids) of one batch."""

    def __init__(self, conn: Connection, batch: Sequence[Mutation]) -> None:
        salt = conn.scalar(select(hub_meta.c.value).where(hub_meta.c.key == "purge_salt"))
        if salt is None:
            raise SyncIncompatibleError("This hub has no purge salt; run 'triage-desk hub init URL' again.")
        self.salt = salt
        pairs: set[tuple[str, str]] = set()
        for m in batch:
            pairs.add((m.table_name, m.record_id))
            for column, parent in PARENTS.get(m.table_name, {}).items():
                if m.row.get(column):
                    pairs.add((parent, m.row[column]))
        by_hash = {self.hash(t, i): (t, i) for t, i in pairs}
        self._purged: set[tuple[str, str]] = set()
        for where in rawsql.id_filters(conn, purged.c.id_hash, sorted(by_hash)):
            for table, h in conn.execute(select(purged.c.table_name, purged.c.id_hash).where(where)):
                if by_hash[h][0] == table:
                    self._purged.add(by_hash[h])

    def hash(self, table: str, record_id: str) -> str:
        return hash_id(self.salt, table, record_id)

    def purged(self, table: str, record_id: str) -> bool:
        return (table, record_id) in self._purged

    def add(self, table: str, record_id: str) -> None:
        self._purged.add((table, record_id))


def _json_field(conn: Connection, column: str) -> Any:
    if conn.dialect.name == "postgresql":
        return cast(records.c.payload, JSONB)[column].astext
    return func.json_extract(records.c.payload, f"$.{column}")


def _hub_children(conn: Connection, parents: dict[str, set[str]]) -> dict[str, set[str]]:
    """Records on the hub that hang off the given ones (contacts of a person, amendments of a
    contact...), found through their payloads: a purge is rare, so a scan is acceptable here."""
    found: dict[str, set[str]] = {}
    frontier = {t: set(ids) for t, ids in parents.items() if ids}
    while frontier:
        nxt: dict[str, set[str]] = {}
        for child, columns in PARENTS.items():
            for column, parent in columns.items():
                if child == parent or not frontier.get(parent):
                    continue  # a merge link to a purged person does not purge the other person
                for where in rawsql.id_filters(conn, _json_field(conn, column), sorted(frontier[parent])):
                    stmt = select(records.c.id).where(records.c.table_name == child, where)
                    for rid in conn.scalars(stmt):
                        if rid not in found.setdefault(child, set()):
                            found[child].add(rid)
                            nxt.setdefault(child, set()).add(rid)
        frontier = nxt
    return found


def _purge(
    conn: Connection,
    ledger: _PurgeLedger,
    purges: list[tuple[str, str, Mutation]],
    seq: int,
    now: datetime,
) -> None:
    """Destroy the purged records and whatever hangs off them on the hub, ledger their hashed ids, and
    log one ``purge`` change per record so every desk destroys its copy too. Their earlier change-log
    entries and conflict records go as well: nothing about them is served again."""
    explicit = {(t, i) for t, i, _ in purges}
    by_table: dict[str, set[str]] = {}
    for t, i, _ in purges:
        by_table.setdefault(t, set()).add(i)
    cascaded = _hub_children(conn, by_table)
    first = purges[0][2]
    targets: list[tuple[str, str, Mutation]] = list(purges)
    for table in SYNCED_TABLES:
        for rid in sorted(cascaded.get(table, ())):
            if (table, rid) not in explicit and not ledger.purged(table, rid):
                targets.append((table, rid, first))
    log_rows, ledger_rows = [], []
    by_table_all: dict[str, list[str]] = {}
    for table, rid, m in targets:
        seq += 1
        by_table_all.setdefault(table, []).append(rid)
        log_rows.append(
            {
                "seq": seq,
                "table_name": table,
                "record_id": rid,
                "version": 0,
                "op": "purge",
                "mutation_id": m.mutation_id,
                "origin_site": m.origin_site,
                "received_at": now,
            }
        )
        ledger_rows.append(
            {"table_name": table, "id_hash": ledger.hash(table, rid), "seq": seq, "purged_at": now}
        )
    for table, ids in by_table_all.items():
        for where in rawsql.id_filters(conn, records.c.id, ids):
            conn.execute(delete(records).where(records.c.table_name == table, where))
        for where in rawsql.id_filters(conn, change_log.c.record_id, ids):
            conn.execute(delete(change_log).where(change_log.c.table_name == table, where))
        for where in rawsql.id_filters(conn, conflicts.c.record_id, ids):
            conn.execute(delete(conflicts).where(conflicts.c.table_name == table, where))
    rawsql.insert_rows(conn, change_log, log_rows)
    rawsql.insert_rows(conn, purged, ledger_rows)


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
