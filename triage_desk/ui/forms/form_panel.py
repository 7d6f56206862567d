"""FormPanel: one contact record, ready to embed in the main window's centre area.

    panel = FormPanel(app_services, contact_id, principal)  # purpose=… to read someone else's
    panel.signed.connect(...)      # str contact id, once the record is sealed
    panel.saved.connect(...)       # str contact id, after each autosave
    panel.message.connect(...)     # str, for the status bar
    panel.shutdown()               # before removing it: writes anything pending

A draft opens in the editor; a signed record opens read-only (print, PDF, amend). Signing is only
Ctrl+Shift+S (or the Sign button) followed by the confirmation dialog — Enter never signs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from triage_desk.domain.clock import format_local
from triage_desk.ui.forms.draft_writer import DraftWriter
from triage_desk.ui.forms.error_summary import ErrorSummary
from triage_desk.ui.forms.field_widgets import WidgetContext
from triage_desk.ui.forms.form_controller import FormController
from triage_desk.ui.forms.form_editor import FormEditor
from triage_desk.ui.forms.record_view import RecordView
from triage_desk.ui.forms.sign_dialog import SignDialog
from triage_desk.ui.forms.timings_bar import TimingsBar
from triage_desk.ui.themes import set_tone

if TYPE_CHECKING:
    from triage_desk.domain.principal import Principal
    from triage_desk.domain.purpose import Purpose
    from triage_desk.services.app import AppServices
    from triage_desk.services.contact_service import OpenRecord

SIGN_SHORTCUT = "Ctrl+Shift+S"


class FormPanel(QWidget):
    signed = Signal(str)
    saved = Signal(str)
    message = Signal(str)

    def __init__(
        self,
        services: AppServices,
        contact_id: str,
        principal: Principal,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] | None = None,
        purpose: Purpose | None = None,
        *,
        record: OpenRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("formPanel")
        self.service = services.contacts
        self.contact_id = contact_id
        self.principal = principal
        self.purpose = purpose
        self.clock = clock or (lambda: datetime.now(UTC))
        # The main window reads the record on a worker and passes it in; tests may let it read here
        # (one primary-key read; someone else's record needs the purpose and is logged).
        self.record = record if record is not None else self.service.open_record(
            contact_id, principal=principal, purpose=purpose)
        self.form = self.record.form
        self.sign_dialog: SignDialog | None = None
        self.editor: FormEditor | None = None
        self.record_view: RecordView | None = None
        self.writer: DraftWriter | None = None
        self._focused_once = False
        self._focus_before_sign: QWidget | None = None

        self.title = QLabel(f"{self.form.title}  ·  v{self.form.version}")
        self.title.setStyleSheet("font-size: 13pt; font-weight: 700;")
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.status, 1)
        self.warnings = QLabel("\n".join(self.service.form_warnings))
        self.warnings.setObjectName("formWarnings")
        self.warnings.setWordWrap(True)
        set_tone(self.warnings, "warning-box")
        self.warnings.setVisible(bool(self.service.form_warnings))
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.warnings)
        self.timings_slot = QVBoxLayout()
        layout.addLayout(self.timings_slot)
        layout.addWidget(self.stack, 1)
        self.message.connect(self.status.setText)
        if self.record.contact.status == "signed":
            self._show_record(self.record)
        else:
            self._build_editor()

    # Draft editing ---------------------------------------------------------------------------
    def _build_editor(self) -> None:
        ctx = WidgetContext(zone=self.service.zone, clock=self.clock)
        self.editor = FormEditor(self.form, ctx)
        self.controller = FormController(
            self.editor, self.service.evaluator(self.form), self.record.answers, self.clock, self.service.zone
        )
        self.summary = ErrorSummary(self.form)
        self.summary.field_requested.connect(self.editor.focus_path)
        self.sign_button = QPushButton(f"Sign…  ({SIGN_SHORTCUT})")
        self.sign_button.setObjectName("signButton")
        self.sign_button.setAutoDefault(False)
        self.sign_button.clicked.connect(self.request_sign)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.summary, 1)
        side_layout.addWidget(self.sign_button)
        side.setMinimumWidth(260)
        splitter = QSplitter()
        splitter.addWidget(self.editor)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        self.stack.addWidget(splitter)
        self.timings = TimingsBar(self.controller, self, self.clock, self.service.zone)
        self.timings.message.connect(self.message)
        self.timings_slot.addWidget(self.timings)

        self.writer = DraftWriter(self.service, self.contact_id, self)
        self.writer.saved.connect(self._saved)
        self.writer.failed.connect(self._failed)
        self.writer.signed.connect(self._signed)
        self.writer.sign_refused.connect(self._refused)
        self.controller.answers_changed.connect(lambda: self.writer.schedule(self.controller.answers()))
        self.controller.state_changed.connect(self._update_summary)
        self._update_summary()
        sign = QShortcut(QKeySequence(SIGN_SHORTCUT), self)
        sign.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sign.activated.connect(self.request_sign)
        self.status.setText(
            f"Draft — saved automatically · started {format_local(self.record.contact.created_at)}"
        )

    def _update_summary(self) -> None:
        self.summary.update_from(self.controller.state, self.controller.errors)

    def _saved(self, when: datetime) -> None:
        set_tone(self.status, "")
        self.status.setText(f"Draft saved {format_local(when, self.service.zone, '%H:%M:%S')}")
        self.saved.emit(self.contact_id)

    def _failed(self, text: str) -> None:
        set_tone(self.status, "error")
        self.status.setText(text)

    # Signing ---------------------------------------------------------------------------------
    def request_sign(self) -> None:
        """Ctrl+Shift+S: refuse with the list of problems, or ask for confirmation."""
        if self.editor is None or self.sign_dialog is not None:
            return
        problems = self.controller.signing_problems()
        if problems:
            self._refused(problems)
            return
        self._focus_before_sign = QApplication.focusWidget()
        dialog = SignDialog(
            self.form, self.controller.answers(), self.controller.state, self.service.zone, self
        )
        dialog.accepted.connect(self._confirmed)
        dialog.finished.connect(self._dialog_closed)
        self.sign_dialog = dialog
        dialog.open()

    def _dialog_closed(self) -> None:
        self.sign_dialog = None
        # Give the keyboard back to where the nurse was (no window manager does it offscreen or in kiosks).
        self.window().activateWindow()
        if self._focus_before_sign is not None:
            self._focus_before_sign.setFocus()

    def _confirmed(self) -> None:
        assert self.writer is not None
        self.message.emit("Signing…")
        self.writer.sign(self.principal, self.controller.answers(), self.purpose)

    def _refused(self, problems: list) -> None:  # list[SignProblem]
        self.controller.flag_missing()
        self._update_summary()
        self.message.emit(f"Cannot sign yet: {len(problems)} problem(s) — see the list on the right.")
        self.summary.list.setFocus()
        self.summary.list.setCurrentRow(0)

    def _signed(self, opened: OpenRecord) -> None:
        self.record = opened
        self.message.emit("Signed.")
        self._show_record(opened)
        self.signed.emit(self.contact_id)

    def _show_record(self, opened: OpenRecord) -> None:
        """The read-only view of ``opened`` (already read, on a worker) in place of the editor."""
        if self.writer is not None:
            self.writer.close()
        if hasattr(self, "timings"):
            self.timings.hide()
        self.record_view = RecordView(
            self.service, self.contact_id, self.principal, purpose=self.purpose, record=opened
        )
        self.stack.addWidget(self.record_view)
        self.stack.setCurrentWidget(self.record_view)
        self.editor = None
        self.status.setText(f"Signed {format_local(self.record_view.record.contact.signed_at)}")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self.editor is not None and not self._focused_once:
            self._focused_once = True  # the cursor starts in the first field: no mouse needed
            self.editor.focus_section(self.form.sections[0].id)

    # Lifetime --------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Write anything pending; call before the panel is removed."""
        if self.writer is not None:
            # A date or choice typed but not yet left commits on focus-out: make that happen first.
            focus = QApplication.focusWidget()
            if focus is not None and self.isAncestorOf(focus):
                focus.clearFocus()
            if self.editor is not None:
                self.writer.schedule(self.controller.answers())
            self.writer.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        self.shutdown()
        super().closeEvent(event)
