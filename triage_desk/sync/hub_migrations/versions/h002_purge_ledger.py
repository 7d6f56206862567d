"""hub purge ledger: salted hashes of the ids retention purged, so they can never come back

Revision ID: h002
Revises: h001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import triage_desk.storage.types

revision = "h002"
down_revision = "h001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "purged",
        sa.Column("table_name", sa.String(40), primary_key=True),
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("purged_at", triage_desk.storage.types.UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("purged")
