"""Asks a supervisor why an identifiable export is needed, after saying plainly what it contains.

Only the reason and the format are chosen here; the report service checks the role and the reason
again and records both in the audit log, so this dialog is a convenience, not the control.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from triage_desk.ui.themes import set_tone

WARNING = (
    "This export contains names and identifiers: names, dates of birth, NHS numbers, postcodes and "
    "police log numbers of everyone in the period. Handle it as OFFICIAL-SENSITIVE personal data: "
    "keep it only where your organisation allows and delete it when it is no longer needed. "
    "Your name and the reason below are recorded in the audit log."
)
FORMATS = (("csv", "CSV (.csv)"), ("xlsx", "Excel workbook (.xlsx)"))


class IdentifiableExportDialog(QDialog):
    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Identifiable export")
        self.setModal(True)
        self.warning = QLabel(WARNING, self)
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        set_tone(self.warning, "error")
        self.warning.setAccessibleName("Warning")
        self.period = QLabel(what, self)
        self.period.setWordWrap(True)
        self.format_box = QComboBox(self)
        for key, text in FORMATS:
            self.format_box.addItem(text, key)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText("e.g. serious incident review SI-2025-042 (required)")
        self.reason_edit.setAccessibleName("Reason for the identifiable export")
        self.reason_edit.setMaxLength(500)  # the audit log's purpose column

        form = QFormLayout()
        form.addRow("Exporting", self.period)
        form.addRow("Format", self.format_box)
        form.addRow("&Reason", self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(
            lambda text: self.export_button.setEnabled(bool(text.strip())))

        root = QVBoxLayout(self)
        root.addWidget(self.warning)
        root.addLayout(form)
        root.addWidget(self.buttons)
        self.reason_edit.setFocus()

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def fmt(self) -> str:
        return str(self.format_box.currentData())
