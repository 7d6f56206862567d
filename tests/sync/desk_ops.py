"""Test helpers: what a nurse does on a desk, through the same write API the features use."""

from __future__ import annotations

from datetime import date

from triage_desk.domain.ids import new_id
from triage_desk.storage import synced_writes as w
from triage_desk.storage.database import Database
from triage_desk.storage.models import Contact, Person
from triage_desk.sync.dump import dump_desk, dump_hub
from triage_desk.sync.hub import HubConnection


def create_person(db: Database, given: str = "Ann", family: str = "Smith", **extra: object) -> str:
    with db.session() as s:
        return w.create_person(s, db.site_id, given_name=given, family_name=family, **extra).id


def edit_person(db: Database, person_id: str, **changes: object) -> None:
    with db.session() as s:
        version = s.get(Person, person_id).version
        w.update_person(s, person_id, changes, version)


def person(db: Database, person_id: str) -> Person:
    with db.reader() as s:
        return s.get(Person, person_id)


def add_warning(db: Database, person_id: str, category: str = "violence", detail: str = "") -> str:
    from triage_desk.storage.models import SafetyWarning

    with db.session() as s:
        return w.add_record(
            s,
            SafetyWarning(
                id=new_id(),
                origin_site=db.site_id,
                person_id=person_id,
                category=category,
                detail=detail,
                review_date=date(2027, 1, 1),
            ),
        ).id


def sign_contact(db: Database, person_id: str | None, answers: dict | None = None, sign: bool = True) -> str:
    with db.session() as s:
        c = Contact(
            id=new_id(),
            origin_site=db.site_id,
            form_id="triage-contact",
            form_version="1",
            person_id=person_id,
            answers=answers or {"concern": "low mood"},
            triage_code="C",
        )
        s.add(c)
        s.flush()
        if sign:
            w.sign_contact(s, c.id, None)
        return c.id


def amend(db: Database, contact_id: str, reason: str = "typo") -> str:
    with db.session() as s:
        return w.add_amendment(s, db.site_id, contact_id, reason, {"triage_code": "D"}, None).id


def desk_dump(db: Database) -> list[str]:
    return list(dump_desk(db))


def hub_dump(url: str) -> list[str]:
    hub = HubConnection.open(url)
    try:
        return list(dump_hub(hub))
    finally:
        hub.close()
