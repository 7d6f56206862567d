"""The opened person's history: contact counts with the frequent-contact indicator, and the timeline.

The indicator's words come from the service (``lookup.frequent``) and only ever prompt a care
review. domain.md §7: frequent callers are often the most unwell; nothing here may suggest
responding less, so the counts are shown as facts beside it and every call is assessed on its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from triage_desk.domain.clock import DEFAULT_ZONE
from triage_desk.domain.lookup_records import ContactCounts, PersonDetail
from triage_desk.ui.models.lookup_models import TimelineModel
from triage_desk.ui.panels.common import muted_label, record_table, section_label


def counts_text(counts: ContactCounts) -> str:
    return (
        f"Contacts: {counts.last_7_days} in 7 days · {counts.last_30_days} in 30 days · "
        f"{counts.last_365_days} in 365 days"
    )


class PersonHistoryView(QWidget):
    def __init__(self, parent: QWidget | None = None, *, zone: str = DEFAULT_ZONE) -> None:
        super().__init__(parent)
        self.counts = muted_label("", self)
        self.counts.setAccessibleName("Contact counts")
        self.frequent = QLabel(self)
        self.frequent.setObjectName("frequentContact")
        self.frequent.setAccessibleName("Frequent contact indicator")
        self.frequent.setTextFormat(Qt.TextFormat.PlainText)
        self.frequent.setWordWrap(True)
        self.timeline_model = TimelineModel(parent=self, zone=zone)
        self.timeline = record_table("Contacts timeline", self)
        self.timeline.setModel(self.timeline_model)
        self.timeline.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.timeline.horizontalHeader().setStretchLastSection(True)
        self.timeline.setMinimumHeight(160)
        self.no_contacts = muted_label("No contacts recorded.", self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section_label("Contact history", self))
        layout.addWidget(self.frequent)
        layout.addWidget(self.counts)
        layout.addWidget(self.timeline)
        layout.addWidget(self.no_contacts)
        self.set_detail(None)

    def set_detail(self, detail: PersonDetail | None) -> None:
        self.setVisible(detail is not None)
        if detail is None:
            self.timeline_model.set_rows(())
            return
        self.counts.setText(counts_text(detail.counts))
        self.frequent.setText(detail.frequent_contact_prompt or "")
        self.frequent.setVisible(bool(detail.frequent_contact_prompt))
        self.timeline_model.set_rows(detail.timeline)
        self.timeline.setVisible(bool(detail.timeline))
        self.no_contacts.setVisible(not detail.timeline)
