"""Left panel: the person lookup, typed as the call handler speaks; recent people when it is empty.

Opening a person (Enter, double-click) emits ``person_chosen(person_id)``: the window shows their
detail, and the contact form editor (another issue) will link the contact it is editing to them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from triage_desk.domain.records import RecentPerson
from triage_desk.ui.lookup_widget import LookupWidget, SearchFn
from triage_desk.ui.models.record_table import make_proxy
from triage_desk.ui.models.tables import PeopleModel
from triage_desk.ui.panels.common import title_label
from triage_desk.ui.workers import BackgroundOps


class PeoplePanel(QWidget):
    person_chosen = Signal(str)  # person id

    def __init__(self, ops: BackgroundOps, search: SearchFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Every look-up is justified (Caldicott): the open contact's incident reference, or a reason.
        self.purpose = QLineEdit(self)
        self.purpose.setPlaceholderText("Reason for look-up (or type the incident ref in the contact)")
        self.purpose.setAccessibleName("Reason for look-up")
        self.purpose.setMaxLength(200)
        self.purpose_note = QLabel(self)
        self.purpose_note.setObjectName("mutedLabel")
        self.purpose_note.setWordWrap(True)
        self.purpose_note.setTextFormat(Qt.TextFormat.PlainText)
        self.purpose_note.setAccessibleName("Purpose of look-ups")
        self.model = PeopleModel(parent=self)
        self.proxy = make_proxy(self.model, self)
        self.lookup = LookupWidget(ops, search, self)
        self.lookup.idle_proxy = self.proxy
        self.lookup.table.setModel(self.proxy)
        self.lookup.person_activated.connect(self.person_chosen)
        self.lookup.query_changed.connect(lambda _typed: self._update_summary())
        # The names the rest of the window (and its tests) already use.
        self.search, self.table = self.lookup.query, self.lookup.table

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(title_label("People", self))
        layout.addWidget(self.purpose)
        layout.addWidget(self.purpose_note)
        layout.addWidget(self.lookup, 1)
        self.setMinimumWidth(220)
        self._update_summary()

    def show_purpose(self, incident_ref: str | None, problem: str = "") -> None:
        if problem:
            self.purpose_note.setText(problem)
        elif incident_ref:
            self.purpose_note.setText(f"Look-ups are recorded against incident {incident_ref}.")
        else:
            self.purpose_note.setText("Look-ups need a reason or an open contact's incident reference.")

    def clear(self) -> None:
        """Signed out: no names left in the panel, nothing typed left in the boxes."""
        self.purpose.clear()
        for box in (self.lookup.query, self.lookup.dob, self.lookup.postcode):
            box.clear()
        self.lookup.model.set_rows([])
        self.set_people([])

    def set_people(self, people: Sequence[RecentPerson]) -> None:
        self.model.set_rows(people)
        self._update_summary()

    def label_for(self, person_id: str) -> str:
        """The displayed name of a person in the results or the recent list ("" if not shown)."""
        label = self.lookup.model.label_for(person_id)
        if label:
            return label
        for row in range(self.model.rowCount()):
            person = self.model.row_at(row)
            if person.id == person_id:
                return person.label
        return ""

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_person_id(self) -> str | None:
        return self.lookup.current_person_id()

    def _update_summary(self) -> None:
        if self.lookup.has_query():
            return  # the lookup writes its own status line
        total = self.model.rowCount()
        people = "person" if total == 1 else "people"
        self.lookup.status.setText(f"{total:,} {people} with contacts, most recently seen first")

