"""Storage: drafts, denormalised columns, sealing, and immutability of signed rows (ORM and SQL)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from triage_desk.domain.errors import TriageDeskError
from triage_desk.storage import contact_records as records
from triage_desk.storage.contact_records import SignedRecordError
from triage_desk.storage.models import Contact

SIGNED_AT = datetime(2025, 6, 1, 13, 0, tzinfo=UTC)


def _draft(db):
    with db.session() as s:
        return records.create_draft(
            s, site_id=db.site_id, form_id="triage-contact", form_version=1, created_by="u1"
        )


def test_save_fills_the_reporting_columns(db) -> None:
    draft = _draft(db)
    answers = {
        "incident_ref": "CC-1",
        "call_received_at": "2025-06-01T12:00:00+00:00",
        "triage_code": "C",
        "outcome_code": "01",
        "rcrp_decision": "threshold_not_met",
        "contact_mode": "video",
        "requester_type": "controller",
        "location_type": "public_place",
    }
    with db.session() as s:
        records.save_answers(s, draft.id, answers)
    with db.reader() as s:
        row = s.get(Contact, draft.id)
        assert row.incident_ref == "CC-1" and row.triage_code == "C" and row.outcome_code == "01"
        assert row.call_received_at == datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
        assert (row.rcrp_decision, row.contact_mode, row.requester_type, row.location_type) == (
            "threshold_not_met",
            "video",
            "controller",
            "public_place",
        )
        assert row.answers == answers


def test_unsigned_drafts_lists_only_drafts_of_the_user(db) -> None:
    mine, other = _draft(db), _draft(db)
    with db.session() as s:
        s.get(Contact, other.id).created_by = "u2"
        records.sign(s, mine.id, signed_by="u1", signed_at=SIGNED_AT, answers={"x": 1})
    third = _draft(db)
    with db.reader() as s:
        assert [d.id for d in records.unsigned_drafts(s, "u1")] == [third.id]
        assert {d.id for d in records.unsigned_drafts(s)} == {third.id, other.id}


def test_sign_seals_with_a_reproducible_hash(db) -> None:
    draft = _draft(db)
    with db.session() as s:
        signed = records.sign(s, draft.id, signed_by="u1", signed_at=SIGNED_AT, answers={"a": "b"})
    expected = records.canonical_hash(
        {
            "form_id": "triage-contact",
            "form_version": "1",
            "answers": {"a": "b"},
            "signed_by": "u1",
            "signed_at": SIGNED_AT.isoformat(),
        }
    )
    assert signed.status == "signed" and signed.content_hash == expected and signed.signed_by == "u1"


def test_signed_contact_cannot_be_changed_by_any_path(db) -> None:
    draft = _draft(db)
    with db.session() as s:
        records.sign(s, draft.id, signed_by="u1", signed_at=SIGNED_AT, answers={"a": "b"})
    with pytest.raises(SignedRecordError), db.session() as s:
        records.save_answers(s, draft.id, {"a": "changed"})
    with pytest.raises(SignedRecordError), db.session() as s:
        s.get(Contact, draft.id).triage_code = "A"  # the ORM guard catches code that bypasses the API
    with pytest.raises(SignedRecordError), db.session() as s:
        s.delete(s.get(Contact, draft.id))
    conn = sqlite3.connect(db.path)
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        conn.execute("UPDATE contacts SET answers = '{}' WHERE id = ?", (draft.id,))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM contacts WHERE id = ?", (draft.id,))
    conn.close()
    with db.reader() as s:
        assert s.get(Contact, draft.id).answers == {"a": "b"}


def test_drafts_stay_editable_by_sql(db) -> None:
    draft = _draft(db)
    conn = sqlite3.connect(db.path)
    conn.execute("UPDATE contacts SET incident_ref = 'X' WHERE id = ?", (draft.id,))
    conn.commit()
    conn.close()


def test_amendments_are_append_only(db) -> None:
    draft = _draft(db)
    with db.session() as s:
        records.sign(s, draft.id, signed_by="u1", signed_at=SIGNED_AT, answers={"a": "b"})
        amendment = records.add_amendment(
            s,
            draft.id,
            site_id=db.site_id,
            author="u1",
            reason="typo",
            changes={"a": {"old": "b", "new": "c"}},
        )
    conn = sqlite3.connect(db.path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE amendments SET reason = 'x' WHERE id = ?", (amendment.id,))
    conn.close()
    with pytest.raises(TriageDeskError, match="reason"), db.session() as s:
        records.add_amendment(s, draft.id, site_id=db.site_id, author="u1", reason="  ", changes={"a": 1})


def test_signed_contact_can_be_relinked_but_not_rewritten_or_deleted_by_plain_sql(tmp_path) -> None:
    """Identity may be corrected after signing (link, audited merge); the clinical content may not,
    and only an authorised retention purge may delete the row."""
    import sqlite3

    from triage_desk.storage.database import Database
    from triage_desk.storage.models import Contact, PurgeAuthorisation

    path = tmp_path / "desk.db"
    db = Database.open(path)
    with db.session() as s:
        s.add(Contact(id="c1", origin_site="x", form_id="triage-contact", form_version="1",
                      status="signed", answers={"incident_ref": "A"}))
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO persons (id, version, origin_site, created_at, updated_at, deleted, given_name,"
                 " family_name, given_norm, family_norm, given_phonetic, family_phonetic, postcode_norm,"
                 " phone_norm) VALUES ('p1', 1, 'x', '2024-01-01', '2024-01-01', 0, '', '', '', '', '', '',"
                 " '', '')")
    conn.execute("UPDATE contacts SET person_id = 'p1' WHERE id = 'c1'")
    refused = ("UPDATE contacts SET answers = '{}' WHERE id = 'c1'", "DELETE FROM contacts WHERE id = 'c1'")
    for statement in refused:
        try:
            conn.execute(statement)
        except sqlite3.IntegrityError as exc:
            assert "signed contact" in str(exc)
        else:
            raise AssertionError(f"not refused: {statement}")
    conn.execute(f"INSERT INTO {PurgeAuthorisation.__tablename__} (record_id) VALUES ('c1')")
    conn.execute("DELETE FROM contacts WHERE id = 'c1'")
    assert conn.execute("SELECT count(*) FROM contacts").fetchone() == (0,)
    conn.close()
