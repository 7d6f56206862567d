"""person name parts: a key per part of a double-barrelled family name, kept fresh by triggers

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 09:00:00.000000

``person_name_parts`` holds one search key per part of a family name of two or more parts, for the
person and their aliases, so "Jones" finds Smith-Jones. It is a local index (never synced) computed
in Python (accent folding, Metaphone), so SQLite cannot fill it itself; instead triggers on
``persons`` and ``person_aliases`` put the person into ``person_keys_pending`` whenever a name that
could have parts is written, by any writer (the app, sync, bulk inserts), and the lookup brings those
persons' parts up to date before it searches. Existing databases get their parts from the re-index
that runs when ``lookup.keys.KEYS_VERSION`` differs from ``site_meta.person_keys_version``.

A later migration that rebuilds ``persons`` or ``person_aliases`` (batch mode "recreate") drops these
triggers with the old table and must create them again (``create_triggers``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_MULTI_PART = "({row}.family_name LIKE '%-%' OR {row}.family_name LIKE '% %')"
_QUEUE = "INSERT OR IGNORE INTO person_keys_pending (person_id) VALUES ({value});"

TRIGGERS = {
    "person_name_parts_person_insert": (
        f"AFTER INSERT ON persons WHEN {_MULTI_PART.format(row='NEW')} "
        f"BEGIN {_QUEUE.format(value='NEW.id')} END"
    ),
    "person_name_parts_person_rename": (
        "AFTER UPDATE OF family_name ON persons WHEN OLD.family_name IS NOT NEW.family_name "
        f"BEGIN {_QUEUE.format(value='NEW.id')} END"
    ),
    "person_name_parts_alias_insert": (
        f"AFTER INSERT ON person_aliases WHEN {_MULTI_PART.format(row='NEW')} "
        f"BEGIN {_QUEUE.format(value='NEW.person_id')} END"
    ),
    "person_name_parts_alias_change": (
        "AFTER UPDATE OF family_name, person_id, deleted ON person_aliases "
        "WHEN (OLD.family_name IS NOT NEW.family_name OR OLD.person_id IS NOT NEW.person_id "
        "OR OLD.deleted IS NOT NEW.deleted) "
        f"AND ({_MULTI_PART.format(row='OLD')} OR {_MULTI_PART.format(row='NEW')}) "
        f"BEGIN {_QUEUE.format(value='NEW.person_id')} {_QUEUE.format(value='OLD.person_id')} END"
    ),
}


def create_triggers() -> None:
    # Desks are SQLite. The same schema on PostgreSQL (a reporting copy, the dialect tests) has no
    # queue triggers: its name parts come from the re-index only.
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def upgrade() -> None:
    op.create_table('person_keys_pending',
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_person_keys_pending_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_person_keys_pending'))
    )
    op.create_table('person_name_parts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.Column('part_norm', sa.String(length=200), nullable=False),
    sa.Column('part_phonetic', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_person_name_parts_person_id_persons'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_name_parts'))
    )
    with op.batch_alter_table('person_name_parts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_name_parts_part_norm'), ['part_norm'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_name_parts_part_phonetic'), ['part_phonetic'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_name_parts_person_id'), ['person_id'], unique=False)
    create_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table('person_name_parts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_name_parts_person_id'))
        batch_op.drop_index(batch_op.f('ix_person_name_parts_part_phonetic'))
        batch_op.drop_index(batch_op.f('ix_person_name_parts_part_norm'))
    op.drop_table('person_name_parts')
    op.drop_table('person_keys_pending')
