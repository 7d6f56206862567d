"""Qt models for the person lookup: ranked candidates and a person's contacts timeline.

The candidate's band is written as a word AND coloured: colour alone fails colour-blind users,
greyscale printouts and a monitor turned down at night.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from triage_desk.domain.clock import DEFAULT_ZONE, format_local
from triage_desk.domain.lookup_records import TimelineEntry
from triage_desk.ui.models import ID_ROLE
from triage_desk.ui.models.record_table import Column, RecordTableModel
from triage_desk.ui.themes import band_colours

if TYPE_CHECKING:  # types only: the UI gets these from LookupService, it never calls lookup itself
    from triage_desk.lookup.scoring import ScoredCandidate

BAND_LABELS = {"likely": "Likely", "possible": "Possible", "weak": "Weak"}
BAND_ORDER = {"likely": 0, "possible": 1, "weak": 2}


def person_label(given: str, family: str) -> str:
    """The police convention the rest of the window uses: "SMITH, John"."""
    return ", ".join(p for p in (family.upper(), given) if p) or "(no name recorded)"


def dob_and_age(dob: date | None, estimated_year: int | None, today: date) -> str:
    if dob is not None:
        age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        return f"{dob:%d/%m/%Y} ({age})"
    if estimated_year:
        return f"born about {estimated_year} (~{today.year - estimated_year})"
    return "not recorded"


class CandidatesModel(RecordTableModel["ScoredCandidate"]):
    def __init__(self, rows: Any = (), parent: Any = None, *, today: date | None = None) -> None:
        self.today = today or date.today()
        super().__init__(rows, parent)
        self.columns = (
            Column("Match", lambda c: BAND_LABELS.get(c.band, c.band), lambda c: BAND_ORDER.get(c.band, 3)),
            Column("Name", lambda c: person_label(c.person.given_name, c.person.family_name),
                   lambda c: (c.person.family_norm, c.person.given_norm)),
            Column("DOB (age)", lambda c: dob_and_age(c.person.date_of_birth, c.person.estimated_birth_year,
                                                       self.today), lambda c: c.person.date_of_birth),
            Column("Postcode", lambda c: c.person.postcode or ""),
            Column("Score", lambda c: str(c.score), lambda c: c.points),
            Column("Why", self._why),
        )

    @staticmethod
    def _why(c: ScoredCandidate) -> str:
        text = "; ".join(c.reasons)
        return f"{text}; against: {'; '.join(c.conflicts)}" if c.conflicts else text

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == ID_ROLE and index.isValid() and 0 <= index.row() < self.rowCount():
            return self.row_at(index.row()).person_id
        return super().data(index, role)

    def extra_data(self, row: ScoredCandidate, column: int, role: int) -> Any:
        if column == 0 and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            background, text = band_colours(row.band)
            return background if role == Qt.ItemDataRole.BackgroundRole else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._why(row)
        return None

    def label_for(self, person_id: str) -> str:
        for row in self._rows:
            if row.person_id == person_id:
                return person_label(row.person.given_name, row.person.family_name)
        return ""


def _words(code: str | None) -> str:
    return (code or "").replace("_", " ")


class TimelineModel(RecordTableModel[TimelineEntry]):
    def __init__(self, rows: Any = (), parent: Any = None, *, zone: str = DEFAULT_ZONE) -> None:
        self.zone = zone
        super().__init__(rows, parent)
        self.columns = (
            Column("Date / time", lambda t: format_local(t.when, self.zone), lambda t: t.when),
            Column("Form", lambda t: _words(t.form_id)),
            Column("Triage", lambda t: t.triage_code or ""),
            Column("Outcome", lambda t: _words(t.outcome_code)),
            Column("Author", lambda t: t.author or ""),
        )
