"""Table models tested without a view: rows, displayed text, sorting by real values, filtering."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt

from triage_desk.domain.records import ContactSummary, RecentPerson, SafetyWarningView
from triage_desk.ui.models import ID_ROLE
from triage_desk.ui.models.record_table import make_proxy
from triage_desk.ui.models.tables import ContactsModel, PeopleModel, WarningsModel

pytestmark = pytest.mark.ui

DISPLAY = Qt.ItemDataRole.DisplayRole


def _contact(cid: str, when: datetime, person: str, status: str = "signed") -> ContactSummary:
    return ContactSummary(
        id=cid,
        created_at=when,
        form_id="phone_consult",
        form_version="1.0",
        status=status,
        person_id="p-" + cid,
        person_label=person,
        incident_ref=None,
        triage_code="C",
        outcome_code="advice_only",
        author="Nurse One",
    )


CONTACTS = [
    _contact("b", datetime(2026, 7, 1, 9, 0, tzinfo=UTC), "BAKER, Bob", "draft"),
    # 2 December sorts after 10 July as a date, but before it as "dd/mm" text.
    _contact("a", datetime(2025, 12, 2, 23, 30, tzinfo=UTC), "ARCHER, Alice"),
    _contact("c", datetime(2026, 7, 10, 22, 15, tzinfo=UTC), "COOPER, Carol"),
]


def test_contacts_model_rows_and_display_in_london_time() -> None:
    model = ContactsModel(CONTACTS)
    assert model.rowCount() == 3 and model.columnCount() == 7
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Date / time"
    # 22:15 UTC in July is 23:15 BST; 23:30 UTC in December is 23:30 GMT.
    assert model.index(2, 0).data(DISPLAY) == "10/07/2026 23:15"
    assert model.index(1, 0).data(DISPLAY) == "02/12/2025 23:30"
    assert model.index(0, 5).data(DISPLAY) == "Draft"
    assert model.index(0, 4).data(DISPLAY) == "advice only"
    assert model.index(0, 0).data(ID_ROLE) == "b"


def test_contacts_sort_by_date_not_by_text() -> None:
    model = ContactsModel(CONTACTS)
    proxy = make_proxy(model)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    names = [proxy.index(r, 1).data(DISPLAY) for r in range(3)]
    assert names == ["COOPER, Carol", "BAKER, Bob", "ARCHER, Alice"]
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 1).data(DISPLAY) == "ARCHER, Alice"


def test_people_proxy_filters_on_any_column_case_insensitively() -> None:
    people = [
        RecentPerson("1", "Alice", "Archer", date(1985, 3, 12), "LS1 4AP", 2, None),
        RecentPerson("2", "Bob", "Baker", date(1990, 7, 1), "M1 1AA", 11, None),
    ]
    model = PeopleModel(people)
    proxy = make_proxy(model)
    assert model.index(0, 0).data(DISPLAY) == "ARCHER, Alice"
    assert model.index(0, 1).data(DISPLAY) == "12/03/1985"
    proxy.setFilterFixedString("ls1")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(ID_ROLE) == "1"
    proxy.setFilterFixedString("")
    proxy.sort(3, Qt.SortOrder.DescendingOrder)  # contact counts sort as numbers: 11 before 2
    assert proxy.index(0, 3).data(DISPLAY) == "11"


def test_warnings_model_marks_overdue_reviews_in_words_and_colour() -> None:
    model = WarningsModel(
        [
            SafetyWarningView("w1", "self_harm", "Ligature risk", date(2026, 1, 1)),
            SafetyWarningView("w2", "weapons", "Knife", None),
        ],
        today=date(2026, 2, 1),
    )
    assert model.index(0, 0).data(DISPLAY) == "Self harm"
    assert model.index(0, 2).data(DISPLAY) == "01/01/2026\nOVERDUE"
    assert model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(1, 2).data(DISPLAY) == "none set"
    assert model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole) is None
