"""The Contacts tab of the centre: the contacts table and, below it, the selected contact read-only.

Enter (or a double-click) opens the record in its own tab: a draft to carry on typing, a signed
record to read, print or amend.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from triage_desk.domain.records import ContactDetail, ContactSummary
from triage_desk.ui.models import ID_ROLE
from triage_desk.ui.models.record_table import make_proxy
from triage_desk.ui.models.tables import ContactsModel
from triage_desk.ui.panels.common import muted_label, record_table, title_label
from triage_desk.ui.panels.contact_detail import contact_html

_DATE_COLUMN = 0


class RecordPanel(QWidget):
    contact_selected = Signal(str, str)  # contact id, person id ("" when not linked)
    contact_opened = Signal(str)  # Enter or double-click: open the record in its own tab
    show_all_requested = Signal()

    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self._quiet = False  # True while the list itself restores a selection (no user choice)
        self.model = ContactsModel(parent=self, zone=zone)
        self.proxy = make_proxy(self.model, self)

        self.heading = muted_label("Loading…", self)
        self.show_all_button = QPushButton("Show all recent contacts", self)
        self.show_all_button.setAccessibleName("Show all recent contacts")
        self.show_all_button.clicked.connect(self.show_all_requested)
        self.show_all_button.hide()

        self.table = record_table("Contacts", self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(_DATE_COLUMN, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(self._activated)

        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName("Selected contact details")
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText("Select a contact above to read it here.")

        header = QHBoxLayout()
        header.addWidget(title_label("Record", self))
        header.addStretch(1)
        header.addWidget(self.show_all_button)

        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.table)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 4, 8)
        layout.addLayout(header)
        layout.addWidget(self.heading)
        layout.addWidget(self.split, 1)
        self.setMinimumWidth(320)

    def set_contacts(self, contacts: Sequence[ContactSummary], heading: str, *, filtered: bool) -> None:
        selected = self.selected_contact_id()
        self.model.set_rows(contacts)
        self.table.resizeColumnsToContents()
        self.heading.setText(heading)
        self.show_all_button.setVisible(filtered)
        # Keep the row selected before, if still listed, without reading it again: a refresh is not
        # the nurse opening a record (that would be audited, and would change the guidance).
        self._quiet = True
        try:
            if not (selected and self.select_contact(selected)):
                self.detail.clear()
        finally:
            self._quiet = False

    def selected_contact_id(self) -> str | None:
        index = self.table.currentIndex()
        return str(index.siblingAtColumn(0).data(ID_ROLE)) if index.isValid() else None

    def select_contact(self, contact_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == contact_id:
                self.table.setCurrentIndex(self.proxy.index(row, 0))
                return True
        return False

    def show_detail(self, detail: ContactDetail | None) -> None:
        if detail is None:
            self.detail.setPlainText("This contact is no longer in the local database.")
        else:
            self.detail.setHtml(contact_html(detail, self.zone))

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.contact_opened.emit(self.model.row_at(self.proxy.mapToSource(index).row()).id)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self._quiet:
            return
        row = self.model.row_at(self.proxy.mapToSource(current).row())
        self.contact_selected.emit(row.id, row.person_id or "")
