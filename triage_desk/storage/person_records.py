"""Person records for lookup: create (and upsert by external reference), link a contact, and the
detail shown under a candidate (timeline, active warnings, response plan, contact counts)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import ValidationError
from triage_desk.domain.ids import new_id
from triage_desk.domain.lookup_records import (
    ContactCounts,
    PersonDetail,
    PersonInput,
    PlanView,
    TimelineEntry,
    WarningView,
)
from triage_desk.storage.models import Contact, Person, PersonAlias, ResponsePlan, SafetyWarning, User

TIMELINE_LIMIT = 200
_DETAIL_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "estimated_birth_year",
    "sex",
    "address",
    "postcode",
    "phone",
    "nhs_number",
    "external_ref",
)


def get_live_person(session: Session, person_id: str) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        raise ValidationError(f"No person with id {person_id}.")
    return person


def _add_aliases(session: Session, person: Person, data: PersonInput, origin_site: str) -> None:
    existing = {
        (a.given_norm, a.family_norm)
        for a in session.scalars(select(PersonAlias).where(PersonAlias.person_id == person.id))
        if not a.deleted
    }
    for (given, family), keys in zip(data.aliases, data.alias_keys, strict=True):
        if (keys["given_norm"], keys["family_norm"]) in existing:
            continue
        existing.add((keys["given_norm"], keys["family_norm"]))
        session.add(
            PersonAlias(
                id=new_id(),
                origin_site=origin_site,
                person_id=person.id,
                given_name=given,
                family_name=family,
                given_norm=keys["given_norm"],
                family_norm=keys["family_norm"],
                given_phonetic=keys["given_phonetic"],
                family_phonetic=keys["family_phonetic"],
            )
        )


def insert_person(session: Session, data: PersonInput, origin_site: str) -> str:
    person = Person(id=new_id(), origin_site=origin_site, **{f: getattr(data, f) for f in _DETAIL_FIELDS})
    for key, value in data.keys.items():
        setattr(person, key, value)
    session.add(person)
    session.flush()
    _add_aliases(session, person, data, origin_site)
    return person.id


def upsert_by_external_ref(session: Session, data: PersonInput, origin_site: str) -> tuple[str, bool]:
    """Insert, or update the person with the same external_ref. Returns (id, created)."""
    person = None
    if data.external_ref:
        person = session.scalars(select(Person).where(Person.external_ref == data.external_ref)).first()
    if person is None:
        return insert_person(session, data, origin_site), True
    changed = False
    for name in _DETAIL_FIELDS:
        if getattr(person, name) != getattr(data, name):
            setattr(person, name, getattr(data, name))
            changed = True
    for key, value in data.keys.items():
        setattr(person, key, value)
    if changed:
        person.version += 1
        person.updated_at = utc_now()
    _add_aliases(session, person, data, origin_site)
    return person.id, False


def link_contact(session: Session, contact_id: str, person_id: str) -> None:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise ValidationError(f"No contact with id {contact_id}.")
    person = get_live_person(session, person_id)
    if person.merged_into_id:
        raise ValidationError(
            "That person record was merged into another one.", hint="Link the contact to the kept record."
        )
    contact.person_id = person_id
    contact.updated_at = utc_now()


def contact_counts(session: Session, person_id: str, now: datetime) -> ContactCounts:
    when = func.coalesce(Contact.call_received_at, Contact.created_at)

    def since(days: int) -> int:
        stmt = select(func.count()).where(Contact.person_id == person_id, when >= now - timedelta(days=days))
        return int(session.execute(stmt).scalar_one())

    return ContactCounts(since(7), since(30), since(365))


def _timeline(session: Session, person_id: str) -> tuple[TimelineEntry, ...]:
    when = func.coalesce(Contact.call_received_at, Contact.created_at)
    stmt = (
        select(Contact, when, User.display_name)
        .outerjoin(User, User.id == Contact.created_by)
        .where(Contact.person_id == person_id)
        .order_by(when.desc())
        .limit(TIMELINE_LIMIT)
    )
    return tuple(
        TimelineEntry(
            contact_id=c.id,
            when=c.call_received_at or c.created_at,
            form_id=c.form_id,
            status=c.status,
            triage_code=c.triage_code,
            outcome_code=c.outcome_code,
            author=author,
        )
        for c, _when, author in session.execute(stmt)
    )


def _warnings(session: Session, person_id: str, today: date) -> tuple[WarningView, ...]:
    rows = session.scalars(
        select(SafetyWarning)
        .where(
            SafetyWarning.person_id == person_id,
            SafetyWarning.active.is_(True),
            SafetyWarning.deleted.is_(False),
        )
        .order_by(SafetyWarning.created_at.desc())
    )
    return tuple(
        WarningView(w.id, w.category, w.detail, w.review_date, bool(w.review_date and w.review_date < today))
        for w in rows
    )


def _plan(session: Session, person_id: str) -> PlanView | None:
    plan = session.scalars(
        select(ResponsePlan)
        .where(ResponsePlan.person_id == person_id, ResponsePlan.deleted.is_(False))
        .order_by(ResponsePlan.updated_at.desc())
    ).first()
    if plan is None:
        return None
    return PlanView(
        plan.id,
        plan.what_helps,
        plan.triggers,
        plan.who_to_contact,
        plan.care_coordinator,
        plan.authored_by,
        plan.approved_by,
        plan.approved_at,
        plan.review_date,
    )


def person_detail(session: Session, person_id: str, now: datetime | None = None) -> PersonDetail:
    now = now or utc_now()
    person = get_live_person(session, person_id)
    aliases = tuple(
        f"{a.given_name} {a.family_name}".strip()
        for a in session.scalars(select(PersonAlias).where(PersonAlias.person_id == person_id))
        if not a.deleted
    )
    return PersonDetail(
        id=person.id,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        address=person.address,
        postcode=person.postcode,
        phone=person.phone,
        nhs_number=person.nhs_number,
        aliases=aliases,
        timeline=_timeline(session, person_id),
        warnings=_warnings(session, person_id, now.date()),
        plan=_plan(session, person_id),
        counts=contact_counts(session, person_id, now),
        merged_into_id=person.merged_into_id,
    )
