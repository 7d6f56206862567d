"""The shift summary view: period and team pickers, figure tables, charts, data-quality list.

Queries run on the window's thread pool (BackgroundOps); the view never touches the database.
Double-clicking a data-quality item emits ``open_record_requested(contact_id)`` for the main
window to open that record.

Exports go through the report service with the signed-in principal, which checks the role and
writes the audit event; the buttons are only enabled for the roles it will allow (supervisor and
admin). "Identifiable export…" first asks for a reason in IdentifiableExportDialog. A CSV/XLSX
export runs on the pool with a progress dialog counting contacts, and Cancel stops it between
pages without leaving a file; the PDF is drawn on the UI thread (charts need it) page by page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDateTime, QObject, Qt, QTimeZone, Signal, Slot
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressDialog,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from triage_desk.domain.clock import utc_now
from triage_desk.domain.principal import Principal
from triage_desk.reports.contact_rows import ExportCancelledError
from triage_desk.reports.periods import LONDON, Period, custom, preset
from triage_desk.reports.summary import Filters, ShiftSummary
from triage_desk.services.report_service import ReportService
from triage_desk.ui.errors import show_error
from triage_desk.ui.reports.charts import summary_charts
from triage_desk.ui.reports.identifiable_dialog import IdentifiableExportDialog
from triage_desk.ui.reports.summary_models import PairsModel, count_rows
from triage_desk.ui.themes import colour
from triage_desk.ui.workers import BackgroundOps

PRESET_LABELS = (("current", "Current shift"), ("last", "Last shift"), ("day", "Day (07:00–19:00)"),
                 ("night", "Night (19:00–07:00)"), ("custom", "Custom range"))
ALL_TEAMS = "All teams"
NEEDS_SUPERVISOR = "Exports need the supervisor or admin role."


ExportWork = Callable[[Callable[[int, int], None], Callable[[], bool]], list[Path]]


class _Progress(QObject):
    """Carries (done, total) from the export thread to the progress dialog. It lives on the UI
    thread, so ``changed`` emitted on a pool thread is queued to :meth:`_show` here."""

    changed = Signal(int, int)

    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self.changed.connect(self._show)

    @Slot(int, int)
    def _show(self, done: int, total: int) -> None:
        self._dialog.setLabelText(f"Exporting contacts… {done:,} of {total:,}")
        self._dialog.setMaximum(max(total, 1))
        self._dialog.setValue(min(done, max(total, 1)))


class ShiftSummaryView(QWidget):
    open_record_requested = Signal(str)
    summary_loaded = Signal(object)  # the ShiftSummary shown, for tests and the status bar
    export_finished = Signal(object)  # list[Path] written
    export_cancelled = Signal()  # the user pressed Cancel; no file was left behind
    export_failed = Signal(str)  # the message shown to the user (refused, disk full, ...)

    def __init__(self, service: ReportService, *, principal: Principal,
                 clock: Callable[[], datetime] = utc_now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._principal, self._clock = service, principal, clock
        self._summary: ShiftSummary | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.identifiable_dialog: IdentifiableExportDialog | None = None
        self.ops = BackgroundOps(self)
        self._build()
        self.ops.run("teams", service.teams, self._set_teams)
        self.refresh()

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.preset_box = QComboBox()
        for key, text in PRESET_LABELS:
            self.preset_box.addItem(text, key)
        now = QDateTime.currentDateTime(QTimeZone(b"Europe/London"))
        self.from_edit = QDateTimeEdit(now.addDays(-1))
        self.to_edit = QDateTimeEdit(now)
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("dd/MM/yyyy HH:mm")
            edit.setCalendarPopup(True)
        self.team_box = QComboBox()
        self.team_box.addItem(ALL_TEAMS, None)
        refresh = QPushButton("&Refresh")
        may_export = self._service.can_export(self._principal)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt in ("pdf", "csv", "xlsx"):
            button = QPushButton(f"Export {fmt.upper()}…")
            button.setEnabled(may_export)
            button.setToolTip("Pseudonymised: no names, NHS numbers, addresses or free text."
                              if may_export else NEEDS_SUPERVISOR)
            button.clicked.connect(lambda _=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button
        self.identifiable_button = QPushButton("Identifiable export…")
        may_identify = self._service.can_export_identifiable(self._principal)
        self.identifiable_button.setEnabled(may_identify)
        self.identifiable_button.setToolTip(
            "Names and identifiers, with a reason; recorded in the audit log." if may_identify
            else "Identifiable exports need the supervisor or admin role.")
        self.identifiable_button.clicked.connect(lambda: self.export_identifiable())
        buttons = [*self.export_buttons.values(), self.identifiable_button]
        self.preset_box.currentIndexChanged.connect(self._preset_changed)
        self.team_box.currentIndexChanged.connect(self.refresh)
        refresh.clicked.connect(self.refresh)

        bar = QHBoxLayout()
        for w in (QLabel("Period"), self.preset_box, self.from_edit, QLabel("to"), self.to_edit,
                  QLabel("Team"), self.team_box, refresh):
            bar.addWidget(w)
        bar.addStretch(1)
        for b in buttons:
            bar.addWidget(b)
        self._preset_changed()

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.figures = PairsModel()
        figures_view = self._table(self.figures)
        self.tabs = QTabWidget()
        self.table_models: dict[str, PairsModel] = {}
        self.chart_views = [QChartView() for _ in range(3)]
        for v in self.chart_views:
            v.setRenderHint(QPainter.RenderHint.Antialiasing)
            v.setMinimumHeight(220)
        self.quality = QListWidget()
        self.quality.itemActivated.connect(self._open_item)

        # Figures and the data-quality list on the left; tables and charts get the width, so the
        # 24 hourly bars keep readable labels.
        grid = QGridLayout()
        grid.addWidget(figures_view, 0, 0)
        dq_box = QVBoxLayout()
        dq_box.addWidget(QLabel("Data quality — double-click or Enter opens the record"))
        dq_box.addWidget(self.quality)
        grid.addLayout(dq_box, 1, 0)
        grid.addWidget(self.tabs, 0, 1)
        charts = QHBoxLayout()
        for v in self.chart_views:
            charts.addWidget(v)
        grid.addLayout(charts, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 8)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        root = QVBoxLayout(self)
        root.addLayout(bar)
        root.addWidget(self.title)
        root.addLayout(grid, 1)

    @staticmethod
    def _table(model: PairsModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(False)
        view.horizontalHeader().setSectionResizeMode(0, view.horizontalHeader().ResizeMode.Stretch)
        view.horizontalHeader().setSectionResizeMode(1, view.horizontalHeader().ResizeMode.ResizeToContents)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        return view

    def _preset_changed(self) -> None:
        is_custom = self.preset_box.currentData() == "custom"
        self.from_edit.setEnabled(is_custom)
        self.to_edit.setEnabled(is_custom)
        self.refresh()

    def _set_teams(self, teams: list[str]) -> None:
        for team in teams:
            self.team_box.addItem(team, team)

    # --- data ---------------------------------------------------------------------------------

    def period(self) -> Period:
        key = self.preset_box.currentData()
        if key == "custom":
            def at(edit: QDateTimeEdit) -> datetime:
                return datetime.fromtimestamp(edit.dateTime().toSecsSinceEpoch(), UTC)

            start, end = at(self.from_edit), at(self.to_edit)
            return custom(start.astimezone(LONDON), end.astimezone(LONDON))
        return preset(key, self._clock())

    def filters(self) -> Filters:
        return Filters(team=self.team_box.currentData())

    def refresh(self) -> None:
        if not hasattr(self, "quality"):
            return  # still building
        try:
            period, filters = self.period(), self.filters()
        except Exception as exc:  # a backwards custom range: say so, keep the last figures
            show_error(self, exc)
            return
        name = self._principal.display_name
        self.ops.run("summary", lambda: self._service.summary(period, filters, generated_by=name),
                     self.show_summary)

    def show_summary(self, summary: ShiftSummary) -> None:
        self._summary = summary
        demo = f" <b style='color:{colour('error')}'>DEMO DATA</b>" if summary.is_demo else ""
        self.title.setText(f"<b>{summary.period.describe()}</b> — {summary.filters.describe()}{demo}")
        self.figures.set_rows(summary.headline())
        current = self.tabs.currentIndex()
        self.tabs.clear()
        tables = [*summary.tables, *summary.adr.sections]
        for table in tables:
            model = self.table_models.setdefault(table.key + table.title, PairsModel(("Item", "Count")))
            model.set_rows(count_rows(table))
            title = table.title if table in summary.tables else f"s136 ADR: {table.title}"
            self.tabs.addTab(self._table(model), title.replace("Contacts by ", "By "))
        self.tabs.setCurrentIndex(max(0, current))
        for view, chart in zip(self.chart_views, summary_charts(summary), strict=True):
            view.setChart(chart)
        self.quality.clear()
        for problem, contact_id in summary.data_quality.items():
            item = QListWidgetItem(f"{problem}: {contact_id}")
            item.setData(Qt.ItemDataRole.UserRole, contact_id)
            self.quality.addItem(item)
        self.summary_loaded.emit(summary)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_record_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    # --- export -------------------------------------------------------------------------------

    def _ask_path(self, fmt: str, title: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self, title, f"shift-summary.{fmt}", f"{fmt.upper()} (*.{fmt})")
        return Path(name) if name else None

    def _new_progress(self, text: str) -> QProgressDialog:
        if self.progress_dialog is not None:
            self.progress_dialog.deleteLater()  # the last export's, finished (the dialog is modal)
        dialog = QProgressDialog(text, "Cancel", 0, 0, self)
        dialog.setWindowTitle("Export")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)  # a quick export never flashes a dialog
        self.progress_dialog = dialog
        return dialog

    def _failed(self, exc: BaseException) -> None:
        box = show_error(self, exc)
        self.export_failed.emit(box.text())

    def export(self, fmt: str, path: Path | None = None) -> None:
        """A pseudonymised export of the summary shown (PDF, CSV or XLSX)."""
        if self._summary is None:
            return
        path = path or self._ask_path(fmt, "Export shift summary")
        if path is None:
            return
        if fmt == "pdf":
            self._export_pdf(path)
            return
        summary = self._summary
        self._run_export(lambda progress, stop: self._service.export(
            fmt, path, summary.period, summary.filters, principal=self._principal, progress=progress,
            cancelled=stop))

    def export_identifiable(self, path: Path | None = None) -> None:
        """Ask for the reason (and the format), then the file, then export with names and identifiers."""
        if self._summary is None:
            return
        summary = self._summary
        dialog = IdentifiableExportDialog(f"{summary.period.describe()} — {summary.filters.describe()}", self)
        self.identifiable_dialog = dialog

        def accepted() -> None:
            fmt, reason = dialog.fmt(), dialog.reason()
            target = path or self._ask_path(fmt, "Identifiable export")
            if target is None:
                return
            self._run_export(lambda progress, stop: self._service.export_identifiable(
                fmt, target, summary.period, summary.filters, principal=self._principal, reason=reason,
                progress=progress, cancelled=stop))

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _export_pdf(self, path: Path) -> None:
        from triage_desk.ui.reports.pdf_export import render_pdf  # charts need the UI thread

        summary = self._summary
        assert summary is not None
        dialog = self._new_progress("Drawing the PDF…")

        def render(shown: ShiftSummary, target: Path) -> Path:
            def page(done: int, total: int) -> None:
                dialog.setMaximum(total)
                dialog.setValue(done)

            return render_pdf(shown, target, progress=page)

        try:
            written = self._service.export_pdf(path, summary.period, summary.filters,
                                               principal=self._principal, render=render, summary=summary)
        except Exception as exc:  # refused, or the file could not be written: say so
            dialog.reset()
            self._failed(exc)
            return
        dialog.reset()
        self.export_finished.emit([written])

    def _run_export(self, work: ExportWork) -> None:
        dialog = self._new_progress("Exporting contacts…")
        stop = threading.Event()
        dialog.canceled.connect(stop.set)
        progress = _Progress(dialog)

        def finished(files: list[Path]) -> None:
            dialog.reset()
            self.export_finished.emit(files)

        def failed(exc: BaseException) -> None:
            dialog.reset()
            if stop.is_set() or isinstance(exc, ExportCancelledError):
                self.export_cancelled.emit()
            else:
                self._failed(exc)

        # The pool thread never touches the dialog: progress travels as a queued signal.
        self.ops.run("export", lambda: work(progress.changed.emit, stop.is_set), finished, failed)
