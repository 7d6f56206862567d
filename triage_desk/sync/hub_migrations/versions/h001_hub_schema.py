"""hub schema: meta, records, change log, mutation ledger, conflicts

Revision ID: h001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import triage_desk.storage.types

revision = "h001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = triage_desk.storage.types.UTCDateTime(timezone=True)
    op.create_table(
        "hub_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("table_name", sa.String(40), primary_key=True),
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("origin_site", sa.String(32), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
    )
    op.create_table(
        "change_log",
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("op", sa.String(10), nullable=False),
        sa.Column("mutation_id", sa.String(36), nullable=False),
        sa.Column("origin_site", sa.String(32), nullable=False),
        sa.Column("received_at", utc, nullable=False),
    )
    op.create_index("ix_change_log_table_record", "change_log", ["table_name", "record_id"])
    op.create_table(
        "mutations",
        sa.Column("mutation_id", sa.String(36), primary_key=True),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("conflict_id", sa.String(36), nullable=True),
        sa.Column("origin_site", sa.String(32), nullable=False),
        sa.Column("received_at", utc, nullable=False),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("mutation_id", sa.String(36), nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("origin_site", sa.String(32), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("resolved_by_mutation", sa.String(36), nullable=True),
    )
    op.create_index("ix_conflicts_table_record", "conflicts", ["table_name", "record_id"])


def downgrade() -> None:
    op.drop_table("conflicts")
    op.drop_table("mutations")
    op.drop_table("change_log")
    op.drop_table("records")
    op.drop_table("hub_meta")
