"""The in-app summary: figures appear for the current shift, team filter works, records open, and
exports are for supervisors and admins only, audited, cancellable and marked as demo data."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton
from sqlalchemy import select

from tests.core.reports.known_data import build
from triage_desk.domain.errors import PermissionDeniedError
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.services.report_service import ReportService
from triage_desk.storage.database import Database
from triage_desk.storage.models import AuditEvent
from triage_desk.ui.reports.summary_view import ShiftSummaryView

pytestmark = pytest.mark.ui
DURING_OCTOBER_NIGHT = datetime(2025, 10, 26, 3, tzinfo=UTC)
SAM = Principal("u-sam", "sam", "Sam Supervisor", Role.SUPERVISOR, DURING_OCTOBER_NIGHT)
CAL = Principal("u-cal", "cal", "Cal Clinician", Role.CLINICIAN, DURING_OCTOBER_NIGHT)


def make_view(qtbot, principal: Principal, service_class: type[ReportService] = ReportService):  # type: ignore[no-untyped-def]
    known = build(demo=True)
    service = service_class(known.db, clock=lambda: DURING_OCTOBER_NIGHT)
    w = ShiftSummaryView(service, principal=principal, clock=lambda: DURING_OCTOBER_NIGHT)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w._summary is not None and not w.ops.busy, timeout=10_000)
    w.known = known
    return w


@pytest.fixture
def view(qtbot):  # type: ignore[no-untyped-def]
    w = make_view(qtbot, SAM)
    yield w
    w.ops.wait_for_done()


@pytest.fixture
def save_as(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The file the user picks in the save dialog."""
    chosen: list[Path] = []

    def pick(path: Path) -> None:
        chosen[:] = [path]
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(chosen[0]), ""))

    return pick


def export_events(db: Database) -> list[AuditEvent]:
    """One per file (an identifiable file also writes one per person in it)."""
    with db.reader() as s:
        return list(s.execute(select(AuditEvent).where(AuditEvent.action == "export",
                                                       AuditEvent.record_type == "shift_summary")
                              .order_by(AuditEvent.seq)).scalars())


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


def test_supervisor_makes_an_identifiable_export_with_a_reason(  # type: ignore[no-untyped-def]
    view: ShiftSummaryView, qtbot, tmp_path: Path, save_as
) -> None:
    save_as(tmp_path / "identifiable.csv")
    assert view.identifiable_button.isEnabled()
    qtbot.mouseClick(view.identifiable_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.identifiable_dialog is not None and view.identifiable_dialog.isVisible())
    dialog = view.identifiable_dialog
    assert "names and identifiers" in dialog.warning.text()
    assert not dialog.export_button.isEnabled()  # no reason, no export
    qtbot.keyClicks(dialog.reason_edit, "   ")
    assert not dialog.export_button.isEnabled()
    dialog.reason_edit.clear()
    qtbot.keyClicks(dialog.reason_edit, "Serious incident review SI-42")
    with qtbot.waitSignal(view.export_finished, timeout=10_000) as done:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    contacts_file = done.args[0][0]
    text = contacts_file.read_text(encoding="utf-8-sig")
    assert text.startswith("# DEMO DATA")
    assert "Quixotically" in text and "9990012345" in text and "IDENTIFIABLE" in text
    [event] = export_events(view.known.db)
    assert (event.username, event.purpose) == ("sam", "Serious incident review SI-42")
    assert event.detail["identifiable"] is True and "Quixotically" not in str(event.detail)


def test_clinician_sees_exports_disabled_and_the_service_refuses_anyway(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, save_as
) -> None:
    view = make_view(qtbot, CAL)
    assert not view.identifiable_button.isEnabled()
    assert "supervisor or admin" in view.identifiable_button.toolTip()
    assert not any(b.isEnabled() for b in view.export_buttons.values())
    summary = view._summary
    with pytest.raises(PermissionDeniedError):
        view._service.export_identifiable("csv", tmp_path / "x.csv", summary.period, principal=CAL,
                                          reason="curious")
    # Reaching the method past the disabled button changes nothing: refused, said so, no file.
    save_as(tmp_path / "x.csv")
    view.export_identifiable()
    qtbot.waitUntil(lambda: view.identifiable_dialog is not None and view.identifiable_dialog.isVisible())
    qtbot.keyClicks(view.identifiable_dialog.reason_edit, "curious")
    with qtbot.waitSignal(view.export_failed, timeout=10_000) as failed:
        qtbot.mouseClick(view.identifiable_dialog.export_button, Qt.MouseButton.LeftButton)
    assert "supervisor or admin role" in failed.args[0]
    assert list(tmp_path.iterdir()) == [] and export_events(view.known.db) == []
    view.ops.wait_for_done()


def test_long_export_shows_progress_and_cancel_leaves_no_file(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import triage_desk.reports.contact_rows as contact_rows

    monkeypatch.setattr(contact_rows, "PAGE", 2)  # a page every two contacts: 5 contacts, 2 pages
    go_on = threading.Event()

    class SlowService(ReportService):
        """Stalls after the first page, like a year's export would, until the user has acted."""

        def export(self, *args, progress=None, **kwargs):  # type: ignore[no-untyped-def]
            def slow(done: int, total: int) -> None:
                progress(done, total)
                go_on.wait(10)

            return super().export(*args, progress=slow, **kwargs)

    view = make_view(qtbot, SAM, SlowService)
    view.export("xlsx", tmp_path / "year.xlsx")
    dialog = view.progress_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.value() == 2, timeout=10_000)
    assert dialog.maximum() == 5 and "2 of 5" in dialog.labelText()
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    with qtbot.waitSignal(view.export_cancelled, timeout=10_000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        go_on.set()
    assert list(tmp_path.iterdir()) == []  # neither the workbook nor its .part file
    assert not dialog.isVisible()
    view.ops.wait_for_done()


def test_pdf_export_from_the_view_says_demo_data_on_every_page_and_is_recorded(  # type: ignore[no-untyped-def]
    view: ShiftSummaryView, qtbot, tmp_path: Path
) -> None:
    with qtbot.waitSignal(view.export_finished, timeout=20_000) as done:
        view.export("pdf", tmp_path / "shift.pdf")
    [pdf] = done.args[0]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = text.split("\f")[:-1]
    assert pages and all("DEMO DATA" in page for page in pages)
    assert "Generated by Sam Supervisor" in pages[0]
    [event] = export_events(view.known.db)
    assert (event.username, event.detail["format"], event.detail["demo"]) == ("sam", "pdf", True)
