"""Left panel: people seen recently, filtered as the nurse types.

Full history lookup (phonetic names, DOB, phone, NHS number) arrives with the lookup issue; until
then this lists the people who have contacts in the local database, which is real and useful.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QLineEdit, QVBoxLayout, QWidget

from triage_desk.domain.records import RecentPerson
from triage_desk.ui.models import ID_ROLE
from triage_desk.ui.models.record_table import make_proxy
from triage_desk.ui.models.tables import PeopleModel
from triage_desk.ui.panels.common import muted_label, record_table, title_label


class PeoplePanel(QWidget):
    person_chosen = Signal(str, str)  # person id, label

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PeopleModel(parent=self)
        self.proxy = make_proxy(self.model, self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter by name, date of birth or postcode")
        self.search.setAccessibleName("People search")
        self.search.setAccessibleDescription("Type to filter; press Down to move into the list")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)

        self.table = record_table("People with recent contacts", self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep "most recently seen" order
        self.table.activated.connect(self._activate)
        # Names are never cut short (a truncated name is a wrong-person risk); every column fits
        # its text and the last one takes any spare width.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)

        self.summary = muted_label("Loading…", self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(title_label("People", self))
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.setMinimumWidth(220)

    def set_people(self, people: Sequence[RecentPerson]) -> None:
        self.model.set_rows(people)
        self._update_summary()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_summary()

    def _update_summary(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        people = "person" if total == 1 else "people"
        if shown == total:
            self.summary.setText(f"{total:,} {people}, most recently seen first")
        else:
            self.summary.setText(f"{shown:,} of {total:,} {people} match")

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            person_id = self.proxy.index(index.row(), 0).data(ID_ROLE)
            label = self.proxy.index(index.row(), 0).data()
            self.person_chosen.emit(str(person_id), str(label))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Down and self.proxy.rowCount():
                self._enter_list()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.proxy.rowCount():
                # Enter in the box picks the highlighted (or only/first) match: type, Enter, done.
                self._enter_list()
                self._activate(self.table.currentIndex())
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def _enter_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
            self.table.selectRow(0)
