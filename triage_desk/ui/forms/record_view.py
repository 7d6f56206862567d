"""A signed record, read-only, printable, with its amendments; and the amendment dialog.

The HTML comes from the service (user text already escaped) and is rendered by QTextDocument, so
screen, paper and PDF show the same thing. ``save_pdf`` writes without any dialog (tests, batch).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from triage_desk.domain.errors import TriageDeskError
from triage_desk.domain.principal import Principal
from triage_desk.domain.purpose import Purpose
from triage_desk.services.access import Permission, allowed
from triage_desk.services.contact_service import ContactService, OpenRecord, author_of
from triage_desk.ui.errors import show_error
from triage_desk.ui.forms.field_widgets import FieldWidget, WidgetContext, create_field_widget
from triage_desk.ui.themes import set_tone


class RecordView(QWidget):
    amended = Signal(str)

    def __init__(self, service: ContactService, contact_id: str, principal: Principal,
                 parent: QWidget | None = None, *, purpose: Purpose | None = None,
                 record: OpenRecord | None = None):
        """``record``: the record as the caller already opened it (one open, one audit event)."""
        super().__init__(parent)
        self.service = service
        self.contact_id = contact_id
        self.principal = principal
        self.purpose = purpose
        self.browser = QTextBrowser()
        self.browser.setObjectName("recordView")
        self.browser.setAccessibleName("Signed record")
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for text, slot in (
            ("&Print…", self.print_dialog),
            ("Save as P&DF…", self._save_pdf_dialog),
            ("&Amend…", self.amend_dialog),
        ):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[text.replace("&", "").rstrip("…")] = button
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.browser, 1)
        self.reload(record)

    def reload(self, record: OpenRecord | None = None) -> None:
        self.record: OpenRecord = record or self.service.open_record(
            self.contact_id, principal=self.principal, purpose=self.purpose
        )
        self.html = self.service.record_view_html(self.record)
        self.browser.setHtml(self.html)
        owner = author_of(self.record.contact)
        self.buttons["Amend"].setEnabled(allowed(self.principal, Permission.AMEND_OWN, owner_id=owner))

    def document(self) -> QTextDocument:
        """The record as printed: fetched at print time, which the service logs with its purpose."""
        html = self.service.print_record(self.contact_id, principal=self.principal,
                                         purpose=self.purpose or Purpose(None, None))
        doc = QTextDocument()
        doc.setHtml(html)
        return doc

    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            try:
                self.document().print_(printer)
            except TriageDeskError as exc:
                show_error(self, exc)

    def save_pdf(self, path: Path) -> Path:
        doc = self.document()  # first: a refused print writes no file
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setOutputFileName(str(path))
        doc.print_(printer)
        return path

    def _save_pdf_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save record as PDF", f"record-{self.contact_id}.pdf", "PDF (*.pdf)"
        )
        if name:
            try:
                self.save_pdf(Path(name))
            except TriageDeskError as exc:
                show_error(self, exc)

    def amend_dialog(self) -> None:
        # open(), not exec(): an idle lock hides the dialog (which would end an exec() as Rejected)
        # and shows it again on unlock, and the saved amendment must still reload the view.
        dialog = AmendDialog(self.service, self.record, self.principal, self)
        dialog.accepted.connect(self._amended)
        self.amend = dialog
        dialog.open()

    def _amended(self) -> None:
        self.reload()
        self.amended.emit(self.contact_id)


class AmendDialog(QDialog):
    """Pick an answer, give its corrected value and a reason (required). The original is kept."""

    def __init__(self, service: ContactService, record: OpenRecord, principal: Principal,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Amend signed record")
        self.service, self.contact_id, self.principal = service, record.contact.id, principal
        self.record = record
        self.ctx = WidgetContext(zone=service.zone)
        self.field_combo = QComboBox()
        self.field_combo.setAccessibleName("Answer to correct")
        for f in self.record.form.all_fields:
            if not f.is_computed and not f.read_only and f.type.value != "repeat":
                self.field_combo.addItem(f.label, f.id)
        self.value_box = QVBoxLayout()
        self.editor: FieldWidget | None = None
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setAccessibleName("Reason for the amendment")
        self.error = QLabel()
        set_tone(self.error, "error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        save = buttons.addButton("Add amendment", QDialogButtonBox.ButtonRole.AcceptRole)
        save.setAutoDefault(False)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Answer to correct"))
        layout.addWidget(self.field_combo)
        layout.addLayout(self.value_box)
        layout.addWidget(QLabel("Reason (required)"))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.field_combo.currentIndexChanged.connect(self._field_chosen)
        self._field_chosen()

    def _field_chosen(self) -> None:
        if self.editor is not None:
            self.editor.deleteLater()
        fid = self.field_combo.currentData()
        f = self.record.form.fields_by_id[fid]
        self.editor = create_field_widget(f, self.ctx)
        self.editor.set_value(self.record.effective_answers.get(fid))
        self.value_box.addWidget(self.editor)

    def _save(self) -> None:
        assert self.editor is not None
        problem = self.editor.input_error()
        if problem:
            self.error.setText(problem)
            return
        try:
            self.service.amend(
                self.contact_id,
                self.reason.toPlainText(),
                {self.editor.field.id: self.editor.value()},
                principal=self.principal,
            )
        except TriageDeskError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
