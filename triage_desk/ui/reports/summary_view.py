"""The shift summary view: period and team pickers, figure tables, charts, data-quality list.

Queries run on the window's thread pool (BackgroundOps); the view never touches the database.
Double-clicking a data-quality item emits ``open_record_requested(contact_id)`` for the main
window to open that record. Exports show a QProgressDialog that can cancel a long CSV/XLSX.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal
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
from triage_desk.reports.periods import LONDON, Period, custom, preset
from triage_desk.reports.summary import Filters, ShiftSummary
from triage_desk.services.report_service import ReportService
from triage_desk.ui.errors import show_error
from triage_desk.ui.reports.charts import summary_charts
from triage_desk.ui.reports.summary_models import PairsModel, count_rows
from triage_desk.ui.workers import BackgroundOps

PRESET_LABELS = (("current", "Current shift"), ("last", "Last shift"), ("day", "Day (07:00–19:00)"),
                 ("night", "Night (19:00–07:00)"), ("custom", "Custom range"))
ALL_TEAMS = "All teams"


class ShiftSummaryView(QWidget):
    open_record_requested = Signal(str)
    summary_loaded = Signal(object)  # the ShiftSummary shown, for tests and the status bar

    def __init__(self, service: ReportService, *, actor: str, role: str,
                 clock: Callable[[], datetime] = utc_now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._actor, self._role, self._clock = service, actor, role, clock
        self._summary: ShiftSummary | None = None
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
        buttons = [QPushButton(f"Export {fmt.upper()}…") for fmt in ("pdf", "csv", "xlsx")]
        for button, fmt in zip(buttons, ("pdf", "csv", "xlsx"), strict=True):
            button.clicked.connect(lambda _=False, f=fmt: self.export(f))
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
        self.ops.run("summary", lambda: self._service.summary(period, filters, generated_by=self._actor),
                     self.show_summary)

    def show_summary(self, summary: ShiftSummary) -> None:
        self._summary = summary
        demo = " <b style='color:#b00020'>DEMO DATA</b>" if summary.is_demo else ""
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

    def export(self, fmt: str, path: Path | None = None) -> None:
        if self._summary is None:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, "Export shift summary", f"shift-summary.{fmt}",
                                                  f"{fmt.upper()} (*.{fmt})")
            if not name:
                return
            path = Path(name)
        dialog = QProgressDialog("Exporting…", "Cancel", 0, 100, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        if fmt == "pdf":
            from triage_desk.ui.reports.pdf_export import render_pdf  # charts need the UI thread

            render_pdf(self._summary, path, progress=lambda d, t: dialog.setValue(d * 100 // max(t, 1)))
            dialog.setValue(100)
            return
        stop = threading.Event()
        dialog.canceled.connect(stop.set)
        period, filters = self._summary.period, self._summary.filters

        def work() -> list[Path]:
            return self._service.export(fmt, path, period, filters, generated_by=self._actor,
                                        cancelled=stop.is_set)

        def finished(_files: list[Path]) -> None:
            dialog.setValue(100)

        def failed(exc: BaseException) -> None:
            dialog.reset()
            if not stop.is_set():
                show_error(self, exc)

        dialog.setRange(0, 0)  # busy indicator; the pool thread cannot touch the dialog
        self.ops.run("export", work, finished, failed)
