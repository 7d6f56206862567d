"""Test-only: put a few known persons, contacts, warnings and a plan into a database via the ORM.

Tests may use storage directly; the UI under test never does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from triage_desk.domain.ids import new_id
from triage_desk.lookup.keys import person_keys
from triage_desk.services.app import AppServices
from triage_desk.storage.models import Contact, Person, ResponsePlan, SafetyWarning, User


@dataclass(frozen=True)
class Seeded:
    alice_id: str
    bob_id: str
    carol_id: str
    alice_contact_id: str
    bob_contact_id: str
    newest_contact_id: str


def seed(app: AppServices, *, demo: bool = False) -> Seeded:
    site = app.db.site_id
    now = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)
    with app.db.session() as s:
        nurse = User(id=new_id(), origin_site=site, username="nurse1", display_name="Nurse One",
                     role="clinician")
        lead = User(
            id=new_id(), origin_site=site, username="lead1", display_name="Lead Two", role="supervisor"
        )
        s.add_all([nurse, lead])
        s.flush()
        people = {}
        for key, given, family, dob, postcode in (
            ("alice", "Alice", "Archer", date(1985, 3, 12), "LS1 4AP"),
            ("bob", "Bob", "Baker", date(1990, 7, 1), "M1 1AA"),
            ("carol", "Carol", "Cooper", date(1979, 11, 23), "S1 2BB"),
        ):
            person = Person(
                id=new_id(), origin_site=site, given_name=given, family_name=family,
                date_of_birth=dob, postcode=postcode, **person_keys(given, family, postcode),
            )
            s.add(person)
            people[key] = person
        s.flush()

        def contact(person: Person, minutes_ago: int, *, status: str = "signed", code: str = "C") -> Contact:
            c = Contact(
                id=new_id(), origin_site=site, form_id="triage-contact", form_version="1", status=status,
                person_id=person.id, incident_ref=f"INC-{minutes_ago:04d}",
                answers={"presenting_concern": "low_mood", "risk_to_self": "moderate"},
                call_received_at=now - timedelta(minutes=minutes_ago),
                triage_code=code, outcome_code="advice_only", created_by=nurse.id,
                created_at=now - timedelta(minutes=minutes_ago),
            )
            s.add(c)
            return c

        alice_c = contact(people["alice"], 120)
        contact(people["alice"], 300)
        bob_c = contact(people["bob"], 60, status="draft", code="B")
        newest = contact(people["carol"], 5, code="A")
        s.add_all([
            SafetyWarning(
                id=new_id(), origin_site=site, person_id=people["alice"].id, category="weapons",
                detail="Known to carry a knife", review_date=date(2020, 1, 1),
            ),
            SafetyWarning(
                id=new_id(), origin_site=site, person_id=people["alice"].id, category="self_harm",
                detail="Ligature risk", review_date=date(2099, 1, 1),
            ),
            SafetyWarning(
                id=new_id(), origin_site=site, person_id=people["alice"].id, category="violence",
                detail="Inactive old warning", active=False,
            ),
            # Author approved their own plan: the two-person rule says this is NOT approved.
            ResponsePlan(
                id=new_id(), origin_site=site, person_id=people["alice"].id,
                what_helps="Calm voice, sister Jane", triggers="Uniformed officers",
                who_to_contact="Crisis team 0113 000 0000", care_coordinator="Sam Patel",
                authored_by=nurse.id, approved_by=nurse.id, approved_at=now,
            ),
            ResponsePlan(
                id=new_id(), origin_site=site, person_id=people["bob"].id,
                what_helps="Music", triggers="Crowds", who_to_contact="GP", care_coordinator="Lee Wong",
                authored_by=nurse.id, approved_by=lead.id, approved_at=now,
            ),
        ])
        ids = Seeded(
            alice_id=people["alice"].id, bob_id=people["bob"].id, carol_id=people["carol"].id,
            alice_contact_id=alice_c.id, bob_contact_id=bob_c.id, newest_contact_id=newest.id,
        )
    if demo:
        app.db.set_meta("demo_data", "1")
    return ids
