"""Demo s136: the s136 questions on triage contacts (F1) and the s136 monitor (F3) of each detention.

Every code comes from the forms' own code lists (forms/s136-monitor, forms/codelists), so the
shift summary's s136 figures and Home Office ADR table (reports/s136_adr.py) fill up in a demo:
- A contact whose outcome is an s136 detention says s136 was considered, (usually) consulted and
  used; it is never in a private dwelling, where s136 cannot be used, so such a contact's location
  is moved to a public one. Other urgent contacts sometimes considered s136 and avoided it.
- Each signed detention gets a signed F3: the person's age, sex and ethnicity (self-defined from
  the person record, officer-perceived mostly the same), transport, first place of safety, the
  24-hour clock, any extension, handover to the NHS and the outcome. A police station is rare and
  only for adults, with the Regulations' conditions met; a monitor still running at the anchor is
  a draft that stops at the anchor.

Proportions follow reference/domain.md §5 (Home Office figures for 2023/24): the emergency
department was the first place of safety in about 42% of detentions, a police station in about 1%;
police vehicles carry somewhat fewer than half. They are plausible for a demo, not statistics.

This has its own random stream (seeded from the demo seed), so adding it left the persons and the
rest of the contacts as they were; ids are still drawn the UUIDv7 way, from this stream.
"""

from __future__ import annotations

import random
from datetime import date

from triage_desk.domain.roles import ContactStatus
from triage_desk.services.demo_base import DemoContext, Row, at, iso
from triage_desk.services.demo_people import PersonProfile
from triage_desk.services.demo_vocabulary import Weighted

S136_FORM_ID = "s136-monitor"
S136_FORM_VERSION = "1"
DWELLINGS = ("private_dwelling_own", "private_dwelling_other")

# How often s136 is considered (and then avoided) on contacts that did not end in a detention.
CONSIDERED = {"A": 0.5, "B": 0.35, "C": 0.15, "D": 0.05, "E": 0.02, "F": 0.01, "G": 0.005}
AVOIDED_HOW = Weighted([("voluntary_attendance", 35), ("crisis_team_visit", 25), ("family_support", 20),
                        ("ed_voluntary", 15), ("other", 5)])
PUBLIC_LOCATION = Weighted([("public_place", 60), ("transport", 15), ("health_setting_ed", 6),
                            ("communal_residential", 6), ("workplace", 2), ("school", 1), ("other", 10)])
# NHS ethnic category letter (persons.ethnicity) -> the form's ONS 2021 code.
ONS_ETHNICITY = {
    "A": "white_british", "B": "white_irish", "C": "white_other", "D": "mixed_white_black_caribbean",
    "E": "mixed_white_black_african", "F": "mixed_white_asian", "G": "mixed_other", "H": "asian_indian",
    "J": "asian_pakistani", "K": "asian_bangladeshi", "L": "asian_other", "M": "black_caribbean",
    "N": "black_african", "P": "black_other", "R": "asian_chinese", "S": "other_any", "Z": "not_stated",
}
# What an officer records when their perception differs from the person's own answer.
PERCEIVED_OTHERWISE = {"white": ("white_other",), "black": ("black_other",), "asian": ("asian_other",),
                       "mixed": ("white_other", "black_other", "asian_other"), "other": ("other_any",)}
UNLINKED_AGE = Weighted([((12, 17), 5), ((18, 24), 18), ((25, 34), 27), ((35, 44), 22), ((45, 54), 15),
                         ((55, 64), 8), ((65, 85), 5)])
VEHICLE_AMBULANCE_REQUESTED = Weighted([("ambulance", 58), ("police_vehicle", 34),
                                        ("other_health_vehicle", 4), ("other", 2), ("not_known", 2)])
VEHICLE_NOT_REQUESTED = Weighted([("police_vehicle", 82), ("other_health_vehicle", 6), ("other", 8),
                                  ("not_known", 4)])
POLICE_VEHICLE_REASON = Weighted([
    ("Ambulance not available in time (ETA over an hour)", 55),
    ("Risk of violence: crew and officers agreed police transport was safer", 20),
    ("Person would not wait; immediate risk on scene", 15),
    ("Ambulance stood down by its control room", 10),
])
FIRST_POS = Weighted([("health_based_pos", 52), ("ed", 42), ("police_station", 1), ("other", 3),
                      ("private_home", 1), ("not_known", 1)])
EXTENSION_REASON = Weighted([("intoxication", 45), ("condition_prevents_assessment", 35),
                             ("physical_treatment", 20)])
OUTCOME = Weighted([("admitted_informal", 15), ("s2", 28), ("s3", 5), ("discharged_follow_up", 37),
                    ("no_mh_follow_up", 15)])
NOT_PRACTICABLE = ("Immediate risk at height; no time to call", "No phone signal at the scene",
                   "Person ran into the road; detained at once")
MHP_ROLE = {"Control room": "Control room MHP (RMN)", "Street triage": "Street triage nurse (RMN)"}


class DemoS136:
    def __init__(self, ctx: DemoContext, *, surnames: Weighted, force_prefix: str) -> None:
        self.ctx = ctx
        self.rng = random.Random(f"s136:{ctx.seed}")
        self.surnames = surnames  # for the doctors and inspectors named on the form
        self.force_prefix = force_prefix

    def annotate(self, contact: Row, profile: PersonProfile | None) -> Row | None:
        """Add the s136 answers to an F1 row; return its F3 row if s136 was used and F1 is signed."""
        rng, answers = self.rng, contact["answers"]
        if contact["outcome_code"] == "s136_detention":
            if contact["location_type"] in DWELLINGS:
                contact["location_type"] = answers["location_type"] = PUBLIC_LOCATION.pick(rng)
            consulted = "yes" if rng.random() < 0.88 else "no"
            answers.update(s136_considered="yes", s136_consulted=consulted, s136_used="yes")
            if contact["status"] == ContactStatus.SIGNED.value:
                return self._monitor(contact, profile, consulted)
        elif rng.random() < CONSIDERED[contact["triage_code"]]:
            answers.update(s136_considered="yes", s136_consulted="yes" if rng.random() < 0.9 else "no",
                           s136_used="no", s136_avoided_how=AVOIDED_HOW.pick(rng))
        return None

    def _minutes(self, lo: float, hi: float, mode: float) -> int:
        return int(self.rng.triangular(lo, hi, mode) * 60)

    def _age(self, profile: PersonProfile | None, on: date) -> int:
        if profile is not None and profile.date_of_birth is not None:
            born = profile.date_of_birth
            return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        if profile is not None and profile.estimated_birth_year is not None:
            return max(0, on.year - profile.estimated_birth_year)
        lo, hi = UNLINKED_AGE.pick(self.rng)
        return self.rng.randint(lo, hi)

    def _ethnicity(self, profile: PersonProfile | None) -> tuple[str, str]:
        """(self-defined, officer-perceived)."""
        rng = self.rng
        own = ONS_ETHNICITY[profile.ethnicity] if profile else "not_stated"
        if rng.random() < 0.08:
            own = "not_stated"  # declined to say, or could not be asked
        roll = rng.random()
        if own == "not_stated":
            officer = "white_british" if roll < 0.7 else rng.choice(list(ONS_ETHNICITY.values()))
        elif roll < 0.8:
            officer = own
        elif roll < 0.95:
            officer = rng.choice(PERCEIVED_OTHERWISE[own.split("_", 1)[0]])
        else:
            officer = "not_stated"
        return own, officer

    def _monitor(self, contact: Row, profile: PersonProfile | None, consulted: str) -> Row:
        rng, ctx = self.rng, self.ctx
        detained = int(contact["advice_given_at"].timestamp()) + self._minutes(0, 20, 5)
        age = self._age(profile, at(detained).date())
        own, officer = self._ethnicity(profile)
        sex = profile.sex if profile and profile.sex else "not_known"
        answers: Row = {
            "incident_ref": contact["incident_ref"]
            or f"{self.force_prefix}-{at(detained):%Y%m%d}-{rng.randint(1, 1400):04d}",
            "power_used": "s136_1", "age": age,
            "sex_gender": "non_binary" if rng.random() < 0.01 else sex,
            "ethnicity_self": own, "ethnicity_officer": officer,
            "location_type": contact["location_type"], "consulted": consulted,
            "detained_at": iso(detained),
        }
        if consulted == "yes":
            answers.update(consulted_who=MHP_ROLE.get(contact["team"], "MHP"),
                           consulted_at=iso(int(contact["mhp_involved_at"].timestamp())),
                           consultation_advice="Advised s136 to a health-based place of safety.")
        else:
            answers["not_practicable_reason"] = rng.choice(NOT_PRACTICABLE)

        already_at_ed = contact["location_type"] == "health_setting_ed"
        requested = "no" if already_at_ed else "yes" if rng.random() < 0.85 else "no"
        answers["ambulance_requested"] = requested
        if requested == "yes":
            answers["ambulance_requested_at"] = iso(detained + self._minutes(0, 5, 1))
            vehicle = VEHICLE_AMBULANCE_REQUESTED.pick(rng)
        else:
            vehicle = "none_already_at_pos" if already_at_ed else VEHICLE_NOT_REQUESTED.pick(rng)
        answers["vehicle"] = vehicle
        if vehicle == "police_vehicle":
            answers["police_vehicle_reason"] = POLICE_VEHICLE_REASON.pick(rng)

        first_pos = "ed" if already_at_ed else FIRST_POS.pick(rng)
        while first_pos == "police_station" and age < 18:  # never lawful for a child
            first_pos = FIRST_POS.pick(rng)
        arrived = detained if already_at_ed else detained + self._minutes(8, 75, 25)
        answers.update(first_pos=first_pos, pos_arrived_at=iso(arrived))
        if first_pos == "police_station":
            authorised = detained + self._minutes(2, 20, 5)
            answers.update(imminent_risk="yes", no_other_pos="yes", hcp_available="yes",
                           inspector_name=f"Insp {self.surnames.pick(rng)}",
                           inspector_authorised_at=iso(authorised),
                           welfare_checks=[{"check_at": iso(arrived + 1800 * i),
                                            "check_by": "Custody HCP"} for i in range(1, 4)],
                           hourly_reviews=[{"review_at": iso(arrived + 3600 * i),
                                            "conditions_still_met": "yes"} for i in range(1, 3)])
        if rng.random() < 0.04:
            answers.update(extension_granted="yes", extension_hours=rng.randint(2, 12),
                           extension_reason=EXTENSION_REASON.pick(rng),
                           extension_doctor=f"Dr {self.surnames.pick(rng)}")
        else:
            answers["extension_granted"] = "no"

        handover = arrived + self._minutes(5, 240, 40)  # RCRP's target is within the hour
        doctor = arrived + self._minutes(30, 600, 150)
        amhp = arrived + self._minutes(60, 720, 240)
        closed = max(handover, doctor, amhp) + self._minutes(10, 90, 30)
        signed = closed + self._minutes(5, 120, 20)
        status = ContactStatus.SIGNED.value
        for key, moment in (("handover_at", handover), ("doctor_arrived_at", doctor),
                            ("amhp_arrived_at", amhp)):
            if moment <= ctx.anchor:
                answers[key] = iso(moment)
        if signed <= ctx.anchor:
            answers["detention_outcome"] = OUTCOME.pick(rng)
        else:  # still detained at the anchor: the monitor is open
            status = ContactStatus.DRAFT.value
        is_signed = status == ContactStatus.SIGNED.value
        return {
            "id": ctx.new_id(detained, self.rng), "origin_site": ctx.site_id, "form_id": S136_FORM_ID,
            "form_version": S136_FORM_VERSION, "status": status, "person_id": contact["person_id"],
            "incident_ref": answers["incident_ref"], "answers": answers,
            "call_received_at": contact["call_received_at"], "mhp_involved_at": at(detained),
            "advice_given_at": None, "closed_at": at(closed) if is_signed else None,
            "triage_code": None, "outcome_code": None, "rcrp_decision": None, "contact_mode": None,
            "requester_type": None, "location_type": contact["location_type"],
            "team": contact["team"], "desk": contact["desk"], "created_by": contact["created_by"],
            "created_at": at(detained), "updated_at": at(signed if is_signed else min(arrived, ctx.anchor)),
            "signed_by": contact["created_by"] if is_signed else None,
            "signed_at": at(signed) if is_signed else None, "content_hash": None,
        }
