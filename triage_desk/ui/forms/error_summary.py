"""The list of what stops signing: errors first, then answers still needed.

Errors are also shown at the field; this list is the checklist. Enter (or a double-click) on an item
puts the cursor in that field, wherever it is in the form.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from triage_desk.forms_engine.evaluation import FormState
from triage_desk.forms_engine.schema import Form
from triage_desk.ui.themes import colour


class ErrorSummary(QWidget):
    field_requested = Signal(str)

    def __init__(self, form: Form, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: 600;")
        self.list = QListWidget()
        self.list.setObjectName("errorSummary")
        self.list.setAccessibleName("Problems to fix before signing")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        self._last: tuple[tuple[str, str], ...] | None = None

    def _label(self, path: str) -> str:
        parts = path.replace("]", "").split(".")
        f = self.form.fields_by_id.get(parts[-1])
        label = f.label if f else path
        if "[" in parts[0]:
            group_id, index = parts[0].split("[")
            group = self.form.fields_by_id.get(group_id)
            label = f"{group.label if group else group_id} {int(index) + 1}: {label}"
        return label

    def update_from(self, state: FormState, errors: dict[str, str]) -> None:
        entries = tuple((p, f"{self._label(p)} — {m}") for p, m in errors.items())
        entries += tuple((p, f"Still needed: {self._label(p)}") for p in state.missing if p not in errors)
        if entries == self._last:
            return
        self._last = entries
        self.list.clear()
        for path, text in entries:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, path)
            if path in errors:
                item.setForeground(QBrush(QColor(colour("error"))))
            self.list.addItem(item)
        n_err, n_missing = len(errors), len(entries) - len(errors)
        if not entries:
            self.heading.setText("Ready to sign (Ctrl+Shift+S)")
        else:
            self.heading.setText(f"{n_err} error(s), {n_missing} required answer(s) still needed")

    def paths(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        self.field_requested.emit(item.data(Qt.ItemDataRole.UserRole))
