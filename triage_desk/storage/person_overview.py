"""Read-only queries behind the main window's People, Record and Guidance panels.

They return domain dataclasses, never ORM objects, so the UI can hold the results after the
session is closed and on another thread.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from triage_desk.domain.records import (
    ContactDetail,
    ContactSummary,
    PersonSafety,
    RecentPerson,
    ResponsePlanView,
    SafetyWarningView,
)
from triage_desk.storage.models import Contact, Person, ResponsePlan, SafetyWarning, User

_UNLINKED = "(not linked to a person)"


def _person_label(given: str | None, family: str | None) -> str:
    if family:
        return f"{family.upper()}, {given or ''}".rstrip(", ")
    return given or _UNLINKED


def contact_summaries(session: Session, stmt: Select) -> list[ContactSummary]:  # type: ignore[type-arg]
    rows = []
    for contact, given, family, author in session.execute(stmt):
        rows.append(
            ContactSummary(
                id=contact.id,
                created_at=contact.created_at,
                form_id=contact.form_id,
                form_version=contact.form_version,
                status=contact.status,
                person_id=contact.person_id,
                person_label=_person_label(given, family) if contact.person_id else _UNLINKED,
                incident_ref=contact.incident_ref,
                triage_code=contact.triage_code,
                outcome_code=contact.outcome_code,
                author=author,
            )
        )
    return rows


def contact_select() -> Select:  # type: ignore[type-arg]
    return (
        select(Contact, Person.given_name, Person.family_name, User.display_name)
        .outerjoin(Person, Person.id == Contact.person_id)
        .outerjoin(User, User.id == Contact.created_by)
    )


def recent_people(session: Session, limit: int = 500) -> list[RecentPerson]:
    """People seen most recently first, each with how many contacts they have had."""
    per_person = (
        select(
            Contact.person_id.label("person_id"),
            func.count().label("contacts"),
            func.max(Contact.created_at).label("last_at"),
        )
        .where(Contact.person_id.is_not(None))
        .group_by(Contact.person_id)
        .subquery()
    )
    stmt = (
        select(Person, per_person.c.contacts, per_person.c.last_at)
        .join(per_person, per_person.c.person_id == Person.id)
        .where(Person.deleted.is_(False), Person.merged_into_id.is_(None))
        .order_by(per_person.c.last_at.desc())
        .limit(limit)
    )
    people = []
    for person, contacts, last_at in session.execute(stmt):
        people.append(
            RecentPerson(
                id=person.id,
                given_name=person.given_name,
                family_name=person.family_name,
                date_of_birth=person.date_of_birth,
                postcode=person.postcode,
                contact_count=int(contacts),
                last_contact_at=last_at,
            )
        )
    return people


def person_contacts(session: Session, person_id: str, limit: int = 200) -> list[ContactSummary]:
    stmt = (
        contact_select()
        .where(Contact.person_id == person_id)
        .order_by(Contact.created_at.desc())
        .limit(limit)
    )
    return contact_summaries(session, stmt)


def contact_detail(session: Session, contact_id: str) -> ContactDetail | None:
    stmt = contact_select().where(Contact.id == contact_id)
    summaries = contact_summaries(session, stmt)
    if not summaries:
        return None
    contact = session.get(Contact, contact_id)
    assert contact is not None
    signer = session.get(User, contact.signed_by) if contact.signed_by else None
    return ContactDetail(
        summary=summaries[0],
        answers=dict(contact.answers or {}),
        call_received_at=contact.call_received_at,
        mhp_involved_at=contact.mhp_involved_at,
        advice_given_at=contact.advice_given_at,
        closed_at=contact.closed_at,
        rcrp_decision=contact.rcrp_decision,
        contact_mode=contact.contact_mode,
        requester_type=contact.requester_type,
        location_type=contact.location_type,
        signed_at=contact.signed_at,
        signed_by=signer.display_name if signer else None,
    )


def contact_authors(session: Session, contact_id: str) -> set[str]:
    """Who wrote a contact (its creator and its signer), for "is this my own record?"."""
    stmt = select(Contact.created_by, Contact.signed_by).where(Contact.id == contact_id)
    row = session.execute(stmt).first()
    return {user for user in row if user} if row else set()


def person_safety(session: Session, person_id: str) -> PersonSafety | None:
    """Active warnings (soonest review first) and the person's current response plan."""
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        return None
    warnings = tuple(
        SafetyWarningView(id=w.id, category=w.category, detail=w.detail, review_date=w.review_date)
        for w in session.execute(
            select(SafetyWarning)
            .where(
                SafetyWarning.person_id == person_id,
                SafetyWarning.active.is_(True),
                SafetyWarning.deleted.is_(False),
            )
            .order_by(SafetyWarning.review_date.is_(None), SafetyWarning.review_date, SafetyWarning.category)
        ).scalars()
    )
    author = aliased(User)
    approver = aliased(User)
    row = session.execute(
        select(ResponsePlan, author.display_name, approver.display_name)
        .outerjoin(author, author.id == ResponsePlan.authored_by)
        .outerjoin(approver, approver.id == ResponsePlan.approved_by)
        .where(ResponsePlan.person_id == person_id, ResponsePlan.deleted.is_(False))
        .order_by(ResponsePlan.updated_at.desc())
        .limit(1)
    ).first()
    plan = None
    if row is not None:
        p, author_name, approver_name = row
        plan = ResponsePlanView(
            id=p.id,
            what_helps=p.what_helps,
            triggers=p.triggers,
            who_to_contact=p.who_to_contact,
            care_coordinator=p.care_coordinator,
            authored_by_id=p.authored_by,
            authored_by=author_name,
            approved_by_id=p.approved_by,
            approved_by=approver_name,
            approved_at=p.approved_at,
            review_date=p.review_date,
        )
    return PersonSafety(
        person_id=person.id,
        person_label=_person_label(person.given_name, person.family_name),
        warnings=warnings,
        plan=plan,
    )
