"""Right panel: what a nurse must know before speaking — safety warnings and the response plan.

Pathway guidance (triage scale, RCRP, legal checklists) arrives with the rules engine; this panel
already shows the stored safety information for the person in focus, and the database overview.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QHeaderView, QLabel, QScrollArea, QVBoxLayout, QWidget

from triage_desk.domain.lookup_records import PersonDetail
from triage_desk.domain.records import DatabaseCounts, PersonSafety, ResponsePlanView
from triage_desk.ui.models.tables import WarningsModel
from triage_desk.ui.panels.common import muted_label, record_table, section_label, title_label
from triage_desk.ui.panels.person_history import PersonHistoryView

NOT_APPROVED = "Not yet approved — awaiting a second person"
_COUNTS = (
    ("persons", "People"),
    ("contacts_signed", "Signed contacts"),
    ("contacts_draft", "Drafts"),
    ("active_warnings", "Active warnings"),
)


def plan_status_text(plan: ResponsePlanView) -> str:
    if plan.is_approved:
        when = plan.approved_at.strftime("%d/%m/%Y") if plan.approved_at else "an unrecorded date"
        return f"Approved by {plan.approved_by or 'another user'} on {when}"
    return NOT_APPROVED


def _value_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # stored free text is never interpreted as HTML
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setAccessibleName(name)
    return label


class GuidancePanel(QWidget):
    def __init__(self, parent: QWidget | None = None, *, today: date | None = None) -> None:
        super().__init__(parent)
        body = QWidget(self)
        self.person_heading = QLabel("No person in focus: choose a person or a contact.", body)
        self.person_heading.setObjectName("personHeading")
        self.person_heading.setTextFormat(Qt.TextFormat.PlainText)
        self.person_heading.setWordWrap(True)
        self.person_heading.setAccessibleName("Person in focus")

        self.warnings_model = WarningsModel(parent=self, today=today)
        self.warnings = record_table("Active safety warnings", body)
        self.warnings.setModel(self.warnings_model)
        self.warnings.setWordWrap(True)
        # A handful of rows whose detail wraps: measure each (cheap here, unlike the long lists).
        self.warnings.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.warnings.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.no_warnings = muted_label("", body)

        self.plan_status = _value_label(body, "Response plan approval")
        self.what_helps = _value_label(body, "What helps")
        self.triggers = _value_label(body, "Triggers")
        self.who_to_contact = _value_label(body, "Who to contact")
        self.care_coordinator = _value_label(body, "Care coordinator")
        self.plan_fields = QWidget(body)
        plan_form = QFormLayout(self.plan_fields)
        plan_form.setContentsMargins(0, 0, 0, 0)
        # Label above value: the panel is narrow and plan text is long.
        plan_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for text, widget in (
            ("What helps", self.what_helps),
            ("Triggers", self.triggers),
            ("Who to contact", self.who_to_contact),
            ("Care coordinator", self.care_coordinator),
        ):
            plan_form.addRow(text, widget)
        self.no_plan = muted_label("", body)

        self.count_labels = {key: _value_label(body, text) for key, text in _COUNTS}
        counts_form = QFormLayout()
        for key, text in _COUNTS:
            counts_form.addRow(text, self.count_labels[key])

        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 8, 8, 8)
        layout.addWidget(title_label("Guidance", body))
        layout.addWidget(self.person_heading)
        self.person_sections = [section_label("Safety warnings", body), section_label("Response plan", body)]
        layout.addWidget(self.person_sections[0])
        layout.addWidget(self.warnings)
        layout.addWidget(self.no_warnings)
        layout.addWidget(self.person_sections[1])
        layout.addWidget(self.plan_status)
        layout.addWidget(self.plan_fields)
        layout.addWidget(self.no_plan)
        self.history = PersonHistoryView(body)
        layout.addWidget(self.history)
        layout.addWidget(section_label("This database", body))
        layout.addLayout(counts_form)
        layout.addStretch(1)

        scroll = self.scroll = QScrollArea(self)
        scroll.setAccessibleName("Guidance")
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.setMinimumWidth(260)
        self.set_safety(None)

    def set_history(self, detail: PersonDetail | None) -> None:
        """Contact counts, the frequent-contact indicator and the timeline of the person in focus."""
        self.history.set_detail(detail)

    def set_safety(self, safety: PersonSafety | None) -> None:
        has_person = safety is not None
        if safety is None:
            self.history.set_detail(None)
        if safety is not None:
            self.person_heading.setText(f"For {safety.person_label}")
        else:
            self.person_heading.setText("No person in focus: choose a person or a contact.")
        for section in self.person_sections:
            section.setVisible(has_person)
        self.warnings_model.set_rows(safety.warnings if safety else ())
        self.warnings.resizeRowsToContents()
        self._fit_warnings_height()
        has_warnings = bool(safety and safety.warnings)
        self.warnings.setVisible(has_warnings)
        self.no_warnings.setVisible(not has_warnings)
        self.no_warnings.setText("No active safety warnings." if has_person else "")
        self._show_plan(safety.plan if safety else None, has_person)

    def _fit_warnings_height(self) -> None:
        # Show every warning without an inner scrollbar when there are a few; the panel scrolls.
        view = self.warnings
        rows = sum(view.rowHeight(r) for r in range(self.warnings_model.rowCount()))
        height = view.horizontalHeader().sizeHint().height() + rows + 2 * view.frameWidth() + 4
        view.setFixedHeight(max(90, min(height, 320)))

    def _show_plan(self, plan: ResponsePlanView | None, has_person: bool) -> None:
        fields = (self.what_helps, self.triggers, self.who_to_contact, self.care_coordinator)
        if plan is None:
            for label in fields:
                label.setText("")
            self.plan_status.hide()
            self.plan_fields.hide()
            self.no_plan.setText("No response plan recorded." if has_person else "")
            self.no_plan.setVisible(has_person)
            return
        self.no_plan.hide()
        self.plan_status.show()
        self.plan_fields.show()
        self.plan_status.setText(plan_status_text(plan))
        self.plan_status.setObjectName("planStatusApproved" if plan.is_approved else "planStatusPending")
        self.plan_status.style().unpolish(self.plan_status)  # re-read the style sheet for the new name
        self.plan_status.style().polish(self.plan_status)
        for label, text in zip(
            fields, (plan.what_helps, plan.triggers, plan.who_to_contact, plan.care_coordinator), strict=True
        ):
            label.setText(text or "—")

    def set_counts(self, counts: DatabaseCounts) -> None:
        for key, label in self.count_labels.items():
            label.setText(f"{getattr(counts, key):,}")

    def focus_warnings(self) -> None:
        target = self.warnings if self.warnings.isVisible() else self.scroll
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
