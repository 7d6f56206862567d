"""Supervisors: who has looked at this person's record, when, from which desk, and why.

The list comes from the hash-chained audit log (the service checks the supervisor's role and
records the review itself as an audit event). Read on a worker; shown as a sortable table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from triage_desk.domain.clock import format_local
from triage_desk.ui.models.record_table import Column, RecordTableModel, make_proxy
from triage_desk.ui.panels.common import record_table

if TYPE_CHECKING:
    from triage_desk.services.audit import AccessEntry


_ACTION_WORDS = {
    "search": "search result",
    "view_person": "viewed the record",
    "open_record": "opened a contact",
    "print": "printed",
    "export": "exported",
    "merge": "merged",
    "sign": "signed a contact",
    "amend": "amended a contact",
    "legal_hold": "legal hold",
    "audit_reviewed": "reviewed this access list",
}


class AccessModel(RecordTableModel["AccessEntry"]):
    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__((), parent)
        self.columns = (
            Column("When", lambda e: format_local(e.occurred_at, zone), lambda e: e.occurred_at),
            Column("Who", lambda e: e.username or "(not signed in)"),
            Column("Desk", lambda e: e.desk),
            Column("What", lambda e: _ACTION_WORDS.get(e.action, e.action.replace("_", " "))),
            Column("Purpose", lambda e: e.purpose or ""),
        )


class AccessHistoryDialog(QDialog):
    def __init__(self, person_label: str, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Who has looked at {person_label}")
        self.resize(900, 480)
        self.model = AccessModel(zone, self)
        self.proxy = make_proxy(self.model, self)
        self.table = record_table("Accesses to this person's record", self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.summary = QLabel("Loading…", self)
        self.summary.setAccessibleName("Access count")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "Every search result, view, open, print and export of this person's record, from the "
            "audit log (your review is recorded too).", self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

    def set_entries(self, entries: Sequence[AccessEntry]) -> None:
        self.model.set_rows(entries)
        self.table.resizeColumnsToContents()
        people = {e.username for e in entries if e.username}
        self.summary.setText(f"{len(entries):,} recorded accesses by {len(people):,} user(s).")
