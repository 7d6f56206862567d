"""signed contacts and amendments are immutable, even to plain SQL

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

The application refuses to change a signed contact (storage.contact_records), but a clinical record
must also survive a script, a sync bug or a hand-edited database: these triggers abort any UPDATE
or DELETE of a signed contact, and any UPDATE or DELETE of an amendment. Drafts stay editable.

Two deliberate exceptions:
- which person a signed record is about (``person_id``) may change: identity is established or
  corrected later (linking, an audited merge and its undo), while the clinical content stays sealed;
- a legal retention purge deletes signed records, but only rows whose id the purge has first written
  to ``purge_authorisations`` in the same transaction (storage.retention).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Every contacts column except person_id and updated_at: the sealed content of a signed record.
SEALED_COLUMNS = (
    "id", "origin_site", "form_id", "form_version", "status", "incident_ref", "answers",
    "call_received_at", "mhp_involved_at", "advice_given_at", "closed_at", "triage_code", "outcome_code",
    "rcrp_decision", "contact_mode", "requester_type", "location_type", "guidance", "team", "desk",
    "created_by", "created_at", "signed_by", "signed_at", "content_hash",
)
_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in SEALED_COLUMNS)
_NOT_AUTHORISED = "NOT EXISTS (SELECT 1 FROM purge_authorisations WHERE record_id = OLD.id)"

_SQLITE = [
    f"""CREATE TRIGGER contacts_signed_no_update BEFORE UPDATE ON contacts
       FOR EACH ROW WHEN OLD.status = 'signed' AND ({_CHANGED})
       BEGIN SELECT RAISE(ABORT, 'signed contact records are immutable: add an amendment instead'); END""",
    f"""CREATE TRIGGER contacts_signed_no_delete BEFORE DELETE ON contacts
       FOR EACH ROW WHEN OLD.status = 'signed' AND {_NOT_AUTHORISED}
       BEGIN SELECT RAISE(ABORT, 'signed contact records cannot be deleted'); END""",
    """CREATE TRIGGER amendments_no_update BEFORE UPDATE ON amendments
       BEGIN SELECT RAISE(ABORT, 'amendments are append-only'); END""",
    f"""CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments
       FOR EACH ROW WHEN {_NOT_AUTHORISED}
       BEGIN SELECT RAISE(ABORT, 'amendments are append-only'); END""",
]

_POSTGRES = [
    """CREATE FUNCTION refuse_signed_contact_change() RETURNS trigger AS $$
       BEGIN
         IF OLD.status = 'signed' THEN
           IF TG_OP = 'DELETE' THEN
             IF NOT EXISTS (SELECT 1 FROM purge_authorisations WHERE record_id = OLD.id) THEN
               RAISE EXCEPTION 'signed contact records cannot be deleted';
             END IF;
           ELSIF (to_jsonb(OLD) - 'person_id' - 'updated_at') IS DISTINCT FROM
                 (to_jsonb(NEW) - 'person_id' - 'updated_at') THEN
             RAISE EXCEPTION 'signed contact records are immutable: add an amendment instead';
           END IF;
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER contacts_signed_immutable BEFORE UPDATE OR DELETE ON contacts
       FOR EACH ROW EXECUTE FUNCTION refuse_signed_contact_change()""",
    """CREATE FUNCTION refuse_amendment_change() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM purge_authorisations WHERE record_id = OLD.id) THEN
           RETURN OLD;
         END IF;
         RAISE EXCEPTION 'amendments are append-only';
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER amendments_immutable BEFORE UPDATE OR DELETE ON amendments
       FOR EACH ROW EXECUTE FUNCTION refuse_amendment_change()""",
]


def upgrade() -> None:
    op.create_table(
        "purge_authorisations",
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_purge_authorisations")),
    )
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
    op.drop_table("purge_authorisations")
