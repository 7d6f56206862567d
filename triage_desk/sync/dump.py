"""A canonical, sorted dump of every synced record, to compare replicas line by line.

Same bytes on every replica that holds the same data: rows sorted by table (sync order) then id, each
line canonical JSON. Drafts are not included (they never leave their desk). Meant for administrators;
role checks arrive with the access-control issue.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import select

from triage_desk.storage.canonical import canonical_json, row_payload
from triage_desk.storage.database import Database
from triage_desk.storage.synced_tables import SYNCED_TABLES, synced_payload, table
from triage_desk.sync.hub import HubConnection
from triage_desk.sync.hub_schema import records


def _line(name: str, row: dict[str, object]) -> str:
    return canonical_json({"table": name, "row": row})


def dump_desk(db: Database) -> Iterator[str]:
    for name in SYNCED_TABLES:
        t = table(name)
        stmt = select(t)
        if name == "contacts":
            stmt = stmt.where(t.c.status == "signed")
        with db.reader() as s:
            rows = sorted(
                (synced_payload(name, row_payload(t, row)) for row in s.execute(stmt).mappings()),
                key=lambda r: r["id"],
            )
        for row in rows:
            yield _line(name, row)


def dump_hub(hub: HubConnection) -> Iterator[str]:
    for name in SYNCED_TABLES:
        # Sorted here, not in SQL: PostgreSQL collations may order ids differently from SQLite.
        stmt = select(records.c.id, records.c.payload).where(records.c.table_name == name)
        with hub.engine.connect() as conn:
            rows = sorted((rid, payload) for rid, payload in conn.execute(stmt))
        for _id, payload in rows:
            yield _line(name, json.loads(payload))
