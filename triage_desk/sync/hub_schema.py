"""Hub tables (SQLAlchemy Core; the same on SQLite and PostgreSQL).

The hub does not mirror every desk table column by column: it stores each synced record as its
canonical JSON (``records``), which keeps the hub portable and lets desks of neighbouring schema
versions share it. ``change_log`` is the only ordering that matters: a hub-assigned sequence, never a
device clock.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, MetaData, String, Table, Text

from triage_desk.storage.types import UTCDateTime

metadata = MetaData()

hub_meta = Table(
    "hub_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

records = Table(
    "records",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("seq", BigInteger, nullable=False),  # change_log seq of the latest change
    Column("origin_site", String(32), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("payload", Text, nullable=False),
)

change_log = Table(
    "change_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("table_name", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("version", Integer, nullable=False),
    Column("op", String(10), nullable=False),
    Column("mutation_id", String(36), nullable=False),
    Column("origin_site", String(32), nullable=False),
    Column("received_at", UTCDateTime(), nullable=False),
    Index("ix_change_log_table_record", "table_name", "record_id"),
)

# Every mutation ever received, whatever its outcome: the idempotency ledger.
mutations = Table(
    "mutations",
    metadata,
    Column("mutation_id", String(36), primary_key=True),
    Column("outcome", String(12), nullable=False),
    Column("seq", BigInteger, nullable=True),
    Column("reason", Text, nullable=False, default=""),
    Column("conflict_id", String(36), nullable=True),
    Column("origin_site", String(32), nullable=False),
    Column("received_at", UTCDateTime(), nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("mutation_id", String(36), nullable=False),
    Column("table_name", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("fields", Text, nullable=False),  # canonical JSON: field -> {base, mine, hub}
    Column("origin_site", String(32), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("resolved_by_mutation", String(36), nullable=True),
    Index("ix_conflicts_table_record", "table_name", "record_id"),
)

# Records destroyed by a retention purge, as salted hashes of their ids (salt: hub_meta "purge_salt").
# A mutation for any of them is rejected; nothing that identifies a person is kept.
purged = Table(
    "purged",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("id_hash", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=True),
    Column("purged_at", UTCDateTime(), nullable=False),
)
