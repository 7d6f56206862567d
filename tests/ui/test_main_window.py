"""The main window with real data: what a nurse sees after start-up and when choosing a record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from triage_desk.ui.demo_banner import DEMO_TEXT
from triage_desk.ui.main_window import MainWindow
from triage_desk.ui.panels.guidance_panel import NOT_APPROVED
from triage_desk.ui.shortcuts_dialog import menu_actions
from triage_desk.ui.status_labels import sync_status_text

pytestmark = pytest.mark.ui


def _cell(view, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return str(view.model().index(row, column).data())


def test_status_bar_names_database_and_record_table_shows_recent_contacts(window, services) -> None:
    app, _ids = services
    assert str(app.paths.database) in window.database_label.text()
    assert window.sync_label.text() == "Sync: no hub configured"
    assert "3 people" in window.counts_label.text()
    table = window.record.table
    assert table.model().rowCount() == 4
    # Newest first, shown in Europe/London time (10 March is GMT, so the same clock time as UTC).
    assert _cell(table, 0, 0) == "10/03/2026 14:25"
    assert _cell(table, 0, 1) == "COOPER, Carol"
    assert {_cell(table, r, 5) for r in range(4)} == {"Signed", "Draft"}
    assert window.guidance.count_labels["persons"].text() == "3"


def test_a_status_message_is_never_printed_over_the_database_name(window, qtbot) -> None:
    window.statusBar().showMessage("Contact linked to the person.", 60_000)
    window.set_theme("night", save=False)  # restyling the status bar showed the label again, under it
    qtbot.wait(50)
    assert not window.database_label.isVisible()
    window.statusBar().clearMessage()
    assert window.database_label.isVisible()
    window.set_theme("day", save=False)


def test_status_bar_follows_the_background_sync_with_a_real_hub(
    services, make_window, qtbot, tmp_path
) -> None:
    from triage_desk.services.sync_service import init_hub_at

    app, _ids = services
    hub = f"sqlite:///{tmp_path}/hub.db"
    init_hub_at(hub)
    app.settings.hub_url = hub
    window = make_window(app)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Sync: synced at"), timeout=30_000)
    assert window.actions_.sync_now.isEnabled()
    window.actions_.sync_now.trigger()  # F9: another cycle, on a worker
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30_000)
    assert window.sync_label.text().startswith("Sync: synced at")


def test_an_unreachable_hub_shows_offline_and_the_desk_keeps_working(services, make_window, qtbot) -> None:
    app, _ids = services
    app.settings.hub_url = "postgresql+psycopg://nobody@127.0.0.1:9/nohub"
    window = make_window(app)
    qtbot.waitUntil(lambda: window.sync_label.text().startswith("Sync: offline"), timeout=30_000)
    assert window.people.isEnabled() and window.actions_.new_contact.isEnabled()
    assert sync_status_text("") == "Sync: no hub configured"


def test_typing_in_people_search_looks_up_and_enter_chooses_the_person(window: MainWindow, qtbot) -> None:
    people = window.people
    assert people.table.model().rowCount() == 3  # recent people while nothing is typed
    assert _cell(people.table, 0, 3) in {"1", "2"}
    window.actions_.focus_people.trigger()
    qtbot.keyClicks(people.search, "arch")
    lookup = people.lookup
    qtbot.waitUntil(lambda: people.table.model() is lookup.proxy and lookup.proxy.rowCount() == 1)
    assert _cell(people.table, 0, 1) == "ARCHER, Alice"
    assert _cell(people.table, 0, 2).startswith("12/03/1985")

    qtbot.keyClick(people.search, Qt.Key.Key_Down)
    assert people.table.hasFocus() or people.table.currentIndex().row() == 0
    qtbot.keyClick(people.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.record.heading.text().startswith("Contacts for ARCHER, Alice"))
    assert window.record.table.model().rowCount() == 2
    assert window.actions_.show_all_contacts.isEnabled()
    qtbot.waitUntil(lambda: window.guidance.person_heading.text() == "For ARCHER, Alice")

    window.actions_.show_all_contacts.trigger()
    qtbot.waitUntil(lambda: window.record.table.model().rowCount() == 4)


def test_selecting_a_contact_shows_detail_warnings_and_unapproved_plan(window, services, qtbot) -> None:
    _app, ids = services
    assert window.record.select_contact(ids.alice_contact_id)
    guidance = window.guidance
    qtbot.waitUntil(lambda: guidance.person_heading.text() == "For ARCHER, Alice")
    qtbot.waitUntil(lambda: "INC-0120" in window.record.detail.toPlainText())
    detail = window.record.detail.toPlainText()
    assert "triage-contact version 1" in detail
    assert "risk to self" in detail and "moderate" in detail

    # Active warnings only (the inactive one is not shown), overdue review first and said in words.
    warnings = guidance.warnings_model
    assert warnings.rowCount() == 2
    first = [str(warnings.index(0, c).data()) for c in range(3)]
    assert first[0] == "Weapons" and first[1] == "Known to carry a knife" and "OVERDUE" in first[2]
    assert warnings.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert warnings.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None

    # The author approved their own plan: that is not an approval.
    assert guidance.plan_status.text() == NOT_APPROVED
    assert guidance.what_helps.text() == "Calm voice, sister Jane"
    assert guidance.care_coordinator.text() == "Sam Patel"

    window.record.select_contact(ids.bob_contact_id)
    qtbot.waitUntil(lambda: guidance.person_heading.text() == "For BAKER, Bob")
    assert guidance.plan_status.text() == "Approved by Lead Two on 10/03/2026"
    assert guidance.no_warnings.text() == "No active safety warnings."


def test_person_without_plan_or_warnings_says_so(window: MainWindow, services, qtbot) -> None:
    _app, ids = services
    window.record.select_contact(ids.newest_contact_id)
    qtbot.waitUntil(lambda: window.guidance.person_heading.text() == "For COOPER, Carol")
    assert window.guidance.no_plan.text() == "No response plan recorded."
    assert not window.guidance.plan_status.isVisibleTo(window.guidance)


def test_demo_banner_shown_only_for_demo_data(services, make_window, qtbot) -> None:
    app, _ids = services
    window = make_window(app)
    assert not window.banner.isVisible()
    app.db.set_meta("demo_data", "1")
    window.refresh()
    qtbot.waitUntil(window.banner.isVisible)
    assert window.banner.text() == DEMO_TEXT


def test_every_action_has_a_shortcut_or_mnemonic(window: MainWindow) -> None:
    actions = list(menu_actions(window.menuBar()))
    assert len(actions) >= 14
    for _menu, action in actions:
        assert action.shortcuts() or "&" in action.text(), action.text()
    shortcuts = {a.text(): a.shortcut().toString() for _m, a in actions}
    assert shortcuts["&Quit"] == "Ctrl+Q"
    assert shortcuts["Focus &people search"] == "Ctrl+L"
    assert shortcuts["&Night theme (high contrast)"] == "Ctrl+Shift+N"
    assert shortcuts["Show &Guidance panel"] == "Ctrl+Shift+3"
    assert shortcuts["&Keyboard shortcuts"] == "F1"


def test_shortcuts_dialog_is_generated_from_the_actions(window: MainWindow, qtbot) -> None:
    from triage_desk.ui.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(window.menuBar(), window)
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert rows["Refresh"] == "F5"
    assert rows["Full screen"] == "F11"
    assert rows["Focus people search"] == "Ctrl+L or F6"
    assert rows["Day theme"] == "(menu only)"


def test_focus_shortcuts_move_focus_between_panels(window: MainWindow, qtbot) -> None:
    window.activateWindow()
    window.actions_.focus_records.trigger()
    qtbot.waitUntil(window.record.table.hasFocus)
    window.actions_.focus_people.trigger()
    qtbot.waitUntil(window.people.search.hasFocus)
