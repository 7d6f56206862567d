"""lookup name-pair indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 07:00:00.000000

Three composite indexes for the person lookup's name blocks: (family phonetic, given phonetic),
(family name, given name) for the as-you-type prefix pair, and (given phonetic, family name), so "Dylan Tompson" finds Thompson through the given name plus the
family initial without reading every "Dylan". 0006 follows 0002 on this branch; the lead re-chains
it after the other branches' migrations at merge.
"""

from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index(
            'ix_persons_family_phonetic_given_phonetic', ['family_phonetic', 'given_phonetic'], unique=False
        )
        batch_op.create_index(
            'ix_persons_given_phonetic_family_norm', ['given_phonetic', 'family_norm'], unique=False
        )
        batch_op.create_index('ix_persons_family_norm_given_norm', ['family_norm', 'given_norm'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index('ix_persons_family_norm_given_norm')
        batch_op.drop_index('ix_persons_given_phonetic_family_norm')
        batch_op.drop_index('ix_persons_family_phonetic_given_phonetic')
