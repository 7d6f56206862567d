"""legal hold on persons; purge ledger of hashed ids

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import triage_desk.storage.types

revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legal_hold', sa.Boolean(), server_default=sa.false(), nullable=False))

    op.create_table('purge_ledger',
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('record_class', sa.String(length=40), nullable=False),
    sa.Column('purged_at', triage_desk.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'id_hash', name=op.f('pk_purge_ledger'))
    )


def downgrade() -> None:
    op.drop_table('purge_ledger')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_column('legal_hold')
