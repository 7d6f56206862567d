"""A supervisor resolves a real conflict (two desks, one SQLite hub) in the quarantine dialog."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.sync.desk_ops import create_person, edit_person, person
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.platform.settings import Settings
from triage_desk.services.sync_service import SyncService
from triage_desk.storage.database import Database
from triage_desk.sync.engine import sync_once
from triage_desk.sync.hub_admin import init_hub
from triage_desk.ui.sync.quarantine_dialog import COLUMNS, QuarantineDialog

SAM = Principal("u-sam", "sam", "Sam Supervisor", Role.SUPERVISOR, datetime(2026, 1, 1, tzinfo=UTC))
CAL = Principal("u-cal", "cal", "Cal Clinician", Role.CLINICIAN, datetime(2026, 1, 1, tzinfo=UTC))


@pytest.fixture
def conflict(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Desk B holds a conflict: both desks renamed Ann, A's edit reached the hub first."""
    hub = f"sqlite:///{tmp_path}/hub.db"
    init_hub(hub)
    a, b = Database.open(tmp_path / "a.db"), Database.open(tmp_path / "b.db")
    pid = create_person(a, "Ann", "Smith")
    sync_once(a, hub)
    sync_once(b, hub)
    edit_person(a, pid, given_name="Anne")
    edit_person(b, pid, given_name="Annie")
    sync_once(a, hub)
    assert sync_once(b, hub).conflicts == 1
    yield hub, a, b, pid
    a.close()
    b.close()


def open_dialog(qtbot, db: Database, who: Principal) -> QuarantineDialog:  # type: ignore[no-untyped-def]
    dialog = QuarantineDialog(SyncService(db, Settings()), who)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.ops.busy, timeout=10_000)
    return dialog


def cell(dialog: QuarantineDialog, row: int, column: str) -> str:
    return dialog.proxy.index(row, COLUMNS.index(column)).data(Qt.ItemDataRole.DisplayRole)


def test_shows_both_values_and_keep_mine_wins_everywhere(qtbot, conflict) -> None:  # type: ignore[no-untyped-def]
    hub, a, b, pid = conflict
    dialog = open_dialog(qtbot, b, SAM)
    assert dialog.proxy.rowCount() == 1
    assert (cell(dialog, 0, "Field"), cell(dialog, 0, "Before")) == ("given_name", "Ann")
    assert (cell(dialog, 0, "This desk"), cell(dialog, 0, "Hub")) == ("Annie", "Anne")
    assert not dialog.buttons["mine"].isEnabled()  # nothing selected yet
    assert dialog.select_record(pid)
    assert all(button.isEnabled() for button in dialog.buttons.values())

    qtbot.mouseClick(dialog.buttons["mine"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0 and not dialog.ops.busy, timeout=10_000)
    assert dialog.summary.text() == "Nothing waiting."
    sync_once(b, hub)
    sync_once(a, hub)
    assert person(a, pid).given_name == person(b, pid).given_name == "Annie"


def test_keep_theirs_and_the_filter(qtbot, conflict) -> None:  # type: ignore[no-untyped-def]
    hub, a, b, pid = conflict
    dialog = open_dialog(qtbot, b, SAM)
    dialog.filter.setText("no such thing")
    assert dialog.proxy.rowCount() == 0
    dialog.filter.setText("GIVEN_NAME")
    assert dialog.proxy.rowCount() == 1
    dialog.select_record(pid)
    qtbot.mouseClick(dialog.buttons["hub"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0 and not dialog.ops.busy, timeout=10_000)
    sync_once(b, hub)
    sync_once(a, hub)
    assert person(a, pid).given_name == person(b, pid).given_name == "Anne"


def test_a_clinician_sees_the_list_but_cannot_resolve(qtbot, conflict) -> None:  # type: ignore[no-untyped-def]
    _hub, _a, b, pid = conflict
    dialog = open_dialog(qtbot, b, CAL)
    assert dialog.proxy.rowCount() == 1
    dialog.select_record(pid)
    assert not any(button.isEnabled() for button in dialog.buttons.values())
    # The service refuses too, even if the UI were bypassed.
    errors: list[BaseException] = []
    dialog.ops.run(
        "resolve",
        lambda: dialog._service.resolve(dialog.selected_item().id, "mine", CAL),
        on_done=lambda _r: None,
        on_error=errors.append,
    )
    qtbot.waitUntil(lambda: not dialog.ops.busy, timeout=10_000)
    assert errors and "Resolving sync conflicts needs the supervisor or admin role" in str(errors[0])
    assert len(SyncService(b, Settings()).quarantine()) == 1
