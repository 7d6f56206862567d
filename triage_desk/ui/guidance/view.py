"""GuidanceView: the guidance panel, fed (form, answers); shows the suggestion and reasons, the RCRP
block, checklists, ranked pathways with services, decision controls, "why", police-log copy, F2.

Evaluation is synchronous: benchmarks/guidance.py measures ~1 ms per evaluation of F1 with realistic
answers (budget 20 ms), so a worker thread would add latency and ordering risk for no gain.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from triage_desk.domain.errors import ValidationError
from triage_desk.forms_engine.schema import Form
from triage_desk.pathways.guidance import Guidance
from triage_desk.pathways.police_log import police_log_text
from triage_desk.pathways.presentation import (
    ADVISORY,
    checklist_line,
    rcrp_heading,
    service_line,
    suggestion_heading,
)
from triage_desk.pathways.provenance import Decision, check_decision
from triage_desk.services.guidance_service import GuidanceService
from triage_desk.ui.guidance.quickref_dialog import QuickRefDialog
from triage_desk.ui.themes import colour

_TONES = {"done": "ok", "open": "muted", "problem": "error"}  # checklist item status -> themes tone


class GuidanceView(QWidget):
    decision_changed = Signal(dict)

    def __init__(self, service: GuidanceService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.guidance: Guidance | None = None
        self.form: Form | None = None
        self.answers: Mapping[str, object] = {}
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(
            lambda url: self.show_quickref(url.toString().removeprefix("card:"))
        )
        self.code_combo = QComboBox()
        self.code_combo.setAccessibleName("Your triage code")
        # Until the professional picks a code, the box follows the suggestion as answers change.
        self._code_chosen = False
        self.code_combo.activated.connect(lambda _index: setattr(self, "_code_chosen", True))
        self.pathway_box = QVBoxLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Reason (required when your decision differs from the suggestion)")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.record_button = QPushButton("Record decision")
        self.copy_button = QPushButton("Copy for police log")
        self.why_button = QPushButton("Why was this suggested?")
        self.quickref_button = QPushButton("Quick reference (F2)")
        self._pathway_checks: dict[str, QCheckBox] = {}
        self._show_why = False
        self._build()
        service.on_directory_changed(self._directory_changed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<i>{ADVISORY}</i>"))
        layout.addWidget(self.browser, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("Your code:"))
        row.addWidget(self.code_combo)
        row.addWidget(self.why_button)
        layout.addLayout(row)
        layout.addWidget(QLabel("Your pathway(s):"))
        layout.addLayout(self.pathway_box)
        layout.addWidget(self.reason)
        buttons = QHBoxLayout()
        for b in (self.record_button, self.copy_button, self.quickref_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.code_combo.addItem("— choose —", None)
        for c in "ABCDEFG":
            self.code_combo.addItem(c, c)
        self.record_button.clicked.connect(self.record_decision)
        self.copy_button.clicked.connect(self.copy_police_log)
        self.why_button.clicked.connect(self.toggle_why)
        self.quickref_button.clicked.connect(lambda: self.show_quickref(None))
        # F2 (quick reference) is the main window's Help action, so it works from any field.

    # Slots --------------------------------------------------------------------------------------
    def set_answers(self, form: Form, answers: Mapping[str, object]) -> None:
        """Re-evaluate for new answers (call on every change; ~1 ms)."""
        self.form, self.answers = form, dict(answers)
        self.guidance = self.service.evaluate(form, self.answers)
        self._render()

    def reset_decision(self) -> None:
        """Another record is now current: its decision starts from its own suggestion."""
        self._code_chosen = False
        self.code_combo.setCurrentIndex(0)
        self.reason.clear()
        for box in self._pathway_checks.values():
            box.setChecked(False)
        self.status.clear()

    def _directory_changed(self) -> None:
        """A supervisor saved the services directory: show the new numbers and hours now."""
        if self.form is not None:
            self.set_answers(self.form, self.answers)

    def toggle_why(self) -> None:
        self._show_why = not self._show_why
        self._render()

    def decision(self) -> Decision:
        chosen = tuple(pid for pid, box in self._pathway_checks.items() if box.isChecked())
        return Decision(self.code_combo.currentData(), chosen, self.reason.text().strip() or None)

    def record_decision(self) -> dict | None:
        if self.guidance is None:
            return None
        try:
            check_decision(self.guidance, self.decision())
            record = self.service.decision_record(self.guidance, self.answers, self.decision())
        except ValidationError as exc:
            self.status.setText(f"<b style='color:{colour('error')}'>{html.escape(str(exc))}</b>")
            self.reason.setFocus()
            return None
        self.status.setText("Decision recorded with the rule set version and your reason.")
        self.decision_changed.emit(record)
        return record

    def police_log(self) -> str:
        if self.guidance is None:
            return ""
        d = self.decision()
        return police_log_text(self.guidance, self.answers, {"code": d.code, "pathways": d.pathways})

    def copy_police_log(self) -> None:
        QGuiApplication.clipboard().setText(self.police_log())
        self.status.setText("Copied for the police log (minimum necessary: no formulation or history).")

    def show_quickref(self, card_id: str | None) -> None:
        dialog = QuickRefDialog(self.service.quickref, self)
        if card_id:
            dialog.show_card(card_id)
        dialog.open()
        self._dialog = dialog

    # Rendering ----------------------------------------------------------------------------------
    def restyle(self) -> None:
        """The theme changed: the colours are in the HTML, so draw it again."""
        if self.guidance is not None:
            self.browser.setHtml(_html(self.guidance, self._show_why))

    def _render(self) -> None:
        g = self.guidance
        if g is None:
            return
        self.browser.setHtml(_html(g, self._show_why))
        suggested = g.suggestion.code if g.suggestion else None
        if not self._code_chosen:
            self.code_combo.setCurrentIndex(self.code_combo.findData(suggested) if suggested else 0)
        previous = {pid for pid, box in self._pathway_checks.items() if box.isChecked()}
        for box in self._pathway_checks.values():
            self.pathway_box.removeWidget(box)
            box.deleteLater()
        self._pathway_checks = {}
        for p in g.pathways:
            box = QCheckBox(f"{p.rank}. {p.title}")
            # A long pathway title must not make the panel (and so the window) wider than the
            # screen: the line is clipped here, and read in full in the list above and the tooltip.
            box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            box.setToolTip(p.title)
            box.setChecked(p.id in previous or (not previous and p.rank == 1))
            self.pathway_box.addWidget(box)
            self._pathway_checks[p.id] = box


def _html(g: Guidance, why: bool) -> str:
    e = html.escape
    parts = [f"<h2>{e(suggestion_heading(g.suggestion))}</h2>"]
    if g.suggestion:
        parts.append(f"<p>{e(g.suggestion.explanation)}</p><ul>")
        parts += [f"<li>{e(x.label)}: <b>{e(x.value)}</b></li>" for x in g.suggestion.evidence]
        parts.append("</ul>")
    rcrp_colour = colour({"met": "error", "not_met": "warn"}.get(g.rcrp.status, "muted"))
    parts.append(f"<h3 style='color:{rcrp_colour}'>{e(rcrp_heading(g.rcrp))}</h3>")
    if g.rcrp.status == "not_met":
        parts.append(f"<p>Who contacts them: {e(g.rcrp.who_contacts or '[say who]')}</p>")
        parts.append(f"<p>Tell the caller: <i>“{e(g.rcrp.caller_script or '')}”</i></p>")
    for rid, action in g.police:
        parts.append(f"<p>Police ({rid}): {e(action)}</p>")
    for c in g.checklists:
        links = " ".join(f"<a href='card:{q}'>[{q}]</a>" for q in c.quickref)
        parts.append(f"<h3>{e(c.title)}</h3><p><small>{e(c.source)} {links}</small></p>")
        parts += [
            f"<div style='color:{colour(_TONES[i.status])}'>{e(checklist_line(i))}</div>" for i in c.items
        ]
    if g.pathways:
        parts.append("<h3>Pathways</h3><ol>")
    for p in g.pathways:
        code = f" [{p.code}]" if p.code else ""
        parts.append(f"<li><b>{e(p.title)}</b>{code} <small>({', '.join(p.rule_ids)})</small><ul>")
        for s in p.services:
            style = colour("ok" if s.is_open else "error")
            parts.append(f"<li style='color:{style}'>{e(service_line(s))}</li>")
        parts.append("</ul></li>")
    if g.pathways:
        parts.append("</ol>")
    if why:
        parts.append(f"<h3>Why was this suggested? — rules {e(g.rule_set_id)} v{g.rule_set_version}</h3>")
        for r in g.fired:
            tbc = f"<br><i>To be confirmed: {e(r.to_be_confirmed)}</i>" if r.to_be_confirmed else ""
            parts.append(
                f"<p><b>{r.id} {e(r.title)}</b> [{r.code or '-'}]: {e(r.rationale)}<br>"
                f"<small>Source: {e('; '.join(r.sources))}</small>{tbc}</p>"
            )
    for err in g.errors:
        parts.append(f"<p style='color:{colour('error')}'>Rule error: {e(err)}</p>")
    return "".join(parts)
