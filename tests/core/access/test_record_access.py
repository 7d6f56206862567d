"""Every protected action on a person or a record, per role, through the services (and the CLI where
it has the action): refused or allowed by services.access, and written to the audit log as exactly
one event saying who, what, which record and why; the log still verifies afterwards."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.core.access.conftest import PASSWORDS, FakeClock
from tests.core.contacts.conftest import complete_f1
from triage_desk.cli import main
from triage_desk.domain.errors import PermissionDeniedError, PurposeRequiredError
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.forms_engine.loader import load_form_library
from triage_desk.platform.resources import forms_dir
from triage_desk.services.app import open_app
from triage_desk.services.audit import AuditService, Purpose, require_purpose
from triage_desk.services.auth import AuthService
from triage_desk.services.contact_service import ContactService
from triage_desk.services.lookup_service import LookupService
from triage_desk.storage import audit_log
from triage_desk.storage.database import Database
from triage_desk.storage.models import AuditEvent

WHY = require_purpose("INC-2026-0412-117", "caller worried about a neighbour")
NO_PURPOSE = Purpose(None, None)
ROLES = list(Role)


@pytest.fixture
def lookup(db: Database, audit: AuditService) -> LookupService:
    return LookupService(db, audit)


@pytest.fixture
def contacts(db: Database, audit: AuditService, clock: FakeClock) -> ContactService:
    return ContactService(db, load_form_library(forms_dir(), None), audit=audit, clock=clock)


@pytest.fixture
def cleo(auth: AuthService, people: dict[Role, Principal]) -> Principal:
    """A second clinician: the author of the records the others read or try to amend."""
    auth.add_user(people[Role.ADMIN], "cleo", "Cleo Clinician", Role.CLINICIAN, "cleo-clinician-pw")
    return auth.sign_in("cleo", "cleo-clinician-pw")


@pytest.fixture
def register(lookup: LookupService, cleo: Principal) -> dict[str, str]:
    def add(**details: Any) -> str:
        return lookup.create_person(principal=cleo, **details)

    return {
        "william": add(given_name="William", family_name="Smith", date_of_birth="12/03/1985",
                       postcode="LS1 4AP", nhs="943 476 5919"),
        "bill": add(given_name="Bill", family_name="Smith", date_of_birth="12/03/1985"),
    }


def signed_record(contacts: ContactService, author: Principal, person: str | None = None,
                  lookup: LookupService | None = None) -> str:
    contact_id = contacts.start_contact("triage-contact", principal=author).id
    contacts.autosave(contact_id, complete_f1())
    contacts.sign(contact_id, principal=author)
    if person and lookup:
        lookup.link_contact(contact_id, person, principal=author)
    return contact_id


def events(db: Database) -> list[AuditEvent]:
    with db.reader() as s:
        return list(s.query(AuditEvent).order_by(AuditEvent.seq))


def one_new_event(db: Database, action: Callable[[], object]) -> AuditEvent:
    """Run ``action``; exactly one audit event must have been written, which is returned."""
    before = {e.id for e in events(db)}
    action()
    new = [e for e in events(db) if e.id not in before]
    assert len(new) == 1, [(e.action, e.record_id) for e in new]
    return new[0]


def nothing_logged(db: Database, action: Callable[[], object], error: type[Exception], match: str) -> None:
    before = len(events(db))
    with pytest.raises(error, match=match):
        action()
    assert len(events(db)) == before


def verify_intact(db: Database) -> None:
    with db.reader() as s:
        report = audit_log.verify(s)
    assert report.intact, report.problems


# --- merging: supervisors and admins only ----------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_merge_and_undo_are_for_supervisors_and_admins(role: Role, people: dict[Role, Principal],
                                                       lookup: LookupService, register: dict[str, str],
                                                       db: Database) -> None:
    who = people[role]
    merge = lambda: lookup.merge_persons(register["william"], register["bill"], principal=who)  # noqa: E731
    if role is Role.CLINICIAN:
        nothing_logged(db, merge, PermissionDeniedError, "Merging duplicate people needs the supervisor")
        assert lookup.person_detail(register["bill"], principal=who, purpose=WHY).merged_into_id is None
        return
    event = one_new_event(db, merge)
    assert (event.username, event.action, event.record_type, event.record_id) == (
        who.username, "merge", "person", register["william"])
    assert event.detail["merged_id"] == register["bill"] and event.detail["undone"] is False
    summary = lookup.last_merge_into(register["william"], principal=who)
    assert summary is not None
    undo = one_new_event(db, lambda: lookup.undo_merge(summary.merge_id, principal=who))
    assert (undo.action, undo.record_id, undo.detail["merged_id"], undo.detail["undone"]) == (
        "merge", register["william"], register["bill"], True)
    verify_intact(db)


def test_a_clinician_cannot_undo_a_merge(people: dict[Role, Principal], lookup: LookupService,
                                         register: dict[str, str], db: Database) -> None:
    summary = lookup.merge_persons(register["william"], register["bill"], principal=people[Role.SUPERVISOR])
    cal = people[Role.CLINICIAN]
    nothing_logged(db, lambda: lookup.undo_merge(summary.merge_id, principal=cal), PermissionDeniedError,
                   "needs the supervisor or admin role")
    nothing_logged(db, lambda: lookup.last_merge_into(register["william"], principal=cal),
                   PermissionDeniedError, "needs the supervisor")


# --- looking people up: every role, always with a purpose ------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_every_role_searches_with_a_purpose_and_the_log_holds_no_query(
        role: Role, people: dict[Role, Principal], lookup: LookupService, register: dict[str, str],
        db: Database) -> None:
    who = people[role]
    typed = "William Smith 12/03/1985 LS1 4AP 943 476 5919"
    result = None

    def search() -> None:
        nonlocal result
        result = lookup.search(typed, principal=who, purpose=WHY)

    event = one_new_event(db, search)
    assert result is not None and result.candidates[0].person_id == register["william"]
    assert (event.username, event.action, event.record_type, event.record_id, event.purpose) == (
        who.username, "search", "person", None, WHY.text)
    assert event.detail == {"criteria": ["name", "date_of_birth", "postcode", "nhs_number"],
                            "candidates": len(result.candidates)}
    logged = json.dumps(event.detail).lower()
    for part in ("william", "smith", "1985", "ls1", "4ap", "943", "5919", *register.values()):
        assert part.lower() not in logged, part


@pytest.mark.parametrize("purpose", [None, NO_PURPOSE])
def test_no_search_or_view_without_a_purpose(people: dict[Role, Principal], lookup: LookupService,
                                              register: dict[str, str], db: Database,
                                              purpose: Purpose | None) -> None:
    cal = people[Role.CLINICIAN]
    nothing_logged(db, lambda: lookup.search("william smith", principal=cal, purpose=purpose),  # type: ignore[arg-type]
                   PurposeRequiredError, "incident reference or a reason")
    nothing_logged(db, lambda: lookup.person_detail(register["william"], principal=cal, purpose=purpose),  # type: ignore[arg-type]
                   PurposeRequiredError, "incident reference or a reason")


@pytest.mark.parametrize("role", ROLES)
def test_viewing_a_person_is_one_event_on_that_person(role: Role, people: dict[Role, Principal],
                                                      lookup: LookupService, register: dict[str, str],
                                                      db: Database) -> None:
    who = people[role]
    event = one_new_event(db, lambda: lookup.person_detail(register["william"], principal=who, purpose=WHY))
    assert (event.username, event.action, event.record_type, event.record_id, event.purpose) == (
        who.username, "view_person", "person", register["william"], WHY.text)


def test_creating_and_linking_are_audited_on_the_person(cleo: Principal, lookup: LookupService,
                                                        contacts: ContactService, db: Database) -> None:
    created: list[str] = []
    event = one_new_event(db, lambda: created.append(lookup.create_person(
        principal=cleo, given_name="Ann", family_name="Other", postcode="M1 1AE")))
    assert (event.username, event.action, event.record_id) == ("cleo", "create_person", created[0])
    assert event.detail == {"fields": ["family_name", "given_name", "postcode"], "aliases": 0}
    contact_id = contacts.start_contact("triage-contact", principal=cleo).id
    link = one_new_event(db, lambda: lookup.link_contact(contact_id, created[0], principal=cleo))
    assert (link.action, link.record_type, link.record_id, link.detail["contact_id"]) == (
        "link_contact", "person", created[0], contact_id)


# --- records: sign, open, amend own, print ---------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_every_role_signs_and_amends_its_own_record(role: Role, people: dict[Role, Principal],
                                                    contacts: ContactService, db: Database) -> None:
    who = people[role]
    contact_id = contacts.start_contact("triage-contact", principal=who).id
    contacts.autosave(contact_id, complete_f1())
    sign = one_new_event(db, lambda: contacts.sign(contact_id, principal=who))
    assert (sign.username, sign.action, sign.record_type, sign.record_id) == (
        who.username, "sign", "contact", contact_id)
    assert contacts.open_record(contact_id, principal=who).contact.signed_by == who.user_id
    amend = one_new_event(db, lambda: contacts.amend(contact_id, "Code mistyped", {"triage_code": "B"},
                                                     principal=who))
    assert (amend.username, amend.action, amend.record_id, amend.detail["fields"]) == (
        who.username, "amend", contact_id, ["triage_code"])
    assert "B" not in json.dumps(amend.detail["fields"])  # field names, never the values
    verify_intact(db)


@pytest.mark.parametrize("role", ROLES)
def test_no_role_amends_someone_elses_record(role: Role, people: dict[Role, Principal], cleo: Principal,
                                             contacts: ContactService, db: Database) -> None:
    contact_id = signed_record(contacts, cleo)
    amend = lambda: contacts.amend(contact_id, "I think it was B", {"triage_code": "B"},  # noqa: E731
                                   principal=people[role])
    nothing_logged(db, amend, PermissionDeniedError, "only for your own entries")
    record = contacts.open_record(contact_id, principal=cleo)
    assert record.amendments == [] and record.effective_answers["triage_code"] == "C"


def test_reading_someone_elses_signed_record_needs_a_purpose_and_is_logged(
        people: dict[Role, Principal], cleo: Principal, contacts: ContactService, db: Database) -> None:
    contact_id = signed_record(contacts, cleo)
    cal = people[Role.CLINICIAN]
    nothing_logged(db, lambda: contacts.open_record(contact_id, principal=cal), PurposeRequiredError,
                   "needs a purpose")
    nothing_logged(db, lambda: contacts.render_record_html(contact_id, principal=cal),
                   PurposeRequiredError, "needs a purpose")
    event = one_new_event(db, lambda: contacts.open_record(contact_id, principal=cal, purpose=WHY))
    assert (event.username, event.action, event.record_type, event.record_id, event.purpose) == (
        "cal", "open_record", "contact", contact_id, WHY.text)


def test_the_author_carries_on_with_their_own_draft_without_a_purpose(
        cleo: Principal, contacts: ContactService, db: Database) -> None:
    draft = contacts.start_contact("triage-contact", principal=cleo).id
    before = len(events(db))
    assert contacts.open_record(draft, principal=cleo).contact.status == "draft"
    # A window that has no purpose yet holds a blank one: the author's own draft still opens.
    assert contacts.open_record(draft, principal=cleo, purpose=NO_PURPOSE).contact.status == "draft"
    assert len(events(db)) == before  # nothing to justify: the draft is theirs


def test_someone_elses_draft_is_not_opened_without_a_purpose(
        people: dict[Role, Principal], cleo: Principal, contacts: ContactService, db: Database) -> None:
    draft = contacts.start_contact("triage-contact", principal=cleo).id
    nothing_logged(db, lambda: contacts.open_record(draft, principal=people[Role.SUPERVISOR]),
                   PurposeRequiredError, "needs a purpose")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_prints_with_a_purpose_and_each_print_is_logged(
        role: Role, people: dict[Role, Principal], cleo: Principal, contacts: ContactService,
        db: Database) -> None:
    contact_id = signed_record(contacts, cleo)
    who = people[role]
    nothing_logged(db, lambda: contacts.print_record(contact_id, principal=who, purpose=NO_PURPOSE),
                   PurposeRequiredError, "needs a purpose")
    html: list[str] = []
    event = one_new_event(db, lambda: html.append(contacts.print_record(contact_id, principal=who,
                                                                        purpose=WHY)))
    assert "CC-2025-0601-0042" in html[0]
    assert (event.username, event.action, event.record_id, event.purpose) == (
        who.username, "print", contact_id, WHY.text)


# --- the person's access history, through the CLI ----------------------------------------------------

@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A desk made through the CLI (root, sue, nina), a person, and a record of theirs by sue."""
    base = ["--data-dir", str(tmp_path)]
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", PASSWORDS["ada"])
    assert main([*base, "init", "--admin-user", "root", "--admin-name", "Rosa Root"]) == 0
    for name, role, password in (("sue", "supervisor", PASSWORDS["sam"]),
                                 ("nina", "clinician", PASSWORDS["cal"])):
        monkeypatch.setenv("TRIAGE_DESK_NEW_PASSWORD", password)
        assert main([*base, "--user", "root", "users", "add", name, "--role", role,
                     "--display-name", name]) == 0
    app = open_app(tmp_path)
    try:
        sue = app.auth.sign_in("sue", PASSWORDS["sam"])
        person = app.lookup().create_person(principal=sue, given_name="William", family_name="Smith",
                                            date_of_birth="12/03/1985")
        record = signed_record(app.contacts, sue, person, app.lookup())
    finally:
        app.close()
    return {"base": base, "person": person, "record": record, "dir": tmp_path}


@pytest.mark.parametrize(("user", "password"), [("root", PASSWORDS["ada"]), ("sue", PASSWORDS["sam"]),
                                                ("nina", PASSWORDS["cal"])])
def test_cli_lookup_works_for_every_role_and_is_logged(desk: dict[str, Any], user: str, password: str,
                                                       monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", password)
    capsys.readouterr()
    assert main([*desk["base"], "--user", user, "lookup", "smith", "--incident", "CC-9", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["candidates"][0]["person_id"] == desk["person"]
    db = Database.open(desk["dir"] / "triage-desk.db")
    try:
        [search] = [e for e in events(db) if e.action == "search"]
        assert (search.username, search.purpose, search.detail) == (
            user, "incident CC-9", {"criteria": ["name"], "candidates": 1})
    finally:
        db.close()


def test_cli_audit_show_lists_the_views_and_opens_and_verify_passes(
        desk: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    app = open_app(desk["dir"])
    try:
        nina = app.auth.sign_in("nina", PASSWORDS["cal"])
        lookup = app.lookup()
        [hit] = lookup.search("william smith", principal=nina, purpose=WHY).candidates
        lookup.person_detail(hit.person_id, principal=nina, purpose=WHY)  # chosen from the results
        app.contacts.open_record(desk["record"], principal=nina, purpose=WHY)  # reads sue's record
        app.contact_detail(desk["record"], principal=nina, purpose=WHY)  # and its summary panel
    finally:
        app.close()
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", PASSWORDS["sam"])
    capsys.readouterr()
    assert main([*desk["base"], "--user", "sue", "audit", "show", "--person", desk["person"], "--json"]) == 0
    rows = [(r["who"], r["action"], r["purpose"]) for r in json.loads(capsys.readouterr().out)]
    assert rows == [
        ("sue", "create_person", ""), ("sue", "sign", ""), ("sue", "link_contact", ""),
        ("nina", "view_person", WHY.text), ("nina", "open_record", WHY.text),
        ("nina", "open_record", WHY.text),
    ]
    assert main([*desk["base"], "--user", "sue", "audit", "verify"]) == 0
    assert "Audit log intact" in capsys.readouterr().out
