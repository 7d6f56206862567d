"""Vocabulary and frequencies behind the synthetic demo data (see services/demo_data.py).

Plain tables only: where the weights come from is said beside each one.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

FORM_ID = "triage-contact"
FORM_VERSION = "1"
YEARS_OF_HISTORY = 5
DRAFT_WINDOW_DAYS = 3
CHUNK = 5000

# --- Vocabulary -------------------------------------------------------------------------------

# Formal given name -> the nicknames people give to police or that appear on old records.
NICKNAMES_MALE: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy", "Liam"),
    "Robert": ("Bob", "Rob", "Bobby", "Robbie"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Michael": ("Mick", "Mike", "Micky"),
    "Anthony": ("Tony", "Ant"),
    "David": ("Dave", "Davey"),
    "Stephen": ("Steve", "Stevie"),
    "Steven": ("Steve", "Stevie"),
    "Richard": ("Rich", "Rick", "Richie"),
    "Thomas": ("Tom", "Tommy"),
    "Christopher": ("Chris", "Kit"),
    "Matthew": ("Matt",),
    "Daniel": ("Dan", "Danny"),
    "Joseph": ("Joe", "Joey"),
    "Edward": ("Ed", "Eddie", "Ted"),
    "Alexander": ("Alex", "Sandy"),
    "Andrew": ("Andy", "Drew"),
    "Benjamin": ("Ben",),
    "Samuel": ("Sam", "Sammy"),
    "Nicholas": ("Nick", "Nicky"),
    "Jonathan": ("Jon", "Jonny"),
    "Patrick": ("Pat", "Paddy"),
    "Peter": ("Pete",),
    "Charles": ("Charlie", "Chas"),
    "Henry": ("Harry", "Hal"),
    "Frederick": ("Fred", "Freddie"),
    "Kenneth": ("Ken", "Kenny"),
    "Ronald": ("Ron", "Ronnie"),
    "Gerald": ("Gerry",),
    "Joshua": ("Josh",),
}
NICKNAMES_FEMALE: dict[str, tuple[str, ...]] = {
    "Catherine": ("Kate", "Cathy", "Cath"),
    "Katherine": ("Kate", "Kathy", "Katie"),
    "Elizabeth": ("Liz", "Beth", "Lizzie", "Betty"),
    "Susan": ("Sue", "Suzy"),
    "Jennifer": ("Jenny", "Jen"),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Rebecca": ("Becky", "Becca"),
    "Victoria": ("Vicky", "Tori"),
    "Samantha": ("Sam", "Sammy"),
    "Deborah": ("Debbie", "Debs"),
    "Patricia": ("Pat", "Trish"),
    "Alexandra": ("Alex", "Lexi"),
    "Jacqueline": ("Jackie",),
    "Christine": ("Chris", "Chrissie"),
    "Nicola": ("Nicky", "Nic"),
    "Amanda": ("Mandy",),
    "Josephine": ("Jo", "Josie"),
    "Abigail": ("Abbie", "Abby"),
    "Jessica": ("Jess", "Jessie"),
    "Eleanor": ("Ellie", "Nell"),
}

# Spellings that real records disagree on; a few families/persons carry one of these so lookup
# has Thompson-vs-Thomson and Zoë-vs-Zoe cases to find.
FAMILY_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Thompson", "Thomson"),
    ("Macdonald", "McDonald", "MacDonald"),
    ("Mackenzie", "McKenzie"),
    ("O'Brien", "OBrien", "O Brien"),
    ("O'Neill", "O'Neil"),
    ("O'Connor", "OConnor"),
    ("Smith-Jones", "Smith Jones"),
    ("Phillips", "Philips"),
    ("Davies", "Davis"),
    ("Reid", "Reed", "Read"),
    ("Gray", "Grey"),
    ("Stephenson", "Stevenson"),
    ("Matthews", "Mathews"),
    ("Clarke", "Clark"),
    ("Browne", "Brown"),
    ("Mohammed", "Muhammad", "Mohammad", "Mohamed"),
    ("Ahmed", "Ahmad"),
    ("Hussain", "Hussein"),
    ("Nicholson", "Nicolson"),
    ("Jeffries", "Jefferies", "Jeffreys"),
    ("Nowak", "Novak"),
    ("Ní Bhriain", "Ni Bhriain"),
)
GIVEN_VARIANTS_FEMALE: tuple[tuple[str, ...], ...] = (
    ("Zoë", "Zoe"),
    ("Chloé", "Chloe"),
    ("Siân", "Sian", "Shan"),
    ("Niamh", "Neve"),
    ("Katherine", "Catherine", "Kathryn"),
    ("Isobel", "Isabel", "Isabelle"),
    ("Leanne", "Lianne"),
    ("Hayley", "Haley", "Hailey"),
    ("Renée", "Renee"),
)
GIVEN_VARIANTS_MALE: tuple[tuple[str, ...], ...] = (
    ("Seán", "Sean", "Shaun", "Shawn"),
    ("Stephen", "Steven"),
    ("Jon", "John"),
    ("Rhys", "Reece", "Reese"),
    ("Mohammed", "Muhammad", "Mohammad"),
    ("Philip", "Phillip"),
    ("Geoffrey", "Jeffrey"),
    ("Zak", "Zac", "Zach"),
    ("José", "Jose"),
)


@dataclass(frozen=True)
class Force:
    prefix: str
    postcode_areas: tuple[str, ...]
    area_codes: tuple[str, ...]  # landline codes; the local number makes 11 digits in all


FORCES: tuple[Force, ...] = (
    Force("WYP", ("LS", "BD", "HX", "HD", "WF"), ("0113", "01274", "01422", "01484", "01924")),
    Force("GMP", ("M", "BL", "OL", "SK", "WN"), ("0161", "01204", "01706", "01942")),
    Force("SYP", ("S", "DN"), ("0114", "01302", "01709", "01226")),
    Force("LAN", ("PR", "BB", "FY", "LA"), ("01772", "01254", "01253", "01524")),
    Force("ASP", ("BS", "BA", "TA"), ("0117", "01225", "01823")),
    Force("NYP", ("YO", "HG", "DL"), ("01904", "01423", "01723")),
)
TRANSPORT_FORCE = "BTP"  # British Transport Police log rail incidents under their own prefix

STREET_TYPES = (
    "Road", "Street", "Lane", "Avenue", "Close", "Drive", "Crescent", "Way", "Grove", "Gardens",
    "Court", "Place", "Terrace", "Walk", "Rise", "View", "Mews", "Hill", "Park", "Row", "Green",
)
TOWN_ENDINGS = ("ton", "ley", "bury", "ford", "field", "ham", "worth", "by", "thorpe", "wick", "bridge")
TOWN_PREFIXES = ("Upper ", "Lower ", "Great ", "Little ", "North ", "South ", "East ", "West ")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters a UK postcode's inward code may use
MOBILE_PREFIXES = ("071", "072", "073", "074", "075", "077", "078", "079")


class Weighted:
    """A fixed weighted choice, precomputed so each draw is one ``random()`` and a bisect."""

    def __init__(self, table: Sequence[tuple[Any, float]]) -> None:
        self.values = [v for v, _ in table]
        self.cum = list(accumulate(w for _, w in table))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect(self.cum, rng.random() * self.total)]


ETHNICITY = Weighted([  # NHS ethnic category codes, roughly England's 2021 census mix
    ("A", 73.5), ("B", 0.9), ("C", 6.3), ("D", 0.8), ("E", 0.4), ("F", 0.6), ("G", 0.8),
    ("H", 3.1), ("J", 2.7), ("K", 1.1), ("L", 1.6), ("M", 1.1), ("N", 2.5), ("P", 0.5),
    ("R", 0.8), ("S", 1.6), ("Z", 3.0),
])
AGE_BAND = Weighted([((12, 17), 8), ((18, 45), 62), ((46, 64), 22), ((65, 95), 8)])
# Calls about mental health peak from late afternoon into the small hours (UTC, near enough).
HOUR = Weighted([
    (0, 5.5), (1, 5), (2, 4), (3, 3), (4, 2), (5, 1.5), (6, 1.5), (7, 2), (8, 3), (9, 3.5), (10, 4),
    (11, 4), (12, 4), (13, 4.5), (14, 4.5), (15, 5), (16, 5.5), (17, 6), (18, 6.5), (19, 6.5),
    (20, 6.5), (21, 6.5), (22, 6), (23, 6),
])
TRIAGE = Weighted([("A", 3), ("B", 8), ("C", 18), ("D", 20), ("E", 17), ("F", 10), ("G", 24)])
# NHS Data Dictionary MH drop-in outcomes 01-06/98, extended as in reference/domain.md F1 §12.
OUTCOME_BY_TRIAGE = {
    "A": Weighted([("06", 50), ("s136_detention", 25), ("05", 15), ("crisis_team_f2f", 10)]),
    "B": Weighted([("05", 30), ("crisis_team_f2f", 30), ("06", 15), ("s136_detention", 10), ("04", 15)]),
    "C": Weighted([("05", 20), ("crisis_team_f2f", 20), ("04", 25), ("cmht_follow_up", 25),
                   ("nhs111_mh_option", 10)]),
    "D": Weighted([("04", 30), ("cmht_follow_up", 30), ("03", 15), ("nhs111_mh_option", 20), ("02", 5)]),
    "E": Weighted([("04", 20), ("cmht_follow_up", 25), ("03", 25), ("nhs111_mh_option", 20), ("02", 10)]),
    "F": Weighted([("03", 35), ("02", 35), ("nhs111_mh_option", 15), ("04", 15)]),
    "G": Weighted([("02", 40), ("no_further_action", 35), ("01", 8), ("98", 10), ("03", 7)]),
}
_RCRP_LOW = Weighted([
    ("threshold_not_met", 88), ("threshold_met_crime", 8), ("threshold_met_serious_harm", 4),
])
RCRP_BY_TRIAGE = {
    "A": Weighted([("threshold_met_risk_to_life", 70), ("threshold_met_serious_harm", 20),
                   ("threshold_met_crime", 10)]),
    "B": Weighted([("threshold_met_risk_to_life", 30), ("threshold_met_serious_harm", 25),
                   ("threshold_met_crime", 10), ("threshold_not_met", 35)]),
    "C": Weighted([("threshold_not_met", 78), ("threshold_met_serious_harm", 10),
                   ("threshold_met_crime", 7), ("threshold_met_risk_to_life", 5)]),
    "D": _RCRP_LOW, "E": _RCRP_LOW, "F": _RCRP_LOW, "G": _RCRP_LOW,
}
MODE_BY_TEAM = {
    "Control room": Weighted([("advice_to_police_only", 45), ("phone_with_person", 25),
                              ("records_check_only", 22), ("video", 4), ("joint_face_to_face", 4)]),
    "Street triage": Weighted([("joint_face_to_face", 60), ("phone_with_person", 20),
                               ("advice_to_police_only", 12), ("video", 3), ("records_check_only", 5)]),
}
REQUESTER = Weighted([
    ("call_handler", 25), ("controller", 15), ("officer_on_scene", 30), ("supervisor", 5),
    ("ambulance_crew", 5), ("nhs_ward_or_ed", 5), ("amhp", 2), ("gp", 2), ("social_care", 3),
    ("school", 1), ("public", 5), ("self", 2),
])
LOCATION = Weighted([
    ("public_place", 22), ("transport", 8), ("private_dwelling_own", 35), ("private_dwelling_other", 8),
    ("communal_residential", 4), ("health_setting_ed", 6), ("health_setting_mh_ward", 3),
    ("care_home", 3), ("school", 1), ("police_custody", 5), ("workplace", 1), ("other", 4),
])
CONCERN = Weighted([
    ("suicidal_thoughts", 25), ("self_harm_or_overdose", 15), ("psychotic_symptoms", 10), ("mania", 3),
    ("severe_distress", 15), ("confusion_delirium_dementia", 4), ("aggression_threats", 6),
    ("self_neglect", 3), ("intoxication_withdrawal", 8), ("welfare_concern", 12),
    ("missing_absconded_awol", 5), ("domestic_abuse_disclosure", 3), ("other", 3),
])
WARNING_CATEGORY = Weighted([
    ("weapons", 10), ("violence", 20), ("self_harm", 25), ("safeguarding", 15), ("drugs", 12),
    ("absconding", 8), ("vulnerable", 10),
])
WARNING_DETAIL = {
    "weapons": ("Has carried a bladed article when unwell", "Reported to keep a weapon at home",
                "Previous incident involving a weapon"),
    "violence": ("Assaulted an emergency worker in the past", "Can become aggressive when intoxicated",
                 "Threats made to neighbours"),
    "self_harm": ("History of ligature attempts", "Previous overdose", "Has been found at height before",
                  "History of self-harm by cutting"),
    "safeguarding": ("Children in household; social care involved", "Adult at risk; exploitation concerns",
                     "Subject of a MARAC referral"),
    "drugs": ("Injects drugs; needle risk", "Heavy alcohol use", "Cuckooing concerns at address"),
    "absconding": ("Has left the ward without leave before", "Left ED before assessment twice",
                   "History of going missing"),
    "vulnerable": ("Learning disability; use short, clear sentences", "Autistic; avoid touch and sirens",
                   "Deaf; uses BSL, book an interpreter"),
}
WHAT_HELPS = (
    "Speak calmly and give time to answer", "Offer a quiet space away from crowds", "Use first name",
    "Talking about football", "Talking about the dog", "A cup of tea and time to settle",
    "Music through headphones", "Short, clear sentences", "Sister can usually calm things",
    "Explain each step before doing it", "Sitting down rather than standing over",
)
TRIGGERS = (
    "Anniversary of a bereavement", "Being touched without warning", "Several uniformed officers at once",
    "Alcohol", "Benefit letters and money worries", "Contact from ex-partner", "Raised voices",
    "Being told to wait without a reason", "Loss of tenancy", "Court dates",
)
WHO_TO_CONTACT = (
    "Care coordinator via CMHT duty line (office hours)", "Crisis team out of hours",
    "Sister (details in care record)", "Supported accommodation staff", "Ward nurse in charge",
    "GP practice", "AMHP hub", "Community learning disability team",
)
