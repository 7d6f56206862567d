"""Lookup as you type: a free-text box, optional DOB/age and postcode fields, ranked results.

Used by the People panel and by the merge dialog (to pick the other record). Every keystroke
restarts a short debounce timer; when it fires the search runs on a worker (``BackgroundOps``) and
a newer search makes any older one stale, so a slow answer can never replace a newer one. Down
moves from the boxes into the results; Enter (in a box or the results) opens the highlighted person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QVBoxLayout, QWidget

from triage_desk.ui.models import ID_ROLE
from triage_desk.ui.models.lookup_models import CandidatesModel
from triage_desk.ui.models.record_table import make_proxy
from triage_desk.ui.panels.common import muted_label, record_table
from triage_desk.ui.workers import BackgroundOps

if TYPE_CHECKING:
    from triage_desk.lookup.ranking import LookupResult

DEBOUNCE_MS = 120
PLACEHOLDER = "Name, DOB, postcode, phone or NHS number — e.g. john smith 12/03/1985 LS1 4AP"
# (text, dob-or-age, postcode) -> result; runs on a worker thread, so it must not touch widgets.
SearchFn = Callable[[str, str, str], "LookupResult"]


class LookupWidget(QWidget):
    person_activated = Signal(str)  # person id: Enter or double-click on a result
    query_changed = Signal(bool)  # True when something searchable has been typed

    def __init__(self, ops: BackgroundOps, search: SearchFn, parent: QWidget | None = None, *,
                 job_key: str = "lookup") -> None:
        super().__init__(parent)
        self.ops, self._search, self._job_key = ops, search, job_key
        self.model = CandidatesModel(parent=self)
        self.proxy = make_proxy(self.model, self)
        self.idle_proxy: QSortFilterProxyModel | None = None  # shown while nothing is typed
        # Asked before each search: a reason it may not run (e.g. no purpose given), or None.
        self.refusal: Callable[[], str | None] = lambda: None

        self.query = QLineEdit(self)
        self.query.setPlaceholderText(PLACEHOLDER)
        self.query.setAccessibleName("Person lookup")
        self.query.setAccessibleDescription(
            "Type a name, date of birth, postcode, phone or NHS number; Down moves into the results"
        )
        self.query.setClearButtonEnabled(True)
        self.dob = QLineEdit(self)
        self.dob.setPlaceholderText("DOB or age")
        self.dob.setAccessibleName("Date of birth or age")
        self.postcode = QLineEdit(self)
        self.postcode.setPlaceholderText("Postcode")
        self.postcode.setAccessibleName("Postcode")
        for box in (self.query, self.dob, self.postcode):
            box.textChanged.connect(self._schedule)
            box.installEventFilter(self)

        self.problems = QLabel(self)
        self.problems.setObjectName("lookupProblem")
        self.problems.setAccessibleName("Lookup problems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        self.problems.hide()

        self.table = record_table("Lookup results", self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the ranking's order
        self.table.activated.connect(self._activate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)  # a cut-short name is a wrong-person risk
        self.status = muted_label("", self)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)

        fields = QHBoxLayout()
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addWidget(self.dob, 1)
        fields.addWidget(self.postcode, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.query)
        layout.addLayout(fields)
        layout.addWidget(self.problems)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    # ----- searching -----------------------------------------------------------------------------
    def has_query(self) -> bool:
        return any(box.text().strip() for box in (self.query, self.dob, self.postcode))

    def _schedule(self) -> None:
        self._timer.start()  # restarts: only a pause in typing searches

    def search_now(self) -> None:
        self._timer.stop()
        text, dob, postcode = self.query.text(), self.dob.text(), self.postcode.text()
        if not (text.strip() or dob.strip() or postcode.strip()):
            # Starting an empty job makes any search still running stale.
            self.ops.run(self._job_key, lambda: None, lambda _none: self._show_idle())
            return
        refused = self.refusal()
        if refused:
            self.ops.run(self._job_key, lambda: None, lambda _none: self._show_refused(refused))
            return
        self.status.setText("Searching…")
        search = self._search
        self.ops.run(self._job_key, lambda: search(text, dob, postcode), self.show_result)

    def show_result(self, result: LookupResult) -> None:
        self.model.set_rows(result.candidates)
        self.table.setModel(self.proxy)
        self.problems.setText("\n".join(result.problems))
        self.problems.setVisible(bool(result.problems))
        if not result.query.is_searchable:
            self.status.setText("Nothing searchable yet: keep typing.")
        elif result.candidates:
            likely = sum(1 for c in result.candidates if c.band == "likely")
            noun = "candidate" if len(result.candidates) == 1 else "candidates"
            self.status.setText(
                f"{len(result.candidates)} {noun} ({likely} likely) for {result.query.describe()} "
                f"— {result.elapsed_ms:.0f} ms"
            )
        else:
            self.status.setText(f"Nobody found for {result.query.describe()}.")
        self.query_changed.emit(True)

    def _show_refused(self, reason: str) -> None:
        self.model.set_rows(())
        self.table.setModel(self.proxy)
        self.problems.setText(reason)
        self.problems.show()
        self.status.setText("Not searched.")
        self.query_changed.emit(True)

    def _show_idle(self) -> None:
        self.model.set_rows(())
        self.problems.hide()
        self.status.setText("")
        if self.idle_proxy is not None:
            self.table.setModel(self.idle_proxy)
        self.query_changed.emit(False)

    # ----- keyboard ------------------------------------------------------------------------------
    def current_person_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = self.table.model().index(index.row(), 0).data(ID_ROLE)
        return str(value) if value else None

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            person_id = self.table.model().index(index.row(), 0).data(ID_ROLE)
            if person_id:
                self.person_activated.emit(str(person_id))

    def enter_results(self) -> None:
        model = self.table.model()
        if model is None or not model.rowCount():
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(model.index(0, 0))
            self.table.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            model = self.table.model()
            has_rows = model is not None and model.rowCount() > 0
            if key == Qt.Key.Key_Down and has_rows:
                self.enter_results()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self.search_now()  # Enter before the pause: search now, open nothing stale
                    return True
                if has_rows:  # type, Enter, done: opens the highlighted (or top) result
                    self.enter_results()
                    self._activate(self.table.currentIndex())
                    return True
            if key == Qt.Key.Key_Escape and watched is self.query and self.query.text():
                self.query.clear()
                return True
        return super().eventFilter(watched, event)
