"""After a sync: does the desk hold exactly the hub's rows? If not, re-fetch just the differing ones.

Per synced table, both sides give a count and a SHA-256 over their sorted (id, version) pairs. Records
with changes still on their way (pending outbox) or waiting for a person (quarantine) are left out on
both sides: they differ by design. On a mismatch only the differing ids are re-read from the hub's
current rows and applied through the same no-clobber path as a pull — never a blind overwrite, never
a "choose a side" dialog (A.2 "integrity / sanity check loops", Anki's full sync).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import literal, select

from triage_desk.storage import outbox
from triage_desk.storage.database import Database
from triage_desk.storage.synced_tables import SYNCED_TABLES, has_version, table
from triage_desk.sync import local_apply, local_state
from triage_desk.sync.hub import HubConnection


@dataclass(frozen=True)
class TableCheck:
    table: str
    desk_count: int
    hub_count: int
    desk_hash: str
    hub_hash: str

    @property
    def ok(self) -> bool:
        return self.desk_count == self.hub_count and self.desk_hash == self.hub_hash


@dataclass
class IntegrityReport:
    tables: list[TableCheck] = field(default_factory=list)
    resynced: dict[str, int] = field(default_factory=dict)  # table -> rows re-fetched from the hub
    desk_only: dict[str, int] = field(default_factory=dict)  # rows the hub lacks (never deleted here)
    ok_after_resync: bool = True

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)

    @property
    def mismatched(self) -> list[str]:
        return [t.table for t in self.tables if not t.ok]


def _digest(pairs: list[tuple[str, int]]) -> str:
    # One join and one update: the same bytes as hashing line by line, several times faster at 10^6.
    return hashlib.sha256(
        "".join([f"{rid}:{version}\n" for rid, version in sorted(pairs)]).encode()
    ).hexdigest()


def _desk_pairs(db: Database, name: str) -> list[tuple[str, int]]:
    t = table(name)
    version = t.c.version if has_version(name) else literal(1)
    stmt = select(t.c.id, version)
    if name == "contacts":
        stmt = stmt.where(t.c.status == "signed")  # drafts stay on the device
    with db.engine.connect() as conn:
        return [(rid, int(v)) for rid, v in conn.execute(stmt)]


def _excluded(db: Database) -> set[str]:
    with db.reader() as s:
        return outbox.pending_record_ids(s) | local_state.unresolved_record_ids(s)


def _compare(
    db: Database, hub: HubConnection, name: str, excluded: set[str]
) -> tuple[TableCheck, set[str], set[str]]:
    desk_pairs, hub_pairs = _desk_pairs(db, name), hub.id_versions(name)
    if excluded:
        desk_pairs = [p for p in desk_pairs if p[0] not in excluded]
        hub_pairs = [p for p in hub_pairs if p[0] not in excluded]
    check = TableCheck(name, len(desk_pairs), len(hub_pairs), _digest(desk_pairs), _digest(hub_pairs))
    if check.ok:
        return check, set(), set()  # the common case: no sets of a million pairs to build
    desk, hubs = set(desk_pairs), set(hub_pairs)
    refetch = {rid for rid, _ in hubs - desk}
    hub_ids = {rid for rid, _ in hubs}
    desk_only = {rid for rid, _ in desk - hubs if rid not in hub_ids}
    return check, refetch, desk_only


def check_and_repair(db: Database, hub: HubConnection) -> IntegrityReport:
    report = IntegrityReport()
    excluded = _excluded(db)
    for name in SYNCED_TABLES:
        check, refetch, desk_only = _compare(db, hub, name, excluded)
        report.tables.append(check)
        if check.ok:
            continue
        if desk_only:
            report.desk_only[name] = len(desk_only)
        if refetch:
            rows = hub.fetch_rows(name, sorted(refetch))
            with db.session() as s:
                local_apply.apply_changes(s, rows)
            report.resynced[name] = len(rows)
    if not report.ok:
        excluded = _excluded(db)
        report.ok_after_resync = all(_compare(db, hub, n, excluded)[0].ok for n in report.mismatched)
    return report
