"""Repeat groups (children in the household, re-grade events, welfare checks): one row per item.

Each row holds one widget per child field and a Remove button; "Add" appends a row and puts the
cursor in its first field. Buttons are in the tab order, so Tab + Space add and remove rows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from triage_desk.forms_engine.evaluation import FormState
from triage_desk.ui.forms.field_widgets import FieldWidget, create_field_widget


class RepeatRow(QFrame):
    def __init__(self, owner: RepeatField, index: int) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        head = QHBoxLayout()
        self.title = QLabel()
        head.addWidget(self.title, 1)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAutoDefault(False)
        head.addWidget(self.remove_button)
        layout.addLayout(head)
        self.widgets: dict[str, FieldWidget] = {}
        for child in owner.field.fields:
            widget = create_field_widget(child, owner.ctx)
            widget.changed.connect(owner._emit)
            layout.addWidget(widget)
            self.widgets[child.id] = widget
        self.remove_button.clicked.connect(lambda: owner.remove_row(self))
        self.set_index(index, owner.field.label)

    def set_index(self, index: int, label: str) -> None:
        self.title.setText(f"{label} — {index + 1}")
        self.remove_button.setAccessibleName(f"Remove {label} {index + 1}")


class RepeatField(FieldWidget):
    def build_input(self) -> QWidget:
        box = QWidget()
        self.rows_layout = QVBoxLayout(box)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows: list[RepeatRow] = []
        self.add_button = QPushButton(f"Add {self.field.label.lower()} row")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._add_clicked)
        self.rows_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def focus_target(self) -> QWidget:
        return self.add_button

    def _add_clicked(self) -> None:
        row = self.add_row()
        next(iter(row.widgets.values())).focus_input()
        self._emit()

    def add_row(self) -> RepeatRow:
        row = RepeatRow(self, len(self.rows))
        self.rows_layout.insertWidget(len(self.rows), row)
        self.rows.append(row)
        return row

    def remove_row(self, row: RepeatRow) -> None:
        self.rows.remove(row)
        row.hide()
        row.deleteLater()
        for i, r in enumerate(self.rows):
            r.set_index(i, self.field.label)
        self.add_button.setFocus()
        self._emit()

    def value(self) -> object:
        out = []
        for row in self.rows:
            out.append({cid: w.value() for cid, w in row.widgets.items() if w.value() is not None})
        return out or None

    def set_value(self, value: object) -> None:
        rows = value if isinstance(value, list) else []
        while len(self.rows) > len(rows):
            self.rows.pop().deleteLater()
        while len(self.rows) < len(rows):
            self.add_row()
        for row, data in zip(self.rows, rows, strict=True):
            for cid, widget in row.widgets.items():
                widget.set_value(data.get(cid) if isinstance(data, dict) else None)

    def child_widget(self, index: int, child_id: str) -> FieldWidget | None:
        if 0 <= index < len(self.rows):
            return self.rows[index].widgets.get(child_id)
        return None

    def apply_rows(self, state: FormState, errors: dict[str, str]) -> None:
        for i, row in enumerate(self.rows):
            for cid, widget in row.widgets.items():
                path = f"{self.field.id}[{i}].{cid}"
                widget.setVisible(state.visible.get(path, True))
                widget.set_required(state.required.get(path, False))
                widget.set_error(errors.get(path))
                if widget.field.is_computed:
                    widget.show_computed(state.calculated.get(path))

    def input_errors(self) -> dict[str, str]:
        found = {}
        for i, row in enumerate(self.rows):
            for cid, widget in row.widgets.items():
                message = widget.input_error()
                if message:
                    found[f"{self.field.id}[{i}].{cid}"] = message
        return found
