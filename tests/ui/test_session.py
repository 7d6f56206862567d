"""Sign-in, idle lock, unlock and switching user, in the real window with real accounts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tests.accounts import ACCOUNTS
from tests.ui.forms.conftest import Keyboard
from triage_desk.domain.roles import Role
from triage_desk.storage.models import AuditEvent
from triage_desk.ui.main_window import MainWindow

pytestmark = pytest.mark.ui


def _password(key: str) -> str:
    return ACCOUNTS[key][3]


def _submit(window: MainWindow, qtbot, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page = window.session.page
    if not page.username.isReadOnly():
        page.username.setText(username)
    page.password.setText(password)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)


def _actions(app) -> list[str]:  # type: ignore[no-untyped-def]
    with app.db.reader() as s:
        return list(s.scalars(select(AuditEvent.action)))


def test_nothing_shows_until_sign_in_and_a_wrong_password_is_refused(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=None)
    page = window.session.page
    qtbot.waitUntil(lambda: page.isEnabled() and page.mode == "sign-in")
    assert window.stack.currentWidget() is page  # the workspace (and every name in it) is hidden
    assert window.people.model.rowCount() == 0 and window.record.model.rowCount() == 0
    assert not window.actions_.new_contact.isEnabled() and not window.actions_.summary.isEnabled()

    _submit(window, qtbot, "cal", "not-the-password")
    qtbot.waitUntil(lambda: "not right" in page.error.text(), timeout=10_000)
    assert window.stack.currentWidget() is page and window.principal is None

    _submit(window, qtbot, "cal", _password("clinician"))
    qtbot.waitUntil(lambda: window.principal is not None, timeout=10_000)
    assert window.stack.currentWidget() is window.workspace_page
    assert window.user_label.text() == "Signed in: Cal Clinician (clinician)"
    qtbot.waitUntil(lambda: window.people.model.rowCount() > 0)
    assert not window.actions_.merge_duplicate.isEnabled()  # clinicians never merge
    assert "sign_in" in _actions(app) and "sign_in_failed" in _actions(app)


def test_first_run_creates_the_first_administrator(tmp_path, make_window, qtbot) -> None:
    from triage_desk.services.app import open_app

    app = open_app(tmp_path / "fresh")
    try:
        window = make_window(app, role=None)
        page = window.session.page
        qtbot.waitUntil(lambda: page.mode == "first-admin")
        page.username.setText("alex.admin")
        page.display_name.setText("Alex Admin")
        page.password.setText("a long enough pass 1")
        page.password_again.setText("a different one")
        page.submit.click()
        assert "different" in page.error.text() and window.principal is None
        page.password.setText("a long enough pass 1")
        page.password_again.setText("a long enough pass 1")
        page.submit.click()
        qtbot.waitUntil(lambda: window.principal is not None, timeout=10_000)
        assert window.principal.role is Role.ADMIN and window.principal.username == "alex.admin"
        assert not app.auth.needs_first_admin()
    finally:
        window.close()
        app.close()


def test_typing_keeps_the_desk_unlocked_and_stopping_locks_it(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN)
    qtbot.waitUntil(lambda: window.people.isEnabled(), timeout=10_000)
    window.session.idle.set_interval_ms(600)
    for _ in range(8):  # 1.6 s of typing, longer than the idle interval, one key every 0.2 s
        qtbot.keyClick(window.people.search, Qt.Key.Key_A)
        qtbot.wait(200)
        assert not window.session.locked
    qtbot.waitUntil(lambda: window.session.locked, timeout=5_000)  # hands off the keyboard: it locks
    window.session.idle.set_interval_ms(60_000)


def test_idle_lock_hides_everything_and_unlock_returns_to_the_draft(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN)
    qtbot.waitUntil(lambda: window.actions_.new_contact.isEnabled(), timeout=10_000)
    window.actions_.new_contact.trigger()
    qtbot.waitUntil(lambda: window.tabs.current_panel() is not None, timeout=10_000)
    panel = window.tabs.current_panel()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    keys = Keyboard(qtbot, panel)
    keys.type("incident_ref", "CC-LOCK-1", leave=False)
    typed_into = QApplication.focusWidget()

    window.session.idle.set_interval_ms(150)  # instead of five minutes of nobody touching the desk
    qtbot.waitUntil(lambda: window.session.locked, timeout=5_000)
    assert window.stack.currentWidget() is window.session.page
    assert window.session.page.mode == "locked"
    assert not window.actions_.new_contact.isEnabled() and not window.actions_.summary.isEnabled()

    _submit(window, qtbot, "", "wrong password")
    qtbot.waitUntil(lambda: bool(window.session.page.error.text()) and
                    window.session.page.error.text() != "Checking…", timeout=10_000)
    assert window.session.locked

    window.session.idle.set_interval_ms(60_000)
    _submit(window, qtbot, "", _password("clinician"))
    qtbot.waitUntil(lambda: not window.session.locked, timeout=10_000)
    assert window.stack.currentWidget() is window.workspace_page
    assert window.tabs.current_panel() is panel  # the same record, not a new one
    assert panel.controller.answers()["incident_ref"] == "CC-LOCK-1"  # the draft intact
    assert QApplication.focusWidget() is typed_into  # the cursor where it was
    actions = _actions(app)
    assert "session_locked" in actions and "session_unlocked" in actions


def test_switching_user_closes_the_previous_users_records_and_keeps_their_draft(
    services, make_window, qtbot
) -> None:
    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN)
    qtbot.waitUntil(lambda: window.actions_.new_contact.isEnabled(), timeout=10_000)
    window.actions_.new_contact.trigger()
    qtbot.waitUntil(lambda: window.tabs.current_panel() is not None, timeout=10_000)
    contact_id = window.tabs.current_panel().contact_id

    window.actions_.sign_out.trigger()
    assert window.principal is None and window.stack.currentWidget() is window.session.page
    assert window.tabs.panels() == [] and window.people.model.rowCount() == 0
    assert window.people.purpose.text() == ""
    assert contact_id in {d.id for d in app.contacts.recoverable_drafts()}  # nothing typed is lost

    _submit(window, qtbot, "sam", _password("supervisor"))
    qtbot.waitUntil(lambda: window.principal is not None and window.principal.role is Role.SUPERVISOR,
                    timeout=10_000)
    assert window.tabs.panels() == []  # the clinician's draft is not opened for someone else
    assert "sign_out" in _actions(app)


def test_admin_adds_a_user_in_the_app_who_can_then_sign_in(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app, role=Role.ADMIN)
    assert window.actions_.users.isEnabled()
    window.actions_.users.trigger()
    dialog = window.oversight.users_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() >= 1, timeout=10_000)
    dialog.username.setText("new.nurse")
    dialog.display_name.setText("New Nurse")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.CLINICIAN))
    dialog.password.setText("first password 123")
    dialog.password_again.setText("first password 123")
    dialog.add_button.click()
    qtbot.waitUntil(lambda: "new.nurse added" in dialog.message.text(), timeout=10_000)
    assert app.auth.sign_in("new.nurse", "first password 123").role is Role.CLINICIAN
    assert "user_created" in _actions(app)


def test_clinicians_and_supervisors_get_no_user_admin(services, make_window) -> None:
    app, _ids = services
    for role in (Role.CLINICIAN, Role.SUPERVISOR):
        window = make_window(app, role=role)
        assert not window.actions_.users.isEnabled()
        assert window.actions_.summary.isEnabled() is (role is Role.SUPERVISOR)
        assert window.actions_.quarantine.isEnabled() is (role is Role.SUPERVISOR)


def test_first_run_with_demo_data_offers_the_demo_accounts_not_a_first_admin(
    tmp_path, make_window, qtbot, monkeypatch
) -> None:
    """The quick start: a fresh data folder fills with demo data, and the sign-in page then lists
    the demo accounts (it must not ask for a first administrator any more)."""
    from triage_desk.services.app import open_app
    from triage_desk.ui import first_run

    monkeypatch.setattr(first_run, "DEMO_PERSONS", 40)
    monkeypatch.setattr(first_run, "DEMO_CONTACTS", 120)
    app = open_app(tmp_path / "fresh")
    try:
        window = make_window(app, role=None)
        page = window.session.page
        qtbot.waitUntil(lambda: page.mode == "first-admin")
        first_run.maybe_load_demo(window, app, True)
        qtbot.waitUntil(lambda: page.mode == "sign-in" and page.demo_note.isVisible(), timeout=60_000)
        assert "demo-clinician / demo-clinician-pass" in page.demo_note.text()
        _submit(window, qtbot, "demo-clinician", "demo-clinician-pass")
        qtbot.waitUntil(lambda: window.principal is not None, timeout=10_000)
        assert window.banner.isVisible()
    finally:
        window.close()
        app.close()


def test_the_lock_page_shows_a_display_name_as_typed_never_as_html(services, make_window, qtbot) -> None:
    from dataclasses import replace

    app, _ids = services
    window = make_window(app, role=Role.CLINICIAN)
    qtbot.waitUntil(lambda: window.session.page.auth is not None, timeout=10_000)
    page = window.session.page
    odd = replace(window.principal, display_name="<b>Bold</b> & <i>Co</i>")
    page.show_locked(odd)
    assert "<b>Bold</b> & <i>Co</i>" in page.explanation.text()
    # Plain text: the label's document is the characters typed, tags included, not "Bold & Co".
    assert page.explanation.textFormat() == Qt.TextFormat.PlainText
    assert page.heading.textFormat() == Qt.TextFormat.PlainText
    assert page.error.textFormat() == Qt.TextFormat.PlainText
