"""signed contacts and amendments are immutable, even to plain SQL

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-22

The application refuses to change a signed contact (storage.contact_records), but a clinical record
must also survive a script, a sync bug or a hand-edited database: these triggers abort any UPDATE
or DELETE of a signed contact, and any UPDATE or DELETE of an amendment. Drafts stay editable.
(down_revision is 0001 on this branch; the lead re-chains 0002-0004 at merge.)
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None

_SQLITE = [
    """CREATE TRIGGER contacts_signed_no_update BEFORE UPDATE ON contacts
       FOR EACH ROW WHEN OLD.status = 'signed'
       BEGIN SELECT RAISE(ABORT, 'signed contact records are immutable: add an amendment instead'); END""",
    """CREATE TRIGGER contacts_signed_no_delete BEFORE DELETE ON contacts
       FOR EACH ROW WHEN OLD.status = 'signed'
       BEGIN SELECT RAISE(ABORT, 'signed contact records cannot be deleted'); END""",
    """CREATE TRIGGER amendments_no_update BEFORE UPDATE ON amendments
       BEGIN SELECT RAISE(ABORT, 'amendments are append-only'); END""",
    """CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments
       BEGIN SELECT RAISE(ABORT, 'amendments are append-only'); END""",
]

_POSTGRES = [
    """CREATE FUNCTION refuse_signed_contact_change() RETURNS trigger AS $$
       BEGIN
         IF OLD.status = 'signed' THEN
           RAISE EXCEPTION 'signed contact records are immutable: add an amendment instead';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER contacts_signed_immutable BEFORE UPDATE OR DELETE ON contacts
       FOR EACH ROW EXECUTE FUNCTION refuse_signed_contact_change()""",
    """CREATE FUNCTION refuse_amendment_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'amendments are append-only'; END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER amendments_immutable BEFORE UPDATE OR DELETE ON amendments
       FOR EACH ROW EXECUTE FUNCTION refuse_amendment_change()""",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE if dialect == "sqlite" else _POSTGRES if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in (
            "contacts_signed_no_update",
            "contacts_signed_no_delete",
            "amendments_no_update",
            "amendments_no_delete",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS contacts_signed_immutable ON contacts")
        op.execute("DROP TRIGGER IF EXISTS amendments_immutable ON amendments")
        op.execute("DROP FUNCTION IF EXISTS refuse_signed_contact_change()")
        op.execute("DROP FUNCTION IF EXISTS refuse_amendment_change()")
