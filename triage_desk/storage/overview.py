"""Queries behind the main window's overview: counts and the most recent contacts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage_desk.domain.records import ContactSummary, DatabaseCounts
from triage_desk.storage.models import Contact, Person, ResponsePlan, SafetyWarning, User


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
    stmt = (
        select(Contact, Person.given_name, Person.family_name, User.display_name)
        .outerjoin(Person, Person.id == Contact.person_id)
        .outerjoin(User, User.id == Contact.created_by)
        .order_by(Contact.created_at.desc())
        .limit(limit)
    )
    rows = []
    for contact, given, family, author in session.execute(stmt):
        label = f"{family.upper()}, {given}" if family else "(not linked to a person)"
        rows.append(
            ContactSummary(
                id=contact.id,
                created_at=contact.created_at,
                form_id=contact.form_id,
                form_version=contact.form_version,
                status=contact.status,
                person_id=contact.person_id,
                person_label=label,
                incident_ref=contact.incident_ref,
                triage_code=contact.triage_code,
                outcome_code=contact.outcome_code,
                author=author,
            )
        )
    return rows
