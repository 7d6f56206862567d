"""Every figure of the summary against the hand-computed fixture in known_data.py.

Each test runs twice, on SQLite and on PostgreSQL (conftest.py): the report SQL has a branch per
dialect for time zones, intervals and ages, and both must give the same, hand-computed, figures.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.core.reports.conftest import NewDatabase
from tests.core.reports.known_data import Known, build
from triage_desk.reports.periods import night_shift
from triage_desk.reports.summary import Filters, ShiftSummary
from triage_desk.services.report_service import ReportService

NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def known(report_db: NewDatabase) -> Known:
    return build(db=report_db())


@pytest.fixture(scope="module")
def october(known: Known) -> ShiftSummary:
    service = ReportService(known.db, clock=lambda: NOW)
    return service.summary(night_shift(date(2025, 10, 25)), generated_by="Sam Supervisor")


def test_contacts_in_the_13_hour_night_and_none_outside(october: ShiftSummary) -> None:
    assert october.period.hours == 13
    assert (october.contacts, october.signed, october.drafts) == (5, 4, 1)


def test_count_tables(october: ShiftSummary) -> None:
    triage = october.table("triage_code")
    assert [r.code for r in triage.rows] == ["A", "B", "C", "D", "E", "F", "G", None]
    assert {r.code: r.count for r in triage.rows} == {
        "A": 0, "B": 1, "C": 1, "D": 1, "E": 0, "F": 0, "G": 1, None: 1}
    outcome = {r.code: r.count for r in october.table("outcome").rows}
    assert outcome == {"02": 1, "crisis_team_f2f": 1, "s136_detention": 1, None: 2}
    assert october.table("outcome").rows[-1].label == "Not recorded"
    rcrp = {r.code: r.count for r in october.table("rcrp_decision").rows}
    assert rcrp == {"threshold_not_met": 2, "threshold_met_risk_to_life": 1, None: 2}
    assert october.table("contact_mode").count("joint_face_to_face") == 1
    assert october.table("requester_type").count("officer_on_scene") == 2
    assert october.table("location_type").count("public_place") == 2
    assert october.table("location_type").rows[0].label == "Public place (street, park, shop)"


def test_single_figures(october: ShiftSummary) -> None:
    s136 = october.s136
    assert (s136.considered, s136.consulted, s136.used, s136.avoided) == (2, 2, 1, 1)
    assert october.police_deployments_avoided == 1
    assert october.ed_diversions == 1
    assert october.police_station_pos == 1
    assert october.under_18 == 2  # one by recorded age (16), one by the person's date of birth (15)
    assert october.safeguarding_referrals == 2  # a referral on a contact, and an F5 form
    assert october.follow_ups_open == 1


def test_medians_and_90th_percentiles(october: ShiftSummary) -> None:
    mhp = october.timing("receipt_to_mhp")  # 5, 9, 10, 30
    assert (mhp.n, mhp.median_minutes, mhp.p90_minutes) == (4, 9.5, 24.0)
    advice = october.timing("receipt_to_advice")  # 15, 30, 90
    assert (advice.n, advice.median_minutes, advice.p90_minutes) == (3, 30.0, 78.0)
    handover = october.timing("s136_handover")  # 10, 45
    assert (handover.n, handover.median_minutes, handover.p90_minutes) == (2, 27.5, 41.5)


def test_data_quality_lists_the_records_to_open(known: Known, october: ShiftSummary) -> None:
    dq = october.data_quality
    assert dq.drafts_not_signed == (known.ids["c4"],)
    assert dq.missing_outcome == (known.ids["c5"],)
    assert dq.missing_timings == (known.ids["c5"],)


def test_contacts_by_hour_show_the_repeated_hour_once(october: ShiftSummary) -> None:
    hours = [h.hour for h in october.by_hour]
    assert hours == [19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6]
    counts = {h.hour: h.count for h in october.by_hour}
    assert counts[1] == 2 and counts[19] == 1 and counts[4] == 1 and counts[6] == 1
    assert sum(counts.values()) == 5


def test_s136_adr_table(october: ShiftSummary) -> None:
    adr = october.adr
    assert adr.detentions == 2

    def section(key: str) -> dict:
        return {r.code: r.count for r in adr.section(key).rows}

    assert section("age_band") == {"11–17": 1, "25–34": 1}
    assert section("gender") == {"male": 1, "female": 1}
    assert section("ethnicity_officer") == {"black": 1, "white": 1}
    assert section("ethnicity_self") == {"mixed": 1, "not_stated": 1}
    assert section("place_of_safety") == {"health_based_pos": 1, "police_station": 1}
    assert section("vehicle") == {"police_vehicle": 1, "ambulance": 1}
    reasons = section("reasons")
    assert reasons["pv_ambulance_requested"] == 1
    assert reasons["pv_reason_recorded"] == 1 and reasons["pv_reason_missing"] == 0
    assert reasons["ps_conditions_met"] == 1


def test_team_filter(known: Known) -> None:
    service = ReportService(known.db, clock=lambda: NOW)
    street = service.summary(night_shift(date(2025, 10, 25)), Filters(team="Street triage"), generated_by="x")
    assert street.contacts == 1 and street.table("triage_code").count("D") == 1
    assert street.under_18 == 1 and street.s136.considered == 0
    assert service.teams() == ["Control room", "Street triage"]


def test_the_11_hour_march_night(known: Known) -> None:
    service = ReportService(known.db, clock=lambda: NOW)
    march = service.summary(night_shift(date(2026, 3, 28)), generated_by="x")
    assert march.period.hours == 11
    assert march.contacts == 4
    assert [h.hour for h in march.by_hour] == [19, 20, 21, 22, 23, 0, 2, 3, 4, 5, 6]
    mhp = march.timing("receipt_to_mhp")  # 1, 2, 3, 4
    assert (mhp.median_minutes, mhp.p90_minutes) == (2.5, 3.7)
    assert march.generated_by == "x" and march.generated_at == NOW and not march.is_demo
