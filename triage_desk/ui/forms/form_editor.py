"""The form as Qt widgets: a section navigator beside a scroll area of section group boxes.

Every section is built up front (one scroll, Page Down works, nothing to wait for); skip logic
only shows and hides rows, so a field appears the instant an answer makes it relevant. Each
section's shortcut from the form file (e.g. Alt+4) jumps to its first visible input. Tab order is
the reading order because widgets are created in the order of the form file.
"""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from triage_desk.forms_engine.evaluation import FormState
from triage_desk.forms_engine.schema import Form, Section
from triage_desk.ui.forms.clock_widget import ClockField
from triage_desk.ui.forms.field_widgets import FieldWidget, WidgetContext, create_field_widget
from triage_desk.ui.forms.repeat_widget import RepeatField
from triage_desk.ui.themes import set_tone

_FOCUS_SCROLL_S = 0.5  # a sideways scroll this soon after a focus change was caused by it
_MIN_VISIBLE_INPUT = 140  # px of a focused input that must show with its label in a narrow panel
_PATH = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


class FormEditor(QWidget):
    section_activated = Signal(str)

    def __init__(self, form: Form, ctx: WidgetContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.ctx = ctx
        self.widgets: dict[str, FieldWidget] = {}
        self.boxes: dict[str, QGroupBox] = {}
        self._section_visible: dict[str, bool] = {}
        self._field_visible: dict[str, bool] = {}

        self.navigator = QListWidget()
        self.navigator.setObjectName("sectionNavigator")
        self.navigator.setAccessibleName("Sections")
        self.navigator.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keyboard users jump with Alt+<key>
        self.navigator.setFixedWidth(230)
        self.navigator.itemActivated.connect(self._navigator_activated)
        self.navigator.itemClicked.connect(self._navigator_activated)

        body = QWidget()
        body.setObjectName("formBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(10)
        for section in form.sections:
            column.addWidget(self._build_section(section))
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._focus_moved_at = time.monotonic()
        self.scroll.horizontalScrollBar().valueChanged.connect(self._keep_labels_in_view)
        qapp = QApplication.instance()
        if isinstance(qapp, QApplication):
            qapp.focusChanged.connect(self._focus_moved)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigator)
        layout.addWidget(self.scroll, 1)

    def _build_section(self, section: Section) -> QGroupBox:
        title = section.title + (f"   ({section.shortcut})" if section.shortcut else "")
        box = QGroupBox(title)
        box.setObjectName(f"section_{section.id}")
        box.setAccessibleName(section.title)
        rows = QVBoxLayout(box)
        rows.setSpacing(4)
        if section.help:
            note = QLabel(section.help)
            note.setWordWrap(True)
            set_tone(note, "note")
            rows.addWidget(note)
        for f in section.fields:
            widget = create_field_widget(f, self.ctx)
            widget.setObjectName(f"field_{f.id}")
            rows.addWidget(widget)
            self.widgets[f.id] = widget
        self.boxes[section.id] = box
        item = QListWidgetItem(f"{section.shortcut or '':7} {section.title}")
        item.setData(Qt.ItemDataRole.UserRole, section.id)
        self.navigator.addItem(item)
        if section.shortcut:
            shortcut = QShortcut(QKeySequence(section.shortcut), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda sid=section.id: self.focus_section(sid))
        return box

    def _keep_labels_in_view(self, value: int) -> None:
        """Scrolling to a focused field must not push the field labels out of a narrow panel.

        Only for scrolls that focus causes (Tab, a section key, the first field on opening); the
        nurse can still drag the bar sideways to read the help text."""
        bar = self.scroll.horizontalScrollBar()
        if value == 0 or bar.isSliderDown() or time.monotonic() - self._focus_moved_at > _FOCUS_SCROLL_S:
            return
        focus = QApplication.focusWidget()
        body = self.scroll.widget()
        if focus is not None and body.isAncestorOf(focus):
            # Enough of the input to type into (the text scrolls inside it) beats hiding the label.
            left = focus.mapTo(body, QPoint(0, 0)).x()
            if left + min(focus.width(), _MIN_VISIBLE_INPUT) > self.scroll.viewport().width():
                return  # the field really is off to the right: let the scroll show it
        self.scroll.horizontalScrollBar().setValue(0)

    def _focus_moved(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self._focus_moved_at = time.monotonic()

    # Navigation ------------------------------------------------------------------------------
    def _navigator_activated(self, item: QListWidgetItem) -> None:
        self.focus_section(item.data(Qt.ItemDataRole.UserRole))

    def focus_section(self, section_id: str) -> None:
        box = self.boxes[section_id]
        if not box.isVisibleTo(self):
            return
        self.scroll.ensureWidgetVisible(box, 0, 0)
        section = next(s for s in self.form.sections if s.id == section_id)
        for f in section.fields:
            widget = self.widgets[f.id]
            target = widget.focus_target()
            if widget.isVisibleTo(self) and target.focusPolicy() & Qt.FocusPolicy.TabFocus:
                self.scroll.ensureWidgetVisible(widget, 0, 40)
                widget.focus_input()
                break
        self.section_activated.emit(section_id)

    def widget_for(self, path: str) -> FieldWidget | None:
        match = _PATH.match(path)
        if match:
            repeat = self.widgets.get(match.group(1))
            if isinstance(repeat, RepeatField):
                return repeat.child_widget(int(match.group(2)), match.group(3))
            return None
        return self.widgets.get(path)

    def focus_path(self, path: str) -> bool:
        widget = self.widget_for(path)
        if widget is None or not widget.isVisibleTo(self):
            return False
        self.scroll.ensureWidgetVisible(widget, 0, 60)
        widget.focus_input()
        return True

    # Applying state --------------------------------------------------------------------------
    def apply(self, state: FormState, errors: dict[str, str], missing_shown: set[str]) -> None:
        """Show/hide, mark required, show errors and computed values. Touches only what changed."""
        for section in self.form.sections:
            visible = any(state.visible.get(f.id, False) for f in section.fields) or not section.fields
            if section.shown_when is None:
                visible = True
            if self._section_visible.get(section.id) != visible:
                self._section_visible[section.id] = visible
                self.boxes[section.id].setVisible(visible)
                self.navigator.item(self.form.sections.index(section)).setHidden(not visible)
        for fid, widget in self.widgets.items():
            visible = state.visible.get(fid, True)
            if self._field_visible.get(fid) != visible:
                self._field_visible[fid] = visible
                widget.setVisible(visible)
            widget.set_required(state.required.get(fid, False))
            message = errors.get(fid) or ("Required before signing." if fid in missing_shown else None)
            widget.set_error(message)
            if widget.field.is_computed:
                widget.show_computed(state.calculated.get(fid))
            if isinstance(widget, ClockField) and widget.field.clock and widget.field.clock.extension_field:
                widget.set_extension(state.values.get(widget.field.clock.extension_field))
            if isinstance(widget, RepeatField):
                row_errors = dict(errors)
                row_errors.update({p: "Required before signing." for p in missing_shown if p not in errors})
                widget.apply_rows(state, row_errors)

    def input_errors(self) -> dict[str, str]:
        """Typed text that could not be read (e.g. '32/13/85'), by path."""
        found: dict[str, str] = {}
        for fid, widget in self.widgets.items():
            message = widget.input_error()
            if message:
                found[fid] = message
            if isinstance(widget, RepeatField):
                found.update(widget.input_errors())
        return found
