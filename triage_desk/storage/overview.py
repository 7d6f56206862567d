"""Queries behind the main window's overview: counts and the most recent contacts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage_desk.domain.records import ContactSummary, DatabaseCounts
from triage_desk.storage.models import Contact, Person, ResponsePlan, SafetyWarning, User
from triage_desk.storage.person_overview import contact_select, contact_summaries


def counts(session: Session) -> DatabaseCounts:
    def scalar(stmt) -> int:  # type: ignore[no-untyped-def]
        return int(session.execute(stmt).scalar_one())

    return DatabaseCounts(
        persons=scalar(select(func.count()).select_from(Person).where(Person.deleted.is_(False))),
        contacts_signed=scalar(select(func.count()).select_from(Contact).where(Contact.status == "signed")),
        contacts_draft=scalar(select(func.count()).select_from(Contact).where(Contact.status == "draft")),
        active_warnings=scalar(
            select(func.count())
            .select_from(SafetyWarning)
            .where(SafetyWarning.active.is_(True), SafetyWarning.deleted.is_(False))
        ),
        response_plans=scalar(
            select(func.count()).select_from(ResponsePlan).where(ResponsePlan.deleted.is_(False))
        ),
        users=scalar(select(func.count()).select_from(User).where(User.deleted.is_(False))),
    )


def recent_contacts(session: Session, limit: int = 50) -> list[ContactSummary]:
    """Newest contacts first, with the person's name and the author's display name."""
    return contact_summaries(session, contact_select().order_by(Contact.created_at.desc()).limit(limit))
