"""Users are reference data that sync; a retention purge reaches the hub and every desk, and an
offline desk that still holds the purged record can never bring it back (issue 8)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from tests.sync.desk_ops import add_warning, create_person, desk_dump, edit_person, hub_dump, sign_contact
from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import AuthenticationError
from triage_desk.domain.roles import Role
from triage_desk.platform.settings import Settings
from triage_desk.services.audit import AuditAction, AuditService
from triage_desk.services.auth import AuthService
from triage_desk.services.passwords import Passwords
from triage_desk.services.retention import RetentionService
from triage_desk.services.sync_service import SyncService
from triage_desk.storage import audit_log, outbox
from triage_desk.storage.database import Database
from triage_desk.storage.models import (
    AuditEvent,
    Contact,
    OutboxEntry,
    Person,
    QuarantineEntry,
    SafetyWarning,
    User,
)
from triage_desk.sync import local_apply
from triage_desk.sync.engine import sync_once
from triage_desk.sync.hub import HubConnection
from triage_desk.sync.hub_schema import change_log, conflicts, purged, records
from triage_desk.sync.protocol import Change

CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def auth_for(db: Database) -> AuthService:
    return AuthService(db, AuditService(db), passwords=Passwords(CHEAP), zone="UTC")


def synced(lines: list[str]) -> list[str]:
    """A replica dump without audit events (they sync, but each desk writes new ones as it works)."""
    return [line for line in lines if '"table":"audit_events"' not in line]


def hub_rows(url: str, table, **where: str) -> int:
    hub = HubConnection.open(url)
    try:
        stmt = select(func.count()).select_from(table)
        for column, value in where.items():
            stmt = stmt.where(table.c[column] == value)
        with hub.engine.connect() as conn:
            return int(conn.scalar(stmt) or 0)
    finally:
        hub.close()


# --- users -----------------------------------------------------------------------------------------


def test_a_user_added_on_one_desk_signs_in_on_another(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    auth_a = auth_for(a)
    auth_a.create_first_admin("ada", "Ada Admin", "ada-admin-password")
    admin = auth_a.sign_in("ada", "ada-admin-password")
    auth_a.add_user(admin, "nina", "Nina Nurse", Role.CLINICIAN, "nina-nurse-password")

    sync_once(a, hub_url)
    sync_once(b, hub_url)

    principal = auth_for(b).sign_in("nina", "nina-nurse-password")
    assert principal.role is Role.CLINICIAN and principal.display_name == "Nina Nurse"
    with pytest.raises(AuthenticationError):
        auth_for(b).sign_in("nina", "not-her-password")
    # What travels is the hash, never the password; lockout counters stay on their desk.
    assert "nina-nurse-password" not in "\n".join(hub_dump(hub_url))
    with a.reader() as s:
        nina_a = s.scalar(select(User).where(User.username == "nina"))
        assert nina_a.failed_attempts == 0
    with b.reader() as s:
        assert s.scalar(select(User).where(User.username == "nina")).failed_attempts == 1
    assert synced(desk_dump(a)) == synced(desk_dump(b)) == synced(hub_dump(hub_url))


def test_disabling_and_a_new_password_reach_the_other_desk(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    auth_a = auth_for(a)
    auth_a.create_first_admin("ada", "Ada Admin", "ada-admin-password")
    admin = auth_a.sign_in("ada", "ada-admin-password")
    auth_a.add_user(admin, "nina", "Nina Nurse", Role.CLINICIAN, "nina-nurse-password")
    auth_a.add_user(admin, "sam", "Sam Sup", Role.SUPERVISOR, "sam-supervisor-pw")
    sync_once(a, hub_url)
    sync_once(b, hub_url)

    nina = auth_for(b).sign_in("nina", "nina-nurse-password")
    auth_for(b).change_password(nina, "nina-nurse-password", "a-brand-new-password")
    auth_a.disable_user(admin, "sam")
    sync_once(b, hub_url)
    sync_once(a, hub_url)
    sync_once(b, hub_url)
    with b.reader() as s:
        assert outbox.pending_count(s) == 0  # (the sign-ins below write audit events of their own)

    auth_for(a).sign_in("nina", "a-brand-new-password")
    with pytest.raises(AuthenticationError, match="disabled"):
        auth_for(b).sign_in("sam", "sam-supervisor-pw")


# --- retention purge -------------------------------------------------------------------------------


def test_purge_reaches_every_desk_and_an_offline_desk_cannot_bring_it_back(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    auth_a = auth_for(a)
    auth_a.create_first_admin("ada", "Ada Admin", "ada-admin-password")
    admin = auth_a.sign_in("ada", "ada-admin-password")
    p = create_person(a, "Paula", "Purged")
    contact = sign_contact(a, p)
    warning = add_warning(a, p)
    kept = create_person(a, "Kept", "Onhold")
    sync_once(a, hub_url)
    sync_once(b, hub_url)
    assert synced(desk_dump(a)) == synced(desk_dump(b))

    # B goes offline and keeps working on P: an edit and a new signed contact.
    edit_person(b, p, family_name="Edited-Offline")
    offline_contact = sign_contact(b, p, {"concern": "seen again"})

    # A runs retention 21 years on; the other person is on legal hold.
    audit = AuditService(a)
    later = RetentionService(a, audit, clock=lambda: utc_now() + timedelta(days=365 * 21))
    later.set_legal_hold(admin, kept, True, "inquiry 42")
    report = later.run(admin)
    assert report.total_persons == 1
    first = sync_once(a, hub_url)
    assert first.rejected == 0

    # The hub destroyed its copies, keeps only hashes, and serves nothing about P any more.
    for rid in (p, contact, warning):
        assert hub_rows(hub_url, records, id=rid) == 0
        assert hub_rows(hub_url, change_log, record_id=rid, op="insert") == 0
    assert hub_rows(hub_url, purged) == 3
    with a.reader() as s:
        assert not [e for e in s.scalars(select(OutboxEntry)) if e.record_id in (p, contact)]

    # B comes back online: its edits of P are refused, reported, and P is destroyed on B too.
    back = sync_once(b, hub_url)
    assert back.rejected == 2
    for db in (a, b):
        with db.reader() as s:
            assert s.get(Person, p) is None
            assert s.get(Contact, contact) is None and s.get(Contact, offline_contact) is None
            assert s.get(SafetyWarning, warning) is None
            assert s.get(Person, kept) is not None
    items = SyncService(b, Settings()).quarantine()
    assert sorted(i.record_id for i in items) == sorted([p, offline_contact])
    assert all(i.kind == "rejected" and "purged" in i.reason for i in items)
    with b.reader() as s:
        assert all(e.local_payload == {} and e.fields == {} for e in s.scalars(select(QuarantineEntry)))
        assert outbox.pending_count(s) == 0

    # Nothing comes back, however often anyone syncs; a brand-new desk never sees P either.
    for db in (b, a, b):
        sync_once(db, hub_url, integrity="always")
    c = new_desk("c")
    sync_once(c, hub_url)
    assert synced(desk_dump(a)) == synced(desk_dump(b)) == synced(desk_dump(c)) == synced(hub_dump(hub_url))
    assert p not in "\n".join(hub_dump(hub_url))
    assert hub_rows(hub_url, records, id=offline_contact) == 0
    assert hub_rows(hub_url, conflicts, record_id=p) == 0


def test_the_hub_purges_records_the_purging_desk_had_not_seen(hub_url, new_desk):
    """Desk B adds a contact for P and syncs; desk A, not yet pulled, purges P: the hub cascades."""
    a, b = new_desk("a"), new_desk("b")
    auth_a = auth_for(a)
    auth_a.create_first_admin("ada", "Ada Admin", "ada-admin-password")
    admin = auth_a.sign_in("ada", "ada-admin-password")
    p = create_person(a)
    sync_once(a, hub_url)
    sync_once(b, hub_url)
    unseen = sign_contact(b, p)
    sync_once(b, hub_url)

    RetentionService(a, AuditService(a), clock=lambda: utc_now() + timedelta(days=365 * 21)).run(admin)
    sync_once(a, hub_url)
    sync_once(b, hub_url)
    assert hub_rows(hub_url, records, id=unseen) == 0
    for db in (a, b):
        with db.reader() as s:
            assert s.get(Contact, unseen) is None and s.get(Person, p) is None
    assert synced(desk_dump(a)) == synced(desk_dump(b)) == synced(hub_dump(hub_url))


def test_a_pulled_row_that_was_purged_here_is_refused(new_desk):
    a = new_desk("a")
    auth_a = auth_for(a)
    auth_a.create_first_admin("ada", "Ada Admin", "ada-admin-password")
    admin = auth_a.sign_in("ada", "ada-admin-password")
    p = create_person(a, "Old", "Copy")
    with a.reader() as s:
        payload = s.get(Person, p)
        from triage_desk.storage.canonical import canonical_json, row_payload

        text = canonical_json(row_payload(Person.__table__, payload))
    RetentionService(a, AuditService(a), clock=lambda: utc_now() + timedelta(days=365 * 21)).run(admin)
    with a.session() as s:
        written = local_apply.apply_changes(s, [Change(1, "persons", p, 1, text, "insert")])
    assert written == 0
    with a.reader() as s:
        assert s.get(Person, p) is None


def test_audit_events_reach_the_hub_and_other_desks_with_their_chains_intact(hub_url, new_desk):
    """Supervisors see every desk's accesses, and a lost laptop's log survives it (issue 8)."""
    a, b = new_desk("a"), new_desk("b")
    auth_a = auth_for(a)
    auth_a.create_first_admin("ada", "Ada Admin", "ada-admin-password")
    admin = auth_a.sign_in("ada", "ada-admin-password")
    person_id = create_person(a, "Ann")
    AuditService(a).record(admin, AuditAction.LEGAL_HOLD, "person", person_id, detail={"on": True})
    sync_once(a, hub_url)
    sync_once(b, hub_url)

    with a.reader() as s:
        on_a = s.scalars(select(AuditEvent.hash).order_by(AuditEvent.seq)).all()
    with b.reader() as s:
        on_b = s.scalars(select(AuditEvent.hash).where(AuditEvent.origin_site == a.site_id)
                         .order_by(AuditEvent.seq)).all()
        report = audit_log.verify(s)
        events = audit_log.events_for_record(s, "person", person_id)
    assert on_a and on_b == on_a  # every event of desk a's chain, in order, on desk b
    assert report.intact, report.problems
    assert [(e.username, e.action) for e in events] == [("ada", "legal_hold")]
