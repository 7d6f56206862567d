"""Confirmation before signing: lists exactly what will be signed.

Enter does NOT sign here either: Cancel is the default button. Signing needs Alt+S (or Tab to
"Sign record" and Space) — a deliberate second action after Ctrl+Shift+S.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from triage_desk.forms_engine.answer_display import display_value
from triage_desk.forms_engine.evaluation import FormState
from triage_desk.forms_engine.schema import Form


def summary_html(form: Form, answers: Mapping[str, object], state: FormState, zone: str) -> str:
    parts = []
    for section in form.sections:
        rows = []
        for f in section.fields:
            if not state.visible.get(f.id, False):
                continue
            value = state.calculated.get(f.id) if f.is_computed else answers.get(f.id)
            text = display_value(f, value, zone)
            if text:
                rows.append(f"<tr><td>{escape(f.label)}</td><td><b>{escape(text)}</b></td></tr>")
        if rows:
            parts.append(f"<h3>{escape(section.title)}</h3><table>{''.join(rows)}</table>")
    return "".join(parts)


class SignDialog(QDialog):
    def __init__(
        self,
        form: Form,
        answers: Mapping[str, object],
        state: FormState,
        zone: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Sign {form.title}?")
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Check what you are signing. Once signed the record cannot be changed; corrections are added "
            "as amendments with a reason."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.summary = QTextBrowser()
        self.summary.setHtml(summary_html(form, answers, state, zone))
        layout.addWidget(self.summary, 1)
        buttons = QDialogButtonBox()
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = QPushButton("&Sign record")
        self.sign_button.setAutoDefault(False)
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.cancel_button.setFocus()
