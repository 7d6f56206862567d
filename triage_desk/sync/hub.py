"""A connection to the hub: open, check versions, push a batch, read changes and current rows.

The hub is any SQLAlchemy URL. Only host and database name are ever logged (never the password).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    case,
    create_engine,
    event,
    func,
    inspect,
    make_url,
    null,
    select,
)
from sqlalchemy.engine import URL

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import HubUnreachableError, SyncIncompatibleError
from triage_desk.sync import hub_apply
from triage_desk.sync.hub_schema import change_log, hub_meta, records
from triage_desk.sync.protocol import (
    Change,
    HubInfo,
    Mutation,
    MutationResult,
)

log = logging.getLogger(__name__)


def hub_label(url: str | URL) -> str:
    """host/database (or the file name of a SQLite hub): safe to log and show."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return f"sqlite:{Path(u.database or '').name or 'memory'}"
    return f"{u.host or 'localhost'}/{u.database}"


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    # Autocommit at the driver level so the "begin" hook below decides how transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # the hub is the copy of record
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the write lock up front: two pushes then queue instead of failing to upgrade a
    # read lock, and change-log order equals commit order.
    immediate = conn.get_execution_options().get("hub_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_hub_engine(url: str | URL) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        engine = create_engine(u)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    connect_args = {"connect_timeout": 10} if u.get_backend_name() == "postgresql" else {}
    return create_engine(u, pool_pre_ping=True, connect_args=connect_args)


class HubConnection:
    def __init__(self, engine: Engine, label: str) -> None:
        self.engine = engine
        self.label = label

    @classmethod
    def open(cls, url: str | URL) -> HubConnection:
        u = make_url(url)
        if u.get_backend_name() == "sqlite" and u.database and not Path(u.database).exists():
            # Opening would create an empty file; a missing hub file is an unreachable hub.
            raise HubUnreachableError(
                f"No hub found at {hub_label(u)}.",
                hint="Check the hub address, or create it with 'triage-desk hub init'.",
            )
        return cls(create_hub_engine(u), hub_label(u))

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(hub_write=True) as conn, conn.begin():
            yield conn

    def meta(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("hub_meta"):
                raise SyncIncompatibleError(
                    f"{self.label} is not a Triage Desk hub.",
                    hint="Create it with 'triage-desk hub init URL' first.",
                )
            return dict(((k, v) for k, v in conn.execute(select(hub_meta.c.key, hub_meta.c.value))))

    def info(self) -> HubInfo:
        m = self.meta()
        return HubInfo(
            hub_id=m["hub_id"],
            label=self.label,
            protocol_version=int(m["protocol_version"]),
            min_desk_protocol=int(m["min_desk_protocol"]),
            schema_revision=m["schema_revision"],
            required_desk_schema=m["required_desk_schema"],
            demo=m.get("demo") == "1",
        )

    def apply_batch(self, batch: Sequence[Mutation]) -> list[MutationResult]:
        with self._write() as conn:
            return hub_apply.apply_batch(conn, batch, utc_now())

    def max_seq(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(change_log.c.seq).order_by(change_log.c.seq.desc()).limit(1)) or 0)

    def read_changes(self, after: int, limit: int, *, reader_site: str | None = None) -> list[Change]:
        """Change-log entries after ``after``, each with its record's current state, in seq order.

        Inserts that ``reader_site`` sent itself come without payload: that desk wrote the row as
        the hub stored it, and any later change to it by others has its own, later entry. A purge
        comes as op ``purge`` without payload.
        """
        # Outer join: a purge entry's record is gone from the hub (and comes without payload).
        join = change_log.outerjoin(
            records,
            and_(records.c.table_name == change_log.c.table_name, records.c.id == change_log.c.record_id),
        )
        payload: Any = records.c.payload
        if reader_site is not None:
            own = and_(change_log.c.origin_site == reader_site, change_log.c.op == "insert")
            payload = case((own, null()), else_=records.c.payload)
        stmt = (
            select(
                change_log.c.seq,
                change_log.c.table_name,
                change_log.c.record_id,
                func.coalesce(records.c.version, 0),
                payload,
                change_log.c.op,
            )
            .select_from(join)
            .where(change_log.c.seq > after)
            .order_by(change_log.c.seq)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [Change(*row) for row in conn.execute(stmt)]

    def id_versions(self, table_name: str) -> list[tuple[str, int]]:
        stmt = select(records.c.id, records.c.version).where(records.c.table_name == table_name)
        with self.engine.connect() as conn:
            return [(rid, int(v)) for rid, v in conn.execute(stmt)]

    def fetch_rows(self, table_name: str, ids: Sequence[str]) -> list[Change]:
        """Current hub rows by id (targeted resync); seq is the row's latest change."""
        out: list[Change] = []
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 900):
                stmt = select(
                    records.c.seq, records.c.table_name, records.c.id, records.c.version, records.c.payload
                ).where(records.c.table_name == table_name, records.c.id.in_(ids[i : i + 900]))
                out.extend(Change(*row) for row in conn.execute(stmt))
        return sorted(out, key=lambda c: c.seq)
