"""sync state and quarantine

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import triage_desk.storage.types

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_state',
    sa.Column('hub_id', sa.String(length=64), nullable=False),
    sa.Column('hub_label', sa.String(length=200), nullable=False),
    sa.Column('cursor', sa.Integer(), nullable=False),
    sa.Column('initial_sync_complete', sa.Boolean(), nullable=False),
    sa.Column('last_attempt_at', triage_desk.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', triage_desk.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('verified_cursor', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('hub_id', name=op.f('pk_sync_state'))
    )
    op.create_table('sync_quarantine',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('mutation_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('local_payload', sa.JSON(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('hub_conflict_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', triage_desk.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', triage_desk.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.Column('resolution', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_quarantine'))
    )
    with op.batch_alter_table('sync_quarantine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_quarantine_mutation_id'), ['mutation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_quarantine_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_quarantine_resolved_at'), ['resolved_at'], unique=False)
    # Pull looks up pending outbox rows by record to avoid clobbering local edits.
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_record_id_state', ['record_id', 'state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_record_id_state')
    with op.batch_alter_table('sync_quarantine', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_quarantine_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_sync_quarantine_record_id'))
        batch_op.drop_index(batch_op.f('ix_sync_quarantine_mutation_id'))
    op.drop_table('sync_quarantine')
    op.drop_table('sync_state')
