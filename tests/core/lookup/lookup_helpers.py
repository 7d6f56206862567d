"""Helpers that insert contacts, warnings and plans for the lookup tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from triage_desk.domain.clock import utc_now
from triage_desk.domain.ids import new_id
from triage_desk.storage.database import Database
from triage_desk.storage.models import Contact, ResponsePlan, SafetyWarning


def add_contact(
    db: Database, person_id: str, *, days_ago: float, triage_code: str = "C", outcome: str = "advice"
) -> str:
    contact_id = new_id()
    when: datetime = utc_now() - timedelta(days=days_ago)
    with db.session() as s:
        s.add(
            Contact(
                id=contact_id,
                origin_site=db.site_id,
                form_id="phone_consult",
                form_version="1",
                status="signed",
                person_id=person_id,
                call_received_at=when,
                created_at=when,
                triage_code=triage_code,
                outcome_code=outcome,
            )
        )
    return contact_id


def add_warning(
    db: Database,
    person_id: str,
    *,
    category: str = "weapons",
    review: date | None = None,
    active: bool = True,
) -> str:
    warning_id = new_id()
    with db.session() as s:
        s.add(
            SafetyWarning(
                id=warning_id,
                origin_site=db.site_id,
                person_id=person_id,
                category=category,
                detail="carries a knife",
                review_date=review,
                active=active,
            )
        )
    return warning_id


def add_plan(db: Database, person_id: str, *, authored_by: str, approved_by: str | None) -> str:
    plan_id = new_id()
    with db.session() as s:
        s.add(
            ResponsePlan(
                id=plan_id,
                origin_site=db.site_id,
                person_id=person_id,
                what_helps="quiet room",
                triggers="shouting",
                who_to_contact="sister",
                care_coordinator="A Nurse",
                authored_by=authored_by,
                approved_by=approved_by,
            )
        )
    return plan_id
