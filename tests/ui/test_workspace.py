"""The record in the centre, its guidance on the right, and the person it is about — in the real window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.forms.conftest import Keyboard
from triage_desk.domain.roles import Role
from triage_desk.ui.main_window import MainWindow

pytestmark = pytest.mark.ui


def _new_record(window: MainWindow, qtbot):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.actions_.new_contact.isEnabled(), timeout=10_000)
    window.actions_.new_contact.trigger()
    qtbot.waitUntil(lambda: window.tabs.current_panel() is not None, timeout=10_000)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return window.tabs.current_panel()


def _fill(panel, answers: dict) -> None:  # type: ignore[no-untyped-def]
    for fid, value in answers.items():
        if fid in panel.editor.widgets:
            panel.controller.set_answer(fid, value)


def test_new_contact_opens_f1_with_live_guidance_beside_it(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN)
    panel = _new_record(window, qtbot)
    assert panel.form.id == "triage-contact" and panel.editor is not None
    assert panel.editor.isAncestorOf(QApplication.focusWidget())  # the cursor is in the form
    view = window.pathways.view
    assert window.pathways.currentWidget() is view
    before = view.browser.toPlainText()
    keys = Keyboard(qtbot, panel)
    keys.type("incident_ref", "CC-2026-1121-0007")
    qtbot.waitUntil(lambda: "CC-2026-1121-0007" in window.tabs.tabText(window.tabs.currentIndex()),
                    timeout=5_000)
    # The risk answers drive the suggestion: the panel changes as the nurse types.
    _fill(panel, {"risk_self_ideation": "yes", "risk_self_intent": "yes", "risk_self_plan": "yes"})
    qtbot.waitUntil(lambda: view.browser.toPlainText() != before, timeout=5_000)

    # The contact's incident reference is the purpose of look-ups made during it.
    assert window.purpose is not None and window.purpose.incident_ref == "CC-2026-1121-0007"
    assert "CC-2026-1121-0007" in window.people.purpose_note.text()


def test_a_lookup_without_a_purpose_is_refused_and_says_why(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN, reason=None)
    people = window.people
    qtbot.keyClicks(people.search, "archer")
    qtbot.waitUntil(lambda: people.lookup.problems.isVisible(), timeout=5_000)
    assert "reason" in people.lookup.problems.text() and people.lookup.model.rowCount() == 0
    people.purpose.setText("welfare check requested by GP")
    people.lookup.search_now()
    qtbot.waitUntil(lambda: people.lookup.model.rowCount() > 0, timeout=5_000)


def test_linking_the_record_to_a_person_shows_their_warnings_beside_it(services, make_window, qtbot) -> None:
    app, ids = services
    window = make_window(app, role=Role.CLINICIAN)
    panel = _new_record(window, qtbot)
    assert window.guidance.person_heading.text().startswith("No person in focus")
    assert not window.actions_.link_contact.isEnabled()  # nobody opened yet
    window.choose_person(ids.alice_id)
    qtbot.waitUntil(lambda: window.actions_.link_contact.isEnabled())
    window.tabs.show_panel(panel)
    window.actions_.link_contact.trigger()
    qtbot.waitUntil(lambda: window.links.person_of.get(panel.contact_id) == ids.alice_id, timeout=5_000)
    detail = app.contact_detail(panel.contact_id, principal=window.principal)
    assert detail.summary.person_id == ids.alice_id
    qtbot.waitUntil(lambda: "ARCHER" in window.guidance.person_heading.text().upper(), timeout=5_000)


def test_new_person_from_the_record_uses_what_was_typed(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN)
    panel = _new_record(window, qtbot)
    window.actions_.new_person.trigger()
    assert "name" in window.statusBar().currentMessage()  # nothing to build a person from yet
    _fill(panel, {"identity_known": "yes", "given_name": "Robin", "family_name": "Quaile"})
    window.actions_.new_person.trigger()
    qtbot.waitUntil(lambda: panel.contact_id in window.links.person_of, timeout=5_000)
    person_id = window.links.person_of[panel.contact_id]
    detail = app.lookup().person_detail(person_id, principal=window.principal, purpose=window.purpose)
    assert detail.family_name == "Quaile"


def test_signing_from_the_window_refreshes_the_list_and_the_tab(services, make_window, qtbot) -> None:
    from tests.core.contacts.conftest import complete_f1

    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN)
    panel = _new_record(window, qtbot)
    _fill(panel, complete_f1())
    panel.request_sign()
    qtbot.waitUntil(lambda: panel.sign_dialog is not None)
    panel.sign_dialog.accept()
    qtbot.waitUntil(lambda: panel.editor is None, timeout=10_000)
    assert window.tabs.tabText(window.tabs.currentIndex()).startswith("✔")
    qtbot.waitUntil(lambda: any(window.record.model.row_at(r).id == panel.contact_id
                                and window.record.model.row_at(r).status == "signed"
                                for r in range(window.record.model.rowCount())), timeout=10_000)


def test_closing_a_draft_tab_keeps_the_draft_and_resume_offers_it(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN)
    panel = _new_record(window, qtbot)
    contact_id = panel.contact_id
    window.actions_.close_record.trigger()
    assert window.tabs.panel_for(contact_id) is None
    window.actions_.resume_drafts.trigger()
    qtbot.waitUntil(lambda: getattr(window.workspace, "recovery_dialog", None) is not None, timeout=5_000)
    dialog = window.workspace.recovery_dialog
    ids = [dialog.list.item(i).data(256) for i in range(dialog.list.count())]
    assert contact_id in ids
    dialog.list.setCurrentRow(ids.index(contact_id))
    dialog.accept()
    qtbot.waitUntil(lambda: window.tabs.panel_for(contact_id) is not None, timeout=5_000)


def test_supervisor_summary_window_is_hidden_by_the_lock(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=Role.SUPERVISOR)
    window.actions_.summary.trigger()
    summary = window.oversight.summary_view
    qtbot.waitUntil(summary.isVisible)
    window.session.lock()
    assert not summary.isVisible()
    window.session._unlocked()  # (the password path is tested in test_session.py)
    assert summary.isVisible()


def test_quick_reference_and_services_directory_open_from_the_menus(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN)
    qtbot.waitUntil(lambda: window.pathways.view is not None, timeout=10_000)
    window.actions_.quickref.trigger()  # F2, from anywhere in the window
    dialog = window.pathways.view._dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.close()
    window.actions_.services_directory.trigger()
    qtbot.waitUntil(lambda: window.oversight.services_editor is not None, timeout=5_000)
    editor = window.oversight.services_editor
    qtbot.waitUntil(editor.isVisible)
    assert "Crisis" in " ".join(
        str(editor.model.index(r, 0).data()) for r in range(editor.model.rowCount()))


def test_supervisor_sees_who_has_looked_at_a_person(services, make_window, qtbot) -> None:
    app, ids = services
    window = make_window(app, role=Role.SUPERVISOR)
    window.choose_person(ids.alice_id)
    qtbot.waitUntil(lambda: window.actions_.access_history.isEnabled() and not window.ops.busy,
                    timeout=5_000)
    window.actions_.access_history.trigger()
    dialog = window.oversight.access_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=5_000)
    rows = [dialog.model.row_at(r) for r in range(dialog.model.rowCount())]
    views = [r for r in rows if r.action == "view_person"]
    assert views and views[-1].username == "sam" and views[-1].purpose == window.purpose.text
    assert "recorded accesses" in dialog.summary.text()


def test_clinicians_cannot_see_the_access_history(services, make_window, qtbot) -> None:
    app, ids = services
    window = make_window(app, role=Role.CLINICIAN)
    window.choose_person(ids.alice_id)
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=5_000)
    assert not window.actions_.access_history.isEnabled()
    assert not window.actions_.merge_duplicate.isEnabled()


def test_night_theme_reaches_form_notes_computed_values_and_guidance(services, make_window, qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    from triage_desk.ui.themes import TONES

    def shown_colour(label: QLabel) -> str:
        label.ensurePolished()
        return label.palette().color(label.foregroundRole()).name()

    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN)
    window.set_theme("night", save=False)
    panel = _new_record(window, qtbot)
    helps = [w for w in panel.findChildren(QLabel) if w.objectName() == "fieldHelp"]
    computed = [w for w in panel.findChildren(QLabel) if w.property("tone") == "computed"]
    assert helps and computed
    # Grey help text and dark-blue computed values were unreadable on the dark background.
    assert shown_colour(helps[0]) == TONES["night"]["muted"][0]
    assert shown_colour(computed[0]) == TONES["night"]["computed"][0]
    view = window.pathways.view
    qtbot.waitUntil(lambda: bool(view.browser.toPlainText()), timeout=5_000)
    night_html = view.browser.toHtml().lower()
    assert TONES["night"]["muted"][0] in night_html  # "RCRP: not determined…"
    assert not any(TONES["day"][tone][0] in night_html for tone in ("error", "ok", "muted", "warn"))

    window.set_theme("day", save=False)  # switching back recolours what is already open
    assert shown_colour(helps[0]) == TONES["day"]["muted"][0]
    assert TONES["day"]["muted"][0] in view.browser.toHtml().lower()


def test_a_long_pathway_title_never_widens_the_guidance_panel(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN)
    panel = _new_record(window, qtbot)
    view = window.pathways.view
    _fill(panel, {"risk_self_ideation": "yes", "risk_self_intent": "yes", "risk_self_plan": "yes"})
    qtbot.waitUntil(lambda: bool(view._pathway_checks), timeout=5_000)
    narrow = view.minimumSizeHint().width()
    box = next(iter(view._pathway_checks.values()))
    box.setText("1. " + "Request an ambulance first and record the time of the request " * 4)
    # The F3 guidance's long pathway lines pushed the window wider than a 1920-pixel screen.
    assert view.minimumSizeHint().width() == narrow
    assert box.toolTip()  # the whole title is still there to read
