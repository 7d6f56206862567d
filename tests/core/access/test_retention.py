"""Retention purges only what is due, respects legal hold, and remembers what it purged."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.core.access.conftest import FakeClock
from triage_desk.cli import main
from triage_desk.domain.errors import PermissionDeniedError, SettingsError
from triage_desk.domain.ids import new_id
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.services.audit import AuditService
from triage_desk.services.retention import RetentionService, retention_years
from triage_desk.storage import purge_ledger
from triage_desk.storage.database import Database
from triage_desk.storage.models import (
    Amendment,
    Contact,
    OutboxEntry,
    Person,
    PersonAlias,
    ResponsePlan,
    SafetyWarning,
)

OLD = datetime(2005, 6, 1, tzinfo=UTC)  # more than 20 years before the test clock (2026-03-01)
RECENT = datetime(2019, 6, 1, tzinfo=UTC)


def add_person(db: Database, last_contact: datetime, *, hold: bool = False, merged_into: str | None = None,
               given: str = "Test", nhs: str | None = None, postcode: str | None = None) -> dict[str, str]:
    """A person with one contact, one amendment, an alias, a warning, a plan and an unsent change."""
    ids = {k: new_id() for k in ("person", "contact", "amendment", "alias", "warning", "plan")}
    site = db.site_id
    with db.session() as s:
        s.add(Person(id=ids["person"], origin_site=site, given_name=given, family_name="Person",
                     legal_hold=hold, merged_into_id=merged_into, nhs_number=nhs, postcode=postcode,
                     created_at=last_contact, updated_at=last_contact))
        s.flush()
        s.add(Contact(id=ids["contact"], origin_site=site, form_id="triage", form_version="1",
                      person_id=ids["person"], call_received_at=last_contact, created_at=last_contact))
        pid = ids["person"]
        s.add(PersonAlias(id=ids["alias"], origin_site=site, person_id=pid, updated_at=last_contact))
        s.add(SafetyWarning(id=ids["warning"], origin_site=site, person_id=pid, category="violence"))
        s.add(ResponsePlan(id=ids["plan"], origin_site=site, person_id=pid))
        s.flush()
        s.add(Amendment(id=ids["amendment"], origin_site=site, contact_id=ids["contact"], reason="typo"))
        s.add(OutboxEntry(mutation_id=new_id(), table_name="persons", record_id=ids["person"], op="insert",
                          payload={"given_name": given}))
    return ids


def exists(db: Database, model: type, record_id: str) -> bool:
    with db.reader() as s:
        return s.get(model, record_id) is not None


@pytest.fixture
def retention(db: Database, audit: AuditService, clock: FakeClock) -> RetentionService:
    return RetentionService(db, audit, clock=clock)


def test_dry_run_counts_and_changes_nothing(db: Database, retention: RetentionService,
                                            people: dict[Role, Principal]) -> None:
    old = add_person(db, OLD)
    add_person(db, RECENT)
    report = retention.run(people[Role.ADMIN], dry_run=True)
    counts = report.purged["mental_health"].as_dict()
    assert counts == {"persons": 1, "contacts": 1, "amendments": 1, "aliases": 1, "warnings": 1,
                      "response_plans": 1}
    assert exists(db, Person, old["person"]) and exists(db, Amendment, old["amendment"])


def test_purges_only_due_records_and_their_dependants(db: Database, retention: RetentionService,
                                                      people: dict[Role, Principal]) -> None:
    old, recent = add_person(db, OLD), add_person(db, RECENT)
    report = retention.run(people[Role.ADMIN])
    assert report.total_persons == 1
    for model, key in ((Person, "person"), (Contact, "contact"), (Amendment, "amendment"),
                       (PersonAlias, "alias"), (SafetyWarning, "warning"), (ResponsePlan, "plan")):
        assert not exists(db, model, old[key]), model.__name__
        assert exists(db, model, recent[key]), model.__name__
    with db.reader() as s:
        entries = [e for e in s.query(OutboxEntry).all() if e.table_name not in ("users", "audit_events")]
    copies = [e.record_id for e in entries if e.op != "purge"]
    assert copies == [recent["person"]]  # the purged person's unsent copy went too
    # Each purged id is queued for the hub, and the queue entry holds the id and nothing else.
    tombstones = {e.record_id: e.payload for e in entries if e.op == "purge"}
    keys = ("person", "contact", "amendment", "alias", "warning", "plan")
    assert tombstones == {old[k]: {"row": {"id": old[k]}, "base": {}} for k in keys}


def test_a_recent_contact_keeps_an_old_person(db: Database, retention: RetentionService,
                                              people: dict[Role, Principal]) -> None:
    ids = add_person(db, OLD)
    with db.session() as s:
        s.add(Contact(id=new_id(), origin_site=db.site_id, form_id="triage", form_version="1",
                      person_id=ids["person"], call_received_at=RECENT))
    assert retention.run(people[Role.ADMIN]).total_persons == 0


def test_legal_hold_overrides_retention(db: Database, retention: RetentionService,
                                        people: dict[Role, Principal]) -> None:
    held = add_person(db, OLD, hold=True)
    to_hold_later = add_person(db, OLD)
    retention.set_legal_hold(people[Role.ADMIN], to_hold_later["person"], True, "Inquiry ref 12")
    report = retention.run(people[Role.ADMIN])
    assert report.total_persons == 0 and report.on_legal_hold == 2
    assert exists(db, Person, held["person"]) and exists(db, Contact, to_hold_later["contact"])
    with pytest.raises(PermissionDeniedError, match="legal hold needs the admin role"):
        retention.set_legal_hold(people[Role.SUPERVISOR], held["person"], False, "done")


def test_a_person_a_retained_record_was_merged_into_is_kept(db: Database, retention: RetentionService,
                                                            people: dict[Role, Principal]) -> None:
    survivor = add_person(db, OLD)
    add_person(db, OLD, hold=True, merged_into=survivor["person"])
    report = retention.run(people[Role.ADMIN])
    assert report.total_persons == 0 and report.kept_for_merge_links == 1
    assert exists(db, Person, survivor["person"])


def test_the_ledger_recognises_purged_ids_without_storing_them(db: Database, retention: RetentionService,
                                                               people: dict[Role, Principal]) -> None:
    old, recent = add_person(db, OLD), add_person(db, RECENT)
    retention.run(people[Role.ADMIN])
    with db.reader() as s:
        assert purge_ledger.is_purged(s, "persons", old["person"])
        assert purge_ledger.is_purged(s, "contacts", old["contact"])
        assert purge_ledger.is_purged(s, "amendments", old["amendment"])
        assert not purge_ledger.is_purged(s, "persons", recent["person"])
        assert not purge_ledger.is_purged(s, "contacts", old["person"])  # the table matters
    assert db.path is not None
    with sqlite3.connect(db.path) as conn:
        dump = "\n".join(conn.iterdump())
    ledger_lines = [line for line in dump.splitlines() if "purge_ledger" in line]
    assert ledger_lines and not any(old["person"] in line for line in ledger_lines)


def test_retention_is_admin_only(retention: RetentionService, people: dict[Role, Principal]) -> None:
    for role in (Role.CLINICIAN, Role.SUPERVISOR):
        with pytest.raises(PermissionDeniedError, match="Running the retention purge needs the admin role"):
            retention.run(people[role], dry_run=True)


def test_periods_come_from_settings() -> None:
    assert retention_years({}) == {"mental_health": 20}
    assert retention_years({"retention": {"mental_health": 25}}) == {"mental_health": 25}
    with pytest.raises(SettingsError, match="whole number of years"):
        retention_years({"retention": {"mental_health": "twenty"}})
    with pytest.raises(SettingsError, match="not a known record class"):
        retention_years({"retention": {"childrens": 25}})


def test_a_shorter_configured_period_purges_more(db: Database, audit: AuditService, clock: FakeClock,
                                                 people: dict[Role, Principal]) -> None:
    add_person(db, RECENT)
    service = RetentionService(db, audit, clock=clock, years={"mental_health": 5})
    assert service.run(people[Role.ADMIN]).total_persons == 1


# --- command line --------------------------------------------------------------------------------

@pytest.mark.parametrize(("user", "password", "status"), [
    ("root", "admin password 1", 0), ("sue", "supervisor password", 1), ("nina", "clinician password", 1)])
def test_cli_retention_run_is_admin_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys,  # type: ignore[no-untyped-def]
                                         user: str, password: str, status: int) -> None:
    base = ["--data-dir", str(tmp_path)]
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "admin password 1")
    assert main([*base, "init", "--admin-user", "root", "--admin-name", "Rosa Root"]) == 0
    accounts = (("sue", "supervisor", "supervisor password"), ("nina", "clinician", "clinician password"))
    for name, role, pw in accounts:
        monkeypatch.setenv("TRIAGE_DESK_NEW_PASSWORD", pw)
        add = ["users", "add", name, "--role", role, "--display-name", name]
        assert main([*base, "--user", "root", *add]) == 0
    capsys.readouterr()
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", password)
    assert main([*base, "--user", user, "retention", "run", "--dry-run"]) == status
    out, err = capsys.readouterr()
    if status == 0:
        assert "Due for purge (dry run, nothing changed) — mental health records: 0 persons" in out
    else:
        assert "needs the admin role" in err


@pytest.mark.parametrize(("user", "password", "status"), [
    ("root", "admin password 1", 0), ("nina", "clinician password", 1)])
def test_cli_users_add_is_admin_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys,  # type: ignore[no-untyped-def]
                                     user: str, password: str, status: int) -> None:
    base = ["--data-dir", str(tmp_path)]
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "admin password 1")
    assert main([*base, "init", "--admin-user", "root", "--admin-name", "Rosa Root"]) == 0
    monkeypatch.setenv("TRIAGE_DESK_NEW_PASSWORD", "clinician password")
    assert main([*base, "--user", "root", "users", "add", "nina", "--role", "clinician",
                 "--display-name", "Nina"]) == 0
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", password)
    monkeypatch.setenv("TRIAGE_DESK_NEW_PASSWORD", "another password")
    assert main([*base, "--user", user, "users", "add", "extra", "--role", "supervisor",
                 "--display-name", "Extra"]) == status
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "admin password 1")
    capsys.readouterr()
    assert main([*base, "--user", "root", "users", "list", "--json"]) == 0
    listed = capsys.readouterr().out
    assert ('"extra"' in listed) == (status == 0)
