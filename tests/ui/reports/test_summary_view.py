"""The in-app summary: figures appear for the current shift, team filter works, records open."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from tests.core.reports.known_data import build
from triage_desk.services.report_service import ReportService
from triage_desk.ui.reports.summary_view import ShiftSummaryView

pytestmark = pytest.mark.ui
DURING_OCTOBER_NIGHT = datetime(2025, 10, 26, 3, tzinfo=UTC)


@pytest.fixture
def view(qtbot):  # type: ignore[no-untyped-def]
    known = build(demo=True)
    service = ReportService(known.db, clock=lambda: DURING_OCTOBER_NIGHT)
    w = ShiftSummaryView(service, actor="Sam", role="supervisor", clock=lambda: DURING_OCTOBER_NIGHT)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w._summary is not None and not w.ops.busy, timeout=10_000)
    w.known = known
    yield w
    w.ops.wait_for_done()


def figure(view: ShiftSummaryView, label: str) -> str:
    model = view.figures
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == label:
            return model.index(row, 1).data()
    raise AssertionError(label)


def test_current_shift_figures_and_demo_label(view: ShiftSummaryView) -> None:
    assert "13 h" in view.title.text() and "DEMO DATA" in view.title.text()
    assert figure(view, "Contacts") == "5"
    assert figure(view, "s136 used") == "1"
    assert view.tabs.count() == 6 + 7  # six count tables and seven ADR sections
    assert view.team_box.count() == 3


def test_team_filter_refreshes(view: ShiftSummaryView, qtbot) -> None:  # type: ignore[no-untyped-def]
    view.team_box.setCurrentText("Street triage")
    qtbot.waitUntil(lambda: figure(view, "Contacts") == "1", timeout=10_000)


def test_data_quality_item_opens_its_record(view: ShiftSummaryView, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert view.quality.count() == 3
    item = view.quality.item(0)
    with qtbot.waitSignal(view.open_record_requested) as blocker:
        view.quality.itemActivated.emit(item)
    assert blocker.args == [view.known.ids["c4"]]
    assert item.data(Qt.ItemDataRole.UserRole) == view.known.ids["c4"]
