"""A small database whose every figure was worked out by hand (see the comments per contact).

The October night (25/10/2025 19:00 BST -> 26/10/2025 07:00 GMT, 13 h) holds the main fixture;
the March night (28/03/2026 19:00 GMT -> 29/03/2026 07:00 BST, 11 h) checks the other change.
Persons carry distinctive identifiers so the export tests can prove none of them leaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from triage_desk.domain.ids import new_id
from triage_desk.storage.database import Database
from triage_desk.storage.models import Contact, Person

SECRETS = (
    "Zebedee", "Quixotically", "9990012345", "ZZ99 9QX", "07700 900123", "13 Uniquely Lane",
    "SECRET-FREE-TEXT", "AMBULANCE-DELAY-SECRET", "WYP-SECRET-LOG-0001", "Persephone", "Xylophonist",
)


def utc(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


@dataclass
class Known:
    db: Database
    ids: dict[str, str]


def _contact(db_site: str, key: str, created: datetime, *, form: str = "triage-contact",
             status: str = "signed",
             receipt_min: int | None = None, advice_min: int | None = None, team: str = "Control room",
             person: str | None = None, answers: dict[str, Any] | None = None, **columns: Any) -> Contact:
    return Contact(
        id=new_id(), origin_site=db_site, form_id=form, form_version="1", status=status, person_id=person,
        answers=answers or {}, created_at=created, updated_at=created, mhp_involved_at=created,
        call_received_at=created - timedelta(minutes=receipt_min) if receipt_min is not None else None,
        advice_given_at=created + timedelta(minutes=advice_min - (receipt_min or 0))
        if advice_min is not None else None,
        team=team, desk="Desk 1", **columns,
    )


def build(demo: bool = False, db: Database | None = None) -> Known:
    """The fixture in ``db`` (a fresh, empty desk database; default a private in-memory SQLite)."""
    db = db if db is not None else Database.open(None)
    if demo:
        db.set_meta("demo_data", "1")
    site = db.site_id
    ids: dict[str, str] = {}
    with db.session() as s:
        adult = Person(id=new_id(), origin_site=site, given_name="Zebedee", family_name="Quixotically",
                       date_of_birth=date(1980, 5, 17), nhs_number="9990012345", postcode="ZZ99 9QX",
                       phone="07700 900123", address="13 Uniquely Lane, Nowhere")
        child = Person(id=new_id(), origin_site=site, given_name="Persephone", family_name="Xylophonist",
                       date_of_birth=date(2010, 1, 1), postcode="ZZ99 9QX")
        s.add_all([adult, child])
        s.flush()
        rows = {
            # 19:00 BST, the first instant of the shift: 5 min to MHP, 15 to advice; G, 02, no police.
            "c1": _contact(site, "c1", utc(2025, 10, 25, 18), receipt_min=5, advice_min=15, person=adult.id,
                           triage_code="G", outcome_code="02", rcrp_decision="threshold_not_met",
                           contact_mode="advice_to_police_only", requester_type="call_handler",
                           location_type="private_dwelling_own", incident_ref="WYP-SECRET-LOG-0001",
                           answers={"police_action": "no_deployment_refer", "given_name": "Zebedee",
                                    "triage_reason": "SECRET-FREE-TEXT", "nhs_number": "9990012345"}),
            # 01:30 BST (the first 01:30): age 16, s136 considered+consulted but avoided, safeguarding
            # referral, open follow-up, crisis team (an ED diversion). 10 and 30 minutes.
            "c2": _contact(site, "c2", utc(2025, 10, 26, 0, 30), receipt_min=10, advice_min=30,
                           triage_code="C", outcome_code="crisis_team_f2f", rcrp_decision="threshold_not_met",
                           contact_mode="phone_with_person", requester_type="officer_on_scene",
                           location_type="public_place",
                           answers={"s136_considered": "yes", "s136_consulted": "yes", "s136_used": "no",
                                    "s136_avoided_how": "crisis_team_visit", "age": 16,
                                    "referrals": ["childrens_social_care", "crisis_team_f2f"],
                                    "follow_up_owner": "CMHT duty", "advice_text": "SECRET-FREE-TEXT"}),
            # 01:30 GMT (the second 01:30): s136 used. 30 and 90 minutes.
            "c3": _contact(site, "c3", utc(2025, 10, 26, 1, 30), receipt_min=30, advice_min=90,
                           triage_code="B", outcome_code="s136_detention",
                           rcrp_decision="threshold_met_risk_to_life", contact_mode="joint_face_to_face",
                           requester_type="officer_on_scene", location_type="public_place",
                           answers={"s136_considered": "yes", "s136_consulted": "yes", "s136_used": "yes",
                                    "age": 40}),
            # 06:59 GMT, a draft: 9 min to MHP, no advice, nothing coded.
            "c4": _contact(site, "c4", utc(2025, 10, 26, 6, 59), status="draft", receipt_min=9),
            # 04:00 GMT, Street triage, no police receipt time and no outcome; the person is 15.
            "c5": _contact(site, "c5", utc(2025, 10, 26, 4), advice_min=20, team="Street triage",
                           person=child.id, triage_code="D"),
            # Outside the shift: 07:00 GMT (the end is exclusive) and 18:59 UTC the evening before.
            "c6": _contact(site, "c6", utc(2025, 10, 26, 7), receipt_min=1, triage_code="A",
                           outcome_code="06"),
            "c7": _contact(site, "c7", utc(2025, 10, 25, 17, 59), receipt_min=1, triage_code="A"),
            # s136 monitor (F3): 34-year-old man, police vehicle although an ambulance was requested,
            # health-based place of safety, handover 45 minutes after arrival.
            "s1": _contact(site, "s1", utc(2025, 10, 26, 2), form="s136-monitor", answers={
                "power_used": "s136_1", "age": 34, "sex_gender": "male",
                "ethnicity_officer": "black_caribbean",
                "ethnicity_self": "mixed_white_black_caribbean", "first_pos": "health_based_pos",
                "vehicle": "police_vehicle", "ambulance_requested": "yes",
                "police_vehicle_reason": "AMBULANCE-DELAY-SECRET",
                "pos_arrived_at": "2025-10-26T02:30:00+00:00", "handover_at": "2025-10-26T03:15:00+00:00"}),
            # A 17-year-old taken to a police station (all conditions ticked): the figure that should be
            # zero. Ambulance; handover after 10 minutes.
            "s2": _contact(site, "s2", utc(2025, 10, 26, 3), form="s136-monitor", answers={
                "power_used": "s136_1", "age": 17, "sex_gender": "female",
                "ethnicity_officer": "white_british",
                "first_pos": "police_station", "vehicle": "ambulance", "imminent_risk": "yes",
                "no_other_pos": "yes", "hcp_available": "yes",
                "pos_arrived_at": "2025-10-26T03:30:00+00:00", "handover_at": "2025-10-26T03:40:00+00:00"}),
            "f5": _contact(site, "f5", utc(2025, 10, 26, 5), form="safeguarding-referral"),
            # March night: 19:00 GMT, 00:30 GMT, 02:30 BST, 06:59 BST inside; 07:00 BST and 18:59 outside.
            "m1": _contact(site, "m1", utc(2026, 3, 28, 19), receipt_min=1),
            "m2": _contact(site, "m2", utc(2026, 3, 29, 0, 30), receipt_min=2),
            "m3": _contact(site, "m3", utc(2026, 3, 29, 1, 30), receipt_min=3),
            "m4": _contact(site, "m4", utc(2026, 3, 29, 5, 59), receipt_min=4),
            "m5": _contact(site, "m5", utc(2026, 3, 29, 6), receipt_min=5),
            "m6": _contact(site, "m6", utc(2026, 3, 28, 18, 59), receipt_min=6),
        }
        s.add_all(rows.values())
        ids = {k: c.id for k, c in rows.items()}
    return Known(db, ids)
