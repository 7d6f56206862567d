"""One widget per field type, built from the form definition.

Every field is a row: label (with * when required) · input · "why this matters" help beside it, and
an error line under the input. The row is what skip logic shows and hides. Inputs carry the label
as accessible name and the help as accessible description, so screen readers announce both.

Values are typed (see forms_engine.answer_codec): text → str, integer → int, choice → code, etc.
``changed`` fires when the nurse changes the value (never when the program sets it), so the
controller re-evaluates and the autosave runs only on real edits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from triage_desk.forms_engine.answer_display import YES_NO_LABELS, display_value
from triage_desk.forms_engine.schema import Choice, Field, FieldType
from triage_desk.ui.themes import set_tone

LABEL_WIDTH = 230
HELP_WIDTH = 280


@dataclass(frozen=True)
class WidgetContext:
    """What widgets need from outside: the display zone and the clock (tests pin it)."""

    zone: str = "Europe/London"
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)


class FieldWidget(QWidget):
    changed = Signal()

    def __init__(self, field: Field, ctx: WidgetContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.ctx = ctx
        self._required = False
        self._error: str | None = None
        self._shown_value: object = object()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(1)
        self.grid = grid
        self.label = QLabel(field.label)
        self.label.setWordWrap(True)
        self.label.setFixedWidth(LABEL_WIDTH)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.input = self.build_input()
        # Created on first use: most rows never show an error, and fewer widgets open faster.
        self.error_label: QLabel | None = None
        left = Qt.AlignmentFlag.AlignLeft
        grid.addWidget(self.label, 0, 0, left | Qt.AlignmentFlag.AlignTop)
        # Narrow inputs (dates, yes/no) sit at the left edge, in line with the wide ones.
        grid.addWidget(self.input, 0, 1, left if self.input.maximumWidth() < 10_000 else Qt.AlignmentFlag(0))
        grid.setColumnStretch(1, 1)
        if field.help:
            help_label = QLabel(field.help)
            help_label.setObjectName("fieldHelp")
            help_label.setWordWrap(True)
            help_label.setFixedWidth(HELP_WIDTH)
            set_tone(help_label, "muted")
            help_label.setFont(_small_font(self))
            grid.addWidget(help_label, 0, 3, 2, 1, Qt.AlignmentFlag.AlignTop)
        else:
            grid.setColumnMinimumWidth(3, HELP_WIDTH)
        target = self.focus_target()
        target.setAccessibleName(field.label)
        if field.help:
            target.setAccessibleDescription(field.help)
        self.setFocusProxy(target)

    # Subclasses ------------------------------------------------------------------------------
    def build_input(self) -> QWidget:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self.input

    def value(self) -> object:
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        raise NotImplementedError

    def input_error(self) -> str | None:
        """A problem with what was typed that the form definition cannot see (e.g. not a date)."""
        return None

    def show_computed(self, value: object) -> None:
        """Display a calculated/clock value; only computed and read-only fields use it."""

    # Shared ----------------------------------------------------------------------------------
    def set_required(self, required: bool) -> None:
        if required != self._required:
            self._required = required
            self.label.setText(self.field.label + (" *" if required else ""))

    def set_error(self, message: str | None) -> None:
        if message != self._error:
            self._error = message
            if self.error_label is None:
                if not message:
                    return
                self.error_label = QLabel()
                self.error_label.setObjectName("fieldError")
                self.error_label.setWordWrap(True)
                set_tone(self.error_label, "error")
                self.grid.addWidget(self.error_label, 1, 1, 1, 2)
            self.error_label.setText(message or "")
            self.error_label.setVisible(bool(message))

    @property
    def error(self) -> str | None:
        return self._error

    def focus_input(self) -> None:
        self.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def _emit(self) -> None:
        if not self.signalsBlocked():
            self.changed.emit()


class TextField(FieldWidget):
    """Short text; the limit is enforced by the line edit and shown by a counter."""

    def build_input(self) -> QWidget:
        self.edit = QLineEdit()
        if self.field.max_length:
            self.edit.setMaxLength(self.field.max_length)
        self.counter: QLabel | None = None
        self.edit.textChanged.connect(self._text_changed)
        return self.edit

    def _text_changed(self) -> None:
        self._update_counter()
        self._emit()

    def _update_counter(self) -> None:
        n = len(self.edit.text())
        if self.field.max_length and (n or self.counter is not None):
            if self.counter is None:  # appears with the first character typed
                self.counter = _counter_label(self)
            self.counter.setText(f"{n}/{self.field.max_length}")

    def value(self) -> object:
        return self.edit.text() or None

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        self.edit.setText("" if value is None else str(value))
        self.blockSignals(False)
        self._update_counter()


class LongTextField(FieldWidget):
    """Narrative text. Tab moves on (it never inserts a tab); Enter is a new line, never "sign"."""

    def build_input(self) -> QWidget:
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.counter: QLabel | None = None
        self.edit.textChanged.connect(self._text_changed)
        return self.edit

    def _text_changed(self) -> None:
        self._update_counter()
        self._emit()

    def _update_counter(self) -> None:
        n = len(self.edit.toPlainText())
        if self.field.max_length and (n or self.counter is not None):
            if self.counter is None:
                self.counter = _counter_label(self)
            over = n > self.field.max_length
            self.counter.setText(f"{n}/{self.field.max_length}" + (" — too long" if over else ""))
            set_tone(self.counter, "error" if over else "muted")

    def input_error(self) -> str | None:
        n = len(self.edit.toPlainText())
        if self.field.max_length and n > self.field.max_length:
            return f"{n} characters; the limit is {self.field.max_length}. Shorten the text."
        return None

    def value(self) -> object:
        return self.edit.toPlainText() or None

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        self.edit.setPlainText("" if value is None else str(value))
        self.blockSignals(False)
        self._update_counter()


class NumberField(FieldWidget):
    """Integer or decimal typed as text; what cannot be read is an error, never silently dropped."""

    def build_input(self) -> QWidget:
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(140)
        self.edit.textChanged.connect(self._emit)
        return self.edit

    def _parse(self) -> tuple[object, str | None]:
        text = self.edit.text().strip().replace(",", "")
        if not text:
            return None, None
        try:
            if self.field.type is FieldType.INTEGER:
                return int(text), None
            return float(text), None
        except ValueError:
            kind = "whole number" if self.field.type is FieldType.INTEGER else "number"
            return None, f"'{text}' is not a {kind}. Type digits only, e.g. 42."

    def value(self) -> object:
        return self._parse()[0]

    def input_error(self) -> str | None:
        return self._parse()[1]

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        self.edit.setText("" if value is None else str(value))
        self.blockSignals(False)


class YesNoField(FieldWidget):
    """Yes / No / Unknown: type y, n or u (combo box type-ahead)."""

    def build_input(self) -> QWidget:
        self.combo = QComboBox()
        self.combo.addItem("", None)
        for code in ("yes", "no", "unknown"):
            self.combo.addItem(YES_NO_LABELS[code], code)
        self.combo.setMaximumWidth(140)
        self.combo.currentIndexChanged.connect(self._emit)
        return self.combo

    def value(self) -> object:
        return self.combo.currentData()

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))
        self.blockSignals(False)


def resolve_choice(text: str, choices: tuple[Choice, ...]) -> Choice | None:
    """What a typed text means: an exact label or code, else the single label that contains it."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for c in choices:
        if c.label.casefold() == wanted or c.value.casefold() == wanted:
            return c
    starts = [c for c in choices if c.label.casefold().startswith(wanted)]
    if len(starts) == 1:
        return starts[0]
    contains = [c for c in choices if wanted in c.label.casefold()]
    return contains[0] if len(contains) == 1 else None


class SingleChoiceField(FieldWidget):
    """Editable combo box: type any part of a label (completer pops up matches); Tab accepts."""

    def build_input(self) -> QWidget:
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItem("", None)
        for c in self.field.choices:
            self.combo.addItem(c.label, c.value)
        self.combo.setCompleter(None)  # the type-ahead completer is made on first focus (faster open)
        self.combo.installEventFilter(self)
        self.combo.setMinimumWidth(260)
        self._value: object = None
        self._typed_error: str | None = None
        self.combo.activated.connect(self._commit)
        self.combo.lineEdit().editingFinished.connect(self._commit)
        return self.combo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.FocusIn and self.combo.completer() is None:
            completer = QCompleter(QStringListModel([c.label for c in self.field.choices]), self.combo)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.combo.setCompleter(completer)
        return False

    def _commit(self) -> None:
        text = self.combo.currentText()
        choice = resolve_choice(text, self.field.choices)
        new = choice.value if choice else None
        self._typed_error = None if choice or not text.strip() else f"'{text}' is not one of the options."
        if choice is not None and text != choice.label:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(self.combo.findData(choice.value))
            self.combo.blockSignals(False)
        if new != self._value or self._typed_error:
            self._value = new
            self._emit()

    def input_error(self) -> str | None:
        return self._typed_error and self._typed_error + " Type part of an option and pick from the list."

    def value(self) -> object:
        return self._value

    def set_value(self, value: object) -> None:
        self.blockSignals(True)
        self.combo.blockSignals(True)
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        self.blockSignals(False)
        self._value = value if index > 0 else None


class MultiChoiceField(FieldWidget):
    """Checkable list: arrows or typed letters move, Space ticks/unticks."""

    def build_input(self) -> QWidget:
        self.list = QListWidget()
        for c in self.field.choices:
            item = QListWidgetItem(c.label)
            item.setData(Qt.ItemDataRole.UserRole, c.value)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        rows = min(len(self.field.choices), 8)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 6)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemChanged.connect(self._emit)
        return self.list

    def value(self) -> object:
        checked = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                checked.append(item.data(Qt.ItemDataRole.UserRole))
        return checked or None

    def set_value(self, value: object) -> None:
        wanted = set(value) if isinstance(value, list | tuple) else set()
        self.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.blockSignals(False)


class DisplayField(FieldWidget):
    """Calculated and read-only fields: shown, never typed into, never in the tab order."""

    def build_input(self) -> QWidget:
        self.display = QLabel("—")
        set_tone(self.display, "computed")
        bold = self.display.font()
        bold.setBold(True)
        self.display.setFont(bold)
        self.display.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._stored: object = None
        return self.display

    def value(self) -> object:
        return self._stored

    def set_value(self, value: object) -> None:
        self._stored = value
        if not self.field.is_computed:
            self.show_computed(value)

    def show_computed(self, value: object) -> None:
        if value != self._shown_value:
            self._shown_value = value
            shown = display_value(self.field, value, self.ctx.zone) if value is not None else ""
            self.display.setText(shown or "—")


def _small_font(widget: QWidget) -> QFont:
    font = widget.font()
    font.setPointSizeF(max(font.pointSizeF() - 1, 7))
    return font


def _counter_label(row: FieldWidget) -> QLabel:
    counter = QLabel()
    set_tone(counter, "muted")
    counter.setFont(_small_font(row))
    counter.setAccessibleName(f"{row.field.label}: characters used")
    row.grid.addWidget(counter, 0, 2, Qt.AlignmentFlag.AlignBottom)
    return counter


def create_field_widget(field: Field, ctx: WidgetContext, parent: QWidget | None = None) -> FieldWidget:
    """The widget class for a field type (imports here keep each module to one job)."""
    from triage_desk.ui.forms.clock_widget import ClockField
    from triage_desk.ui.forms.datetime_widgets import DateField, DateTimeField, TimeField
    from triage_desk.ui.forms.repeat_widget import RepeatField

    if field.type is FieldType.CLOCK:
        return ClockField(field, ctx, parent)
    if field.is_computed or field.read_only:
        return DisplayField(field, ctx, parent)
    cls: type[FieldWidget] = {
        FieldType.TEXT: TextField,
        FieldType.LONG_TEXT: LongTextField,
        FieldType.INTEGER: NumberField,
        FieldType.DECIMAL: NumberField,
        FieldType.DATE: DateField,
        FieldType.TIME: TimeField,
        FieldType.DATETIME: DateTimeField,
        FieldType.YES_NO_UNKNOWN: YesNoField,
        FieldType.SINGLE_CHOICE: SingleChoiceField,
        FieldType.MULTI_CHOICE: MultiChoiceField,
        FieldType.REPEAT: RepeatField,
    }[field.type]
    return cls(field, ctx, parent)
