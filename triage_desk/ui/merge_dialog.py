"""Supervisors: merge a duplicate person record into the one in focus, after seeing both side by side.

The other record is found with the same lookup the People panel uses. Nothing is merged until the
supervisor confirms; the service records who merged what (and can undo it exactly).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_desk.domain.lookup_records import MergeSummary, PersonDetail
from triage_desk.ui.lookup_widget import LookupWidget, SearchFn
from triage_desk.ui.models.lookup_models import person_label
from triage_desk.ui.panels.common import section_label
from triage_desk.ui.workers import BackgroundOps

DetailFn = Callable[[str], PersonDetail]
MergeFn = Callable[[str, str], MergeSummary]  # (survivor id, merged id)


def summary_text(d: PersonDetail) -> str:
    lines = [
        person_label(d.given_name, d.family_name),
        f"Date of birth: {d.date_of_birth:%d/%m/%Y}" if d.date_of_birth else "Date of birth: not recorded",
        f"Address: {', '.join(p for p in (d.address, d.postcode) if p) or 'not recorded'}",
        f"Phone: {d.phone or 'not recorded'}",
        f"NHS number: {d.nhs_number or 'not recorded'}",
        f"Also known as: {', '.join(d.aliases) or 'none'}",
        f"Contacts: {len(d.timeline)} · active warnings: {len(d.warnings)} · "
        f"response plan: {'yes' if d.plan else 'none'}",
    ]
    return "\n".join(lines)


def _summary_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setAccessibleName(name)
    return label


class MergeDialog(QDialog):
    def __init__(self, ops: BackgroundOps, survivor: PersonDetail, search: SearchFn, detail: DetailFn,
                 merge: MergeFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge duplicate person record")
        self.ops, self.survivor, self._detail, self._merge = ops, survivor, detail, merge
        self.other: PersonDetail | None = None
        self.result_summary: MergeSummary | None = None

        self.lookup = LookupWidget(ops, search, self, job_key="merge-lookup")
        self.lookup.person_activated.connect(self.pick)
        self.keep = _summary_label(self, "Record to keep")
        self.keep.setText(summary_text(survivor))
        self.duplicate = _summary_label(self, "Duplicate record")
        self.duplicate.setText("Find the duplicate above and press Enter on it.")

        side = QGridLayout()
        side.addWidget(section_label("Keep this record", self), 0, 0)
        side.addWidget(section_label("Merge this duplicate into it", self), 0, 1)
        side.addWidget(self.keep, 1, 0)
        side.addWidget(self.duplicate, 1, 1)
        side.setColumnStretch(0, 1)
        side.setColumnStretch(1, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.merge_button = QPushButton("&Merge…", self)
        self.merge_button.setEnabled(False)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.clicked.connect(self.merge)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Find the other record of the same person:", self))
        layout.addWidget(self.lookup, 1)
        layout.addLayout(side)
        layout.addWidget(buttons)
        self.resize(900, 640)

    def pick(self, person_id: str) -> None:
        if person_id == self.survivor.id:
            self.duplicate.setText("That is the record being kept: choose the other one.")
            self.merge_button.setEnabled(False)
            return
        self.ops.run("merge-pick", lambda: self._detail(person_id), self._show_other)

    def _show_other(self, other: PersonDetail) -> None:
        self.other = other
        self.duplicate.setText(summary_text(other))
        self.merge_button.setEnabled(True)

    def confirm(self, text: str) -> bool:
        """Asks the supervisor; tests replace this to answer without a modal box."""
        answer = QMessageBox.question(self, "Merge person records", text)
        return answer == QMessageBox.StandardButton.Yes

    def merge(self) -> None:
        other = self.other
        if other is None:
            return
        keep = person_label(self.survivor.given_name, self.survivor.family_name)
        gone = person_label(other.given_name, other.family_name)
        if not self.confirm(
            f"Merge {gone} into {keep}?\n\nContacts, warnings, plans and aliases move to {keep}; "
            f"{gone} becomes an alias. The merge is recorded and can be undone."
        ):
            return
        survivor_id, merged_id = self.survivor.id, other.id
        self.merge_button.setEnabled(False)
        self.ops.run("merge", lambda: self._merge(survivor_id, merged_id), self._merged)

    def _merged(self, summary: MergeSummary) -> None:
        self.result_summary = summary
        self.accept()
