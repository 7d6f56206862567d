"""The three tables of the main window, as column lists over the service dataclasses."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from triage_desk.domain.clock import DEFAULT_ZONE, format_local
from triage_desk.domain.records import ContactSummary, RecentPerson, SafetyWarningView
from triage_desk.ui.models.record_table import Column, RecordTableModel
from triage_desk.ui.themes import alert_colours


def _dmy(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _words(code: str | None) -> str:
    return (code or "").replace("_", " ")


class PeopleModel(RecordTableModel[RecentPerson]):
    columns = (
        Column("Name", lambda p: p.label, lambda p: p.label.casefold()),
        Column("DOB", lambda p: _dmy(p.date_of_birth), lambda p: p.date_of_birth),
        Column("Postcode", lambda p: p.postcode or ""),
        Column("Contacts", lambda p: str(p.contact_count), lambda p: p.contact_count),
    )


class ContactsModel(RecordTableModel[ContactSummary]):
    STATUS_LABELS = {"draft": "Draft", "signed": "Signed"}

    def __init__(self, rows: Any = (), parent: Any = None, *, zone: str = DEFAULT_ZONE) -> None:
        self.zone = zone
        super().__init__(rows, parent)
        self.columns = (
            Column("Date / time", lambda c: format_local(c.created_at, self.zone), lambda c: c.created_at),
            Column("Person", lambda c: c.person_label, lambda c: c.person_label.casefold()),
            Column("Form", lambda c: c.form_id.replace("_", " ")),
            Column("Triage", lambda c: c.triage_code or ""),
            Column("Outcome", lambda c: _words(c.outcome_code)),
            Column("Status", lambda c: self.STATUS_LABELS.get(c.status, c.status)),
            Column("Author", lambda c: c.author or ""),
        )


class WarningsModel(RecordTableModel[SafetyWarningView]):
    def __init__(self, rows: Any = (), parent: Any = None, *, today: date | None = None) -> None:
        self.today = today or date.today()
        super().__init__(rows, parent)
        self.columns = (
            Column("Warning", lambda w: _words(w.category).capitalize()),
            Column("Detail", lambda w: w.detail),
            Column("Review", self._review_text, lambda w: w.review_date),
        )

    def _review_text(self, w: SafetyWarningView) -> str:
        # Said in words as well as colour: colour alone fails colour-blind users and greyscale prints.
        if w.review_overdue(self.today):
            return f"{_dmy(w.review_date)}\nOVERDUE"
        return _dmy(w.review_date) or "none set"

    def extra_data(self, row: SafetyWarningView, column: int, role: int) -> Any:
        if row.review_overdue(self.today) and role in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            background, text = alert_colours()
            return background if role == Qt.ItemDataRole.BackgroundRole else text
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return row.detail
        return None
