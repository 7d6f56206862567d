"""Dates and times typed the way nurses type them (``12/3/85``, ``12031985``, ``today``, ``1430``,
``now``), read back in full (``12/03/1985``) so a misread is seen at once.

The text is parsed when the nurse leaves the field or presses Enter. What cannot be read stays in
the box, marked with an error that says what to type; the answer is then empty, so signing stops
until it is fixed. Date-times are typed in local time (Europe/London) and stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from triage_desk.forms_engine.input_parsing import DateInputError, parse_date, parse_datetime, parse_time
from triage_desk.ui.forms.field_widgets import FieldWidget

NOW_SHORTCUT = "Alt+N"


class _ParsedField(FieldWidget):
    placeholder = ""
    width = 140

    def build_input(self) -> QWidget:
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.placeholder)
        self.edit.setMaximumWidth(self.width)
        self._value: object = None
        self._typed_error: str | None = None
        self.edit.editingFinished.connect(self._commit)
        return self.edit

    def focus_target(self) -> QWidget:
        return self.edit

    def _local_now(self) -> datetime:
        return self.ctx.clock().astimezone(ZoneInfo(self.ctx.zone))

    def parse(self, text: str) -> object:
        raise NotImplementedError

    def format(self, value: object) -> str:
        raise NotImplementedError

    def _commit(self) -> None:
        text = self.edit.text().strip()
        try:
            new = self.parse(text) if text else None
            error = None
        except DateInputError as exc:
            new, error = None, str(exc)
        if new is not None:
            self.edit.setText(self.format(new))
        if new != self._value or error != self._typed_error:
            self._value, self._typed_error = new, error
            self._emit()

    def input_error(self) -> str | None:
        return self._typed_error

    def value(self) -> object:
        return self._value

    def set_value(self, value: object) -> None:
        self._value = value
        self._typed_error = None
        self.edit.setText(self.format(value) if value is not None else "")

    def record_now(self) -> None:
        """Set the value to now, as if typed (used by the Now button and its shortcut)."""
        self.edit.setText("now")
        self._commit()


class DateField(_ParsedField):
    placeholder = "dd/mm/yyyy or today"

    def parse(self, text: str) -> object:
        return parse_date(text, self._local_now().date())

    def format(self, value: object) -> str:
        return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


class TimeField(_ParsedField):
    placeholder = "hh:mm or now"
    width = 100

    def parse(self, text: str) -> object:
        return parse_time(text, self._local_now())

    def format(self, value: object) -> str:
        return value.strftime("%H:%M") if isinstance(value, time) else str(value)


class DateTimeField(_ParsedField):
    """Date and time, with a Now button (Alt+N while the field has focus) — one keystroke."""

    placeholder = "now, 1430 or 12/3/2025 14:30"
    width = 190

    def build_input(self) -> QWidget:
        edit = super().build_input()
        if not self.field.now_button:
            return edit
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit)
        button = QPushButton("Now")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field; Alt+N is the key
        button.setToolTip(f"Set to the current time ({NOW_SHORTCUT})")
        button.setAutoDefault(False)
        button.clicked.connect(self.record_now)
        row.addWidget(button)
        row.addStretch(1)
        shortcut = QShortcut(QKeySequence(NOW_SHORTCUT), edit)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.record_now)
        self.now_button = button
        return box

    def parse(self, text: str) -> object:
        return parse_datetime(text, self._local_now()).astimezone(UTC)

    def format(self, value: object) -> str:
        if isinstance(value, datetime):
            return value.astimezone(ZoneInfo(self.ctx.zone)).strftime("%d/%m/%Y %H:%M")
        return str(value)
