"""Edges where SQLite and PostgreSQL could disagree, run on both (conftest.py).

PostgreSQL sessions here run in America/Los_Angeles time, so a figure that silently used the server's
time zone instead of Europe/London shows up as a wrong number rather than passing by luck.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.core.reports.conftest import NewDatabase
from triage_desk.domain.ids import new_id
from triage_desk.reports.periods import custom, night_shift
from triage_desk.services.report_service import ReportService
from triage_desk.storage.database import Database
from triage_desk.storage.models import Contact, Person


def _contact(db: Database, created: datetime, **columns: object) -> Contact:
    defaults: dict[str, object] = {"team": "Control room", "desk": "Desk 1", "answers": {}}
    defaults.update(columns)
    return Contact(id=new_id(), origin_site=db.site_id, form_id="triage-contact", form_version="1",
                   status="signed", created_at=created, updated_at=created, **defaults)


def _person(db: Database, born: date) -> Person:
    return Person(id=new_id(), origin_site=db.site_id, given_name="Test", family_name="Person",
                  date_of_birth=born)


@pytest.fixture(scope="module")
def edges(report_db: NewDatabase) -> Database:
    db = report_db()
    with db.session() as s:
        # 18 on 26/10/2025. Seen at 00:30 BST on the 26th (23:30 UTC on the 25th): already 18 in
        # London, although still 17 on that UTC date.
        eighteen_today = _person(db, date(2007, 10, 26))
        # 18 on 25/10/2025 (and so on the London date of both contacts): never under 18 here.
        eighteen_yesterday = _person(db, date(2007, 10, 25))
        # 18 on 27/10/2025: 17 throughout this night.
        seventeen = _person(db, date(2007, 10, 27))
        s.add_all([eighteen_today, eighteen_yesterday, seventeen])
        s.flush()
        start = datetime(2025, 10, 25, 23, 30, tzinfo=UTC)
        s.add_all([
            _contact(db, start, person_id=eighteen_today.id, team="bravo"),
            _contact(db, start, person_id=eighteen_yesterday.id, team="Alpha"),
            _contact(db, start + timedelta(hours=3), person_id=seventeen.id, team="charlie"),
        ])
        # Timings with fractions of a second (a "now" button stores them): both databases count whole
        # seconds from each clock reading (12:00:00 to 12:01:00 is 60 s, as SQLite's strftime('%s')
        # counts). 60 s and 187 s -> median 123.5 s = 2.1 min, where the exact differences
        # (59.001 s, 186.001 s) would give 2.0.
        base = datetime(2026, 1, 10, 12, tzinfo=UTC)
        for seconds in (60, 187):
            received = base + timedelta(milliseconds=999)
            s.add(_contact(db, base + timedelta(minutes=5), call_received_at=received,
                           mhp_involved_at=base + timedelta(seconds=seconds),
                           team="Alpha", answers={"age": 40}))
    return db


def test_under_18_is_judged_on_the_london_date_of_the_contact(edges: Database) -> None:
    summary = ReportService(edges).summary(night_shift(date(2025, 10, 25)), generated_by="x")
    assert summary.contacts == 3
    assert summary.under_18 == 1


def test_timings_count_whole_seconds_on_both_databases(edges: Database) -> None:
    period = custom(datetime(2026, 1, 10, 9), datetime(2026, 1, 10, 15))
    timing = ReportService(edges).summary(period, generated_by="x").timing("receipt_to_mhp")
    assert (timing.n, timing.median_minutes) == (2, 2.1)


def test_teams_are_listed_alphabetically_whatever_their_case(edges: Database) -> None:
    assert ReportService(edges).teams() == ["Alpha", "bravo", "charlie"]
