"""Offered at start-up: drafts left unsigned (e.g. after a crash or power cut), newest first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from triage_desk.domain.clock import format_local
from triage_desk.services.contact_service import DraftSummary


class RecoveryDialog(QDialog):
    def __init__(self, drafts: list[DraftSummary], zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unsigned records found")
        self.chosen: str | None = None
        self.list = QListWidget()
        self.list.setAccessibleName("Unsigned drafts")
        for d in drafts:
            text = (
                f"{d.form_title} (v{d.form_version}) — started {format_local(d.created_at, zone)}, "
                f"last saved {format_local(d.updated_at, zone, '%H:%M:%S')} — "
                f"log {d.incident_ref or 'not yet entered'}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox()
        buttons.addButton("&Resume selected", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("&Later", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("These records were not signed. Every record must end signed — resume one now:")
        )
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def accept(self) -> None:
        item = self.list.currentItem()
        self.chosen = item.data(Qt.ItemDataRole.UserRole) if item else None
        super().accept()
