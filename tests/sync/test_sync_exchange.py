"""Desks exchange every kind of synced record through a SQLite hub and a PostgreSQL hub."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from tests.sync.desk_ops import (
    add_warning,
    amend,
    create_person,
    desk_dump,
    edit_person,
    hub_dump,
    person,
    sign_contact,
)
from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import PermissionDeniedError
from triage_desk.domain.ids import new_id
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.storage import outbox
from triage_desk.storage import synced_writes as w
from triage_desk.storage.models import AuditEvent, Contact, PersonAlias, ResponsePlan, Service, User
from triage_desk.sync.engine import sync_once
from triage_desk.sync.hub import HubConnection
from triage_desk.sync.hub_schema import change_log, conflicts, records
from triage_desk.sync.protocol import Outcome
from triage_desk.sync.push import to_mutation


def _hub_count(url: str, table) -> int:
    hub = HubConnection.open(url)
    try:
        with hub.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(table))
    finally:
        hub.close()


def test_every_synced_kind_reaches_the_other_desk_and_drafts_stay(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    pid = create_person(a, "Ann", "Smith", postcode="LS1 4AP")
    add_warning(a, pid, "weapons", "knife seen 2025")
    with a.session() as s:
        w.add_record(s, PersonAlias(id=new_id(), origin_site=a.site_id, person_id=pid, given_name="Annie"))
        w.add_record(
            s, ResponsePlan(id=new_id(), origin_site=a.site_id, person_id=pid, what_helps="quiet room")
        )
        w.add_record(s, Service(id=new_id(), origin_site=a.site_id, name="Crisis café", category="crisis"))
        w.add_record(
            s, User(id=new_id(), origin_site=a.site_id, username="n1", display_name="N One", role="mhp")
        )
        w.add_record(
            s, AuditEvent(id=new_id(), origin_site=a.site_id, seq=1, action="view", prev_hash="0", hash="1")
        )
    cid = sign_contact(a, pid)
    amend(a, cid)
    draft = sign_contact(a, pid, sign=False)

    first = sync_once(a, hub_url)
    assert first.pushed["applied"] == 9 and first.pushed["rejected"] == 0
    sync_once(b, hub_url)

    assert desk_dump(b) == desk_dump(a) == hub_dump(hub_url)
    assert len(desk_dump(b)) == 9
    with b.reader() as s:
        assert s.get(Contact, draft) is None, "a draft must never leave its desk"
        assert s.get(Contact, cid).status == "signed"
    assert person(b, pid).postcode == "LS1 4AP"


def test_pulled_rows_are_not_echoed_back(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    create_person(a)
    sync_once(a, hub_url)
    sync_once(b, hub_url)
    with b.reader() as s:
        assert outbox.pending_count(s) == 0
    again = sync_once(b, hub_url)
    assert sum(again.pushed.values()) == 0 and again.pulled == 0


def test_same_batch_delivered_twice_gives_duplicates_not_copies(hub_url, new_desk):
    a = new_desk("a")
    pid = create_person(a)
    sign_contact(a, pid)
    with a.reader() as s:
        batch = [to_mutation(e, a.site_id) for e in outbox.pending(s, 100)]
    hub = HubConnection.open(hub_url)
    try:
        first = hub.apply_batch(batch)
        second = hub.apply_batch(batch)  # the acknowledgement was lost and the desk resent
    finally:
        hub.close()
    assert [r.outcome for r in first] == [Outcome.APPLIED, Outcome.APPLIED]
    assert [r.outcome for r in second] == [Outcome.DUPLICATE, Outcome.DUPLICATE]
    report = sync_once(a, hub_url)  # the desk now resends the same mutation ids for real
    assert report.pushed["duplicate"] == 2
    assert _hub_count(hub_url, records) == 2 and _hub_count(hub_url, change_log) == 2
    with a.reader() as s:
        assert outbox.pending_count(s) == 0


def test_signed_contact_same_id_other_content_is_rejected_and_kept(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    cid = sign_contact(a, None, {"concern": "original"})
    sync_once(a, hub_url)
    # Desk b holds a different signed contact under the same id (a bug or a tampered copy).
    with b.session() as s:
        c = Contact(
            id=cid,
            origin_site=b.site_id,
            form_id="triage-contact",
            form_version="1",
            answers={"concern": "altered"},
        )
        s.add(c)
        s.flush()
        w.sign_contact(s, cid, None)
    report = sync_once(b, hub_url)
    assert report.pushed["rejected"] == 1
    assert json.loads(hub_dump(hub_url)[0])["row"]["answers"] == {"concern": "original"}
    with b.reader() as s:
        assert s.get(Contact, cid).answers == {"concern": "altered"}, "never overwritten locally either"
    from triage_desk.platform.settings import Settings
    from triage_desk.services.sync_service import SyncService

    items = SyncService(b, Settings()).quarantine()
    assert [(i.kind, i.record_id) for i in items] == [("rejected", cid)]


def test_disjoint_field_edits_merge_on_every_desk(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    pid = create_person(a, "Ann", "Smith")
    sync_once(a, hub_url)
    sync_once(b, hub_url)
    edit_person(a, pid, phone="07700 900123")
    edit_person(b, pid, postcode="M1 1AA")
    for desk in (a, b, a):
        report = sync_once(desk, hub_url)
        assert report.conflicts == 0
    for desk in (a, b):
        p = person(desk, pid)
        assert (p.phone, p.postcode) == ("07700 900123", "M1 1AA")
    assert desk_dump(a) == desk_dump(b) == hub_dump(hub_url)


def test_same_field_edited_on_two_desks_becomes_a_conflict_holding_both(hub_url, new_desk):
    from triage_desk.platform.settings import Settings
    from triage_desk.services.sync_service import SyncService

    a, b = new_desk("a"), new_desk("b")
    pid = create_person(a, "Ann", "Smith")
    sync_once(a, hub_url)
    sync_once(b, hub_url)
    edit_person(a, pid, given_name="Anne")
    edit_person(b, pid, given_name="Annie", phone="123")
    sync_once(a, hub_url)
    report = sync_once(b, hub_url)
    assert report.conflicts == 1
    # The non-conflicting field merged; the disputed one shows the hub's value until resolved.
    assert (person(b, pid).given_name, person(b, pid).phone) == ("Anne", "123")
    hub = HubConnection.open(hub_url)
    with hub.engine.connect() as conn:
        stored = json.loads(conn.scalar(select(conflicts.c.fields)))
    hub.close()
    assert stored["given_name"] == {"base": "Ann", "mine": "Annie", "hub": "Anne"}
    service = SyncService(b, Settings())
    [item] = service.quarantine()
    assert item.fields["given_name"]["mine"] == "Annie"

    clinician = Principal("u-1", "cal", "Cal", Role.CLINICIAN, utc_now())
    with pytest.raises(PermissionDeniedError, match="Resolving sync conflicts needs the supervisor"):
        service.resolve(item.id, "mine", clinician)
    service.resolve(item.id, "mine", Principal("u-2", "supervisor1", "Sam", Role.SUPERVISOR, utc_now()))
    sync_once(b, hub_url)
    sync_once(a, hub_url)
    assert person(a, pid).given_name == person(b, pid).given_name == "Annie"
    assert service.quarantine() == []
    hub = HubConnection.open(hub_url)
    with hub.engine.connect() as conn:
        assert conn.scalar(select(conflicts.c.resolved_by_mutation)) is not None
    hub.close()


def test_edit_after_delete_is_a_conflict_not_a_resurrection(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    pid = create_person(a)
    sync_once(a, hub_url)
    sync_once(b, hub_url)
    with a.session() as s:
        w.tombstone_record(s, "persons", pid, 1)
    edit_person(b, pid, phone="999")
    sync_once(a, hub_url)
    report = sync_once(b, hub_url)
    assert report.conflicts == 1
    assert person(b, pid).deleted is True
    assert json.loads(hub_dump(hub_url)[0])["row"]["deleted"] is True


def test_delete_of_a_record_edited_elsewhere_is_a_conflict(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    pid = create_person(a)
    sync_once(a, hub_url)
    sync_once(b, hub_url)
    edit_person(a, pid, phone="111")
    with b.session() as s:
        w.tombstone_record(s, "persons", pid, 1)
    sync_once(a, hub_url)
    assert sync_once(b, hub_url).conflicts == 1
    assert person(b, pid).deleted is False and person(b, pid).phone == "111"


def test_pull_keeps_a_local_edit_that_is_not_yet_pushed(hub_url, new_desk):
    from triage_desk.sync.progress import never_cancelled, no_progress
    from triage_desk.sync.pull import pull

    a, b = new_desk("a"), new_desk("b")
    pid = create_person(a)
    sync_once(a, hub_url)
    sync_once(b, hub_url)
    edit_person(a, pid, given_name="Anne", phone="1")
    sync_once(a, hub_url)
    edit_person(b, pid, given_name="Annie")  # pending, not pushed
    hub = HubConnection.open(hub_url)
    pull(b, hub, hub.info(), page_size=100, progress=no_progress, cancelled=never_cancelled)
    hub.close()
    p = person(b, pid)
    assert (p.given_name, p.phone) == ("Annie", "1"), "pending field kept, other fields taken from the hub"
    assert sync_once(b, hub_url).conflicts == 1  # and the clash surfaces on push


def test_integrity_check_repairs_a_damaged_desk_without_touching_pending_edits(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    ids = [create_person(a, f"P{i}") for i in range(5)]
    sync_once(a, hub_url)
    sync_once(b, hub_url)
    with b.session() as s:  # simulate a lost row and a stale one (e.g. restored old backup)
        s.execute(text("DELETE FROM persons WHERE id = :i"), {"i": ids[0]})
        s.execute(text("UPDATE persons SET version = 7, given_name = 'stale' WHERE id = :i"), {"i": ids[1]})
    edit_person(b, ids[2], given_name="mine-pending")
    report = sync_once(b, hub_url)
    assert report.integrity is not None and report.integrity.mismatched == ["persons"]
    assert report.integrity.resynced["persons"] == 2 and report.integrity.ok_after_resync
    assert person(b, ids[0]) is not None and person(b, ids[1]).given_name == "P1"
    assert person(b, ids[2]).given_name == "mine-pending"
