"""The person lookup as a nurse uses it: type what the call handler says, Down, Enter, read the person.

Typing uses ASCII only: qtbot.keyClicks with non-ASCII text aborts the process (platform.md §6).
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.accounts import PURPOSE, sign_in_everyone
from triage_desk.domain.clock import utc_now
from triage_desk.domain.ids import new_id
from triage_desk.domain.principal import Principal
from triage_desk.services.app import AppServices
from triage_desk.services.lookup_service import LookupService
from triage_desk.storage.database import Database
from triage_desk.storage.models import AuditEvent, Contact, ResponsePlan, SafetyWarning, User
from triage_desk.ui.lookup_widget import LookupWidget
from triage_desk.ui.main_window import MainWindow
from triage_desk.ui.models import ID_ROLE
from triage_desk.ui.models.lookup_models import CandidatesModel, TimelineModel
from triage_desk.ui.workers import BackgroundOps

pytestmark = pytest.mark.ui

FORBIDDEN = ("low priority", "do not respond", "don't respond", "respond less", "deprioriti", "ignore")


def _add_thompson(app: AppServices, by: Principal, *, contacts_this_week: int = 0) -> str:
    lookup = app.lookup()
    person_id = lookup.create_person(
        principal=by, given_name="Dylan", family_name="Thompson", date_of_birth="04/08/1992",
        postcode="LS6 2QT",
    )
    site = app.db.site_id
    with app.db.session() as s:
        author = User(id=new_id(), origin_site=site, username="author", display_name="Ann Author",
                      role="clinician")
        approver = User(id=new_id(), origin_site=site, username="approver", display_name="Pat Lead",
                        role="supervisor")
        s.add_all([author, approver])
        s.flush()
        s.add(SafetyWarning(id=new_id(), origin_site=site, person_id=person_id, category="weapons",
                            detail="Has threatened staff with a screwdriver", review_date=date(2099, 6, 1)))
        s.add(ResponsePlan(id=new_id(), origin_site=site, person_id=person_id,
                           what_helps="Talk about his dog, Biscuit", triggers="Raised voices",
                           who_to_contact="Brother Sean 07700 900456", care_coordinator="Jo Reid",
                           authored_by=author.id, approved_by=approver.id, approved_at=utc_now()))
        for day in range(contacts_this_week):
            when = utc_now() - timedelta(days=day, hours=1)
            s.add(Contact(id=new_id(), origin_site=site, form_id="triage-contact", form_version="1",
                          status="signed", person_id=person_id, call_received_at=when, created_at=when,
                          triage_code="C", outcome_code="advice_only", created_by=author.id))
    return person_id


def _open_by_typing(window: MainWindow, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    people = window.people
    window.actions_.focus_people.trigger()
    qtbot.keyClicks(people.search, text)
    lookup = people.lookup
    qtbot.waitUntil(lambda: people.table.model() is lookup.proxy and lookup.proxy.rowCount() > 0)
    qtbot.keyClick(people.search, Qt.Key.Key_Down)
    assert people.table.hasFocus()
    qtbot.keyClick(people.table, Qt.Key.Key_Return)


def test_misspelt_name_finds_and_opens_the_right_person(services, make_window, qtbot, staff) -> None:
    app, _ids = services
    thompson = _add_thompson(app, staff["clinician"])
    window = make_window(app)
    chosen: list[str] = []
    window.people.person_chosen.connect(chosen.append)

    _open_by_typing(window, qtbot, "dylan tompson")

    assert chosen == [thompson]
    assert window.people.table.model().index(0, 0).data() == "Possible"  # a name alone is never "likely"
    guidance = window.guidance
    qtbot.waitUntil(lambda: guidance.person_heading.text() == "For THOMPSON, Dylan")
    assert guidance.warnings_model.index(0, 1).data() == "Has threatened staff with a screwdriver"
    assert guidance.warnings_model.index(0, 2).data() == "01/06/2099"
    assert guidance.what_helps.text() == "Talk about his dog, Biscuit"
    assert guidance.plan_status.text().startswith("Approved by Pat Lead on ")
    # The window opens on the newest contact, whose person's history may arrive first: wait for
    # Thompson's (no contacts), which must replace it.
    expected = "Contacts: 0 in 7 days · 0 in 30 days · 0 in 365 days"
    history = guidance.history
    qtbot.waitUntil(lambda: history.isVisibleTo(guidance) and history.counts.text() == expected)


def test_invalid_nhs_number_is_explained_under_the_box(window: MainWindow, qtbot) -> None:
    qtbot.keyClicks(window.people.search, "943 476 5918")
    problems = window.people.lookup.problems
    qtbot.waitUntil(problems.isVisible)
    assert problems.text() == "NHS number 943 476 5918 is invalid (check digit) — not searched"


def test_clearing_the_query_shows_recent_people_again(window: MainWindow, qtbot) -> None:
    people = window.people
    qtbot.keyClicks(people.search, "baker")
    qtbot.waitUntil(lambda: people.table.model() is people.lookup.proxy)
    people.search.clear()
    qtbot.waitUntil(lambda: people.table.model() is people.proxy)
    assert people.table.model().rowCount() == 3


def test_frequent_contact_prompts_a_care_review_never_less_response(
    services, make_window, qtbot, staff
) -> None:
    app, _ids = services
    _add_thompson(app, staff["clinician"], contacts_this_week=4)
    window = make_window(app)
    _open_by_typing(window, qtbot, "thompson")
    history = window.guidance.history
    qtbot.waitUntil(
        lambda: history.frequent.isVisibleTo(window.guidance)
        and history.counts.text().startswith("Contacts: 4 in 7 days")
    )
    text = history.frequent.text()
    assert text.startswith("Frequent contact: consider a care review")
    assert "F7" in text
    assert history.counts.text().startswith("Contacts: 4 in 7 days")
    shown = (text + history.counts.text()).lower()
    assert not any(word in shown for word in FORBIDDEN)
    assert history.timeline_model.rowCount() == 4
    assert history.timeline_model.index(0, 4).data() == "Ann Author"


def test_supervisor_merges_a_duplicate_and_undoes_it(services, make_window, qtbot, staff) -> None:
    app, _ids = services
    sam = staff["supervisor"]
    keep = _add_thompson(app, sam)
    duplicate = app.lookup().create_person(principal=sam, given_name="Dillon", family_name="Thomson",
                                           date_of_birth="04/08/1992")
    window = make_window(app, as_="supervisor")
    _open_by_typing(window, qtbot, "dylan thompson 04/08/1992")
    qtbot.waitUntil(lambda: window.opened_person == keep)
    window.actions_.merge_duplicate.trigger()
    qtbot.waitUntil(lambda: window.oversight.merge_dialog is not None)
    dialog = window.oversight.merge_dialog
    dialog.confirm = lambda _text: True  # type: ignore[method-assign]
    qtbot.keyClicks(dialog.lookup.query, "dillon thomson")
    qtbot.waitUntil(lambda: dialog.lookup.model.rowCount() > 0)
    ids = [dialog.lookup.model.index(r, 0).data(ID_ROLE) for r in range(dialog.lookup.model.rowCount())]
    dialog.pick(duplicate)
    qtbot.waitUntil(dialog.merge_button.isEnabled)
    assert "THOMSON, Dillon" in dialog.duplicate.text() and "THOMPSON, Dylan" in dialog.keep.text()
    assert duplicate in ids
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.result_summary is not None)
    def found(text: str) -> set[str]:
        return {c.person_id for c in app.lookup().search(text, principal=sam, purpose=PURPOSE).candidates}

    assert duplicate not in found("dillon thomson 04/08/1992") and keep in found("dillon thomson 04/08/1992")

    window.oversight.confirm = lambda _title, _text: True  # type: ignore[method-assign]
    window.actions_.undo_merge.trigger()
    qtbot.waitUntil(lambda: duplicate in found("dillon thomson"))
    # Each merge and its undo is one MERGE event on the kept person, naming both records and who.
    merges = [e for e in app.audit.who_accessed(sam, keep) if e.action == "merge"]
    assert [(e.username, e.purpose) for e in merges] == [("sam", None), ("sam", None)]


def test_a_clinician_is_not_offered_merging(services, make_window, qtbot, staff) -> None:
    app, _ids = services
    keep = _add_thompson(app, staff["clinician"])
    window = make_window(app)
    _open_by_typing(window, qtbot, "dylan thompson 04/08/1992")
    qtbot.waitUntil(lambda: window.opened_person == keep)
    assert not window.actions_.merge_duplicate.isEnabled()
    assert not window.actions_.undo_merge.isEnabled()


def test_opening_a_person_logs_the_search_and_one_view_with_the_purpose(
    services, make_window, qtbot, staff
) -> None:
    app, _ids = services
    thompson = _add_thompson(app, staff["clinician"])
    window = make_window(app)
    _open_by_typing(window, qtbot, "dylan tompson")
    qtbot.waitUntil(lambda: window.guidance.history.counts.text().startswith("Contacts: 0 in 7 days"))
    qtbot.waitUntil(lambda: not window.ops.busy)
    views = [e for e in app.audit.who_accessed(staff["supervisor"], thompson) if e.action == "view_person"]
    assert [(e.username, e.purpose) for e in views] == [("cal", window.purpose.text)]
    with app.db.reader() as s:
        searches = [e for e in s.query(AuditEvent).filter_by(action="search")]
    assert searches and all(e.username == "cal" and e.purpose == window.purpose.text for e in searches)
    logged = " ".join(str(e.detail) for e in searches).lower()
    assert "tompson" not in logged and "dylan" not in logged  # what was typed never reaches the log
    assert all(e.detail["criteria"] == ["name"] for e in searches)


def test_without_a_signed_in_user_nothing_is_searched(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=None)  # at the sign-in page
    shown: list[object] = []
    window.people.lookup.ops.run("probe", lambda: window._search("alice", "", ""), shown.append,
                                 on_error=shown.append)
    qtbot.waitUntil(lambda: bool(shown))
    assert "Sign in" in str(shown[0])


# ----- without the main window -------------------------------------------------------------------
Desk = tuple[LookupService, Principal]


@pytest.fixture
def lookup() -> Desk:
    """A lookup over two people, and the clinician who searches it."""
    db = Database.open(None)
    service = LookupService(db)
    nurse = sign_in_everyone(db, service.audit)["clinician"]
    for given, family, dob in (("Alice", "Archer", "12/03/1985"), ("Bob", "Baker", "01/07/1990")):
        service.create_person(principal=nurse, given_name=given, family_name=family, date_of_birth=dob)
    return service, nurse


def test_a_slow_older_search_never_replaces_a_newer_one(lookup: Desk, qtbot) -> None:
    service, nurse = lookup
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()

    def search(text: str, dob: str, postcode: str):  # type: ignore[no-untyped-def]
        if "archer" in text:
            release.wait(5)  # the first search is still running when the second finishes
        return service.search_text(text, dob=dob, postcode=postcode, principal=nurse, purpose=PURPOSE)

    ops = BackgroundOps(parent)
    widget = LookupWidget(ops, search, parent)
    widget.query.setText("archer")
    widget.search_now()
    widget.query.setText("baker")
    widget.search_now()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0)
    release.set()
    qtbot.waitUntil(lambda: not ops.busy)
    names = [widget.model.index(r, 1).data() for r in range(widget.model.rowCount())]
    assert names[0] == "BAKER, Bob"
    assert "ARCHER, Alice" not in names
    ops.wait_for_done()


def test_candidates_model_shows_band_in_words_and_colour(lookup: Desk, qtbot) -> None:
    service, nurse = lookup
    result = service.search("alice archer 12/03/1985", principal=nurse, purpose=PURPOSE)
    model = CandidatesModel(result.candidates, today=date(2026, 3, 1))
    assert model.rowCount() >= 1
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Match", "Name", "DOB (age)", "Postcode", "Score", "Why",
    ]
    assert model.index(0, 0).data() == "Likely"
    assert model.index(0, 1).data() == "ARCHER, Alice"
    assert model.index(0, 2).data() == "12/03/1985 (40)"
    assert "date of birth matches" in model.index(0, 5).data()
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 0).data(ID_ROLE) == result.candidates[0].person_id


def test_timeline_model_columns(qtbot) -> None:
    model = TimelineModel()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Date / time", "Form", "Triage", "Outcome", "Author",
    ]

