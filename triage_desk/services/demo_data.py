"""Synthetic English demo data: persons, aliases, warnings, response plans, users and contacts.

Used for demos, training and benchmarks (``triage-desk demo-data``). :class:`DemoDataGenerator`
builds plain row dicts keyed by the column names of ``storage/models.py`` and knows nothing about
SQL; :func:`generate_demo_data` checks the database, marks it as demo data and streams the rows
into it through ``storage/bulk.py``. No outbox rows are written: demo data must never reach a hub.

Determinism: one ``random.Random(seed)`` drives everything, and Faker's name data is sampled with
that same generator, so the same seed, counts and anchor time give identical rows. Ids are
UUIDv7-*shaped* (48-bit millisecond timestamp taken from the row's own ``created_at``, version 7,
RFC 4122 variant) but their random bits come from the seeded generator; ``uuid6.uuid7()`` reads
the real clock and OS randomness, so it cannot be used here. The anchor ("now") is the current
time floored to the hour, so two runs within the same hour match; pass ``now=`` to pin it.
``origin_site`` is the install's own site id, so it differs between databases by design.

Choices worth knowing:
- NHS numbers come from the 999 000 0000-999 999 9999 range kept for test data and never issued
  to a patient, so demo data can never carry a real patient's NHS number. The range holds about
  909,000 valid numbers; beyond that, persons are left without one.
- Phone numbers are random numbers in UK formats (mobiles 07xxx, landlines with the force's area
  codes). Ofcom's drama ranges, which Faker en_GB uses, hold only 1,000 mobile numbers: at 100,000
  persons dozens would share each number and phone lookup would be meaningless.
- Names come from Faker en_GB's weighted name lists. Faker en_GB's street suffixes and towns are
  American ("Stravenue", "Lake Gerald"), so streets and towns are built from Faker surnames with
  British street types and town endings; postcodes use the chosen force's real postcode areas
  in valid UK format, one outward code per town.
- Contacts span the five years before the anchor. A heavy-tailed (Pareto) share gives most persons
  1-3 contacts and a few frequent-contact persons dozens, clustered in an episode. Drafts exist
  only among contacts received in the last three days (an unsigned draft older than that would
  itself be a data-quality problem), so they are well under 2% of a five-year data set.
- ``content_hash`` and ``guidance`` are left empty (SQL NULL; ``guidance`` is omitted from the rows
  because a JSON column would store Python None as the JSON text ``null``): the signing and
  guidance modules own them.
"""

from __future__ import annotations

import random
import time
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

from faker import Faker

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import ValidationError
from triage_desk.domain.nhs_number import check_digit
from triage_desk.domain.roles import ContactStatus, Role
from triage_desk.lookup.keys import name_key, phone_key, phonetic_key, postcode_key
from triage_desk.storage import bulk
from triage_desk.storage.database import Database

Row = dict[str, Any]
ProgressFn = Callable[[str, int, int], None]

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
    "Road",
    "Street",
    "Lane",
    "Avenue",
    "Close",
    "Drive",
    "Crescent",
    "Way",
    "Grove",
    "Gardens",
    "Court",
    "Place",
    "Terrace",
    "Walk",
    "Rise",
    "View",
    "Mews",
    "Hill",
    "Park",
    "Row",
    "Green",
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


ETHNICITY = Weighted(
    [  # NHS ethnic category codes, roughly England's 2021 census mix
        ("A", 73.5),
        ("B", 0.9),
        ("C", 6.3),
        ("D", 0.8),
        ("E", 0.4),
        ("F", 0.6),
        ("G", 0.8),
        ("H", 3.1),
        ("J", 2.7),
        ("K", 1.1),
        ("L", 1.6),
        ("M", 1.1),
        ("N", 2.5),
        ("P", 0.5),
        ("R", 0.8),
        ("S", 1.6),
        ("Z", 3.0),
    ]
)
AGE_BAND = Weighted([((12, 17), 8), ((18, 45), 62), ((46, 64), 22), ((65, 95), 8)])
# Calls about mental health peak from late afternoon into the small hours (UTC, near enough).
HOUR = Weighted(
    [
        (0, 5.5),
        (1, 5),
        (2, 4),
        (3, 3),
        (4, 2),
        (5, 1.5),
        (6, 1.5),
        (7, 2),
        (8, 3),
        (9, 3.5),
        (10, 4),
        (11, 4),
        (12, 4),
        (13, 4.5),
        (14, 4.5),
        (15, 5),
        (16, 5.5),
        (17, 6),
        (18, 6.5),
        (19, 6.5),
        (20, 6.5),
        (21, 6.5),
        (22, 6),
        (23, 6),
    ]
)
TRIAGE = Weighted([("A", 3), ("B", 8), ("C", 18), ("D", 20), ("E", 17), ("F", 10), ("G", 24)])
# NHS Data Dictionary MH drop-in outcomes 01-06/98, extended as in reference/domain.md F1 §12.
OUTCOME_BY_TRIAGE = {
    "A": Weighted([("06", 50), ("s136_detention", 25), ("05", 15), ("crisis_team_f2f", 10)]),
    "B": Weighted([("05", 30), ("crisis_team_f2f", 30), ("06", 15), ("s136_detention", 10), ("04", 15)]),
    "C": Weighted(
        [("05", 20), ("crisis_team_f2f", 20), ("04", 25), ("cmht_follow_up", 25), ("nhs111_mh_option", 10)]
    ),
    "D": Weighted([("04", 30), ("cmht_follow_up", 30), ("03", 15), ("nhs111_mh_option", 20), ("02", 5)]),
    "E": Weighted([("04", 20), ("cmht_follow_up", 25), ("03", 25), ("nhs111_mh_option", 20), ("02", 10)]),
    "F": Weighted([("03", 35), ("02", 35), ("nhs111_mh_option", 15), ("04", 15)]),
    "G": Weighted([("02", 40), ("no_further_action", 35), ("01", 8), ("98", 10), ("03", 7)]),
}
_RCRP_LOW = Weighted(
    [
        ("threshold_not_met", 88),
        ("threshold_met_crime", 8),
        ("threshold_met_serious_harm", 4),
    ]
)
RCRP_BY_TRIAGE = {
    "A": Weighted(
        [("threshold_met_risk_to_life", 70), ("threshold_met_serious_harm", 20), ("threshold_met_crime", 10)]
    ),
    "B": Weighted(
        [
            ("threshold_met_risk_to_life", 30),
            ("threshold_met_serious_harm", 25),
            ("threshold_met_crime", 10),
            ("threshold_not_met", 35),
        ]
    ),
    "C": Weighted(
        [
            ("threshold_not_met", 78),
            ("threshold_met_serious_harm", 10),
            ("threshold_met_crime", 7),
            ("threshold_met_risk_to_life", 5),
        ]
    ),
    "D": _RCRP_LOW,
    "E": _RCRP_LOW,
    "F": _RCRP_LOW,
    "G": _RCRP_LOW,
}
MODE_BY_TEAM = {
    "Control room": Weighted(
        [
            ("advice_to_police_only", 45),
            ("phone_with_person", 25),
            ("records_check_only", 22),
            ("video", 4),
            ("joint_face_to_face", 4),
        ]
    ),
    "Street triage": Weighted(
        [
            ("joint_face_to_face", 60),
            ("phone_with_person", 20),
            ("advice_to_police_only", 12),
            ("video", 3),
            ("records_check_only", 5),
        ]
    ),
}
REQUESTER = Weighted(
    [
        ("call_handler", 25),
        ("controller", 15),
        ("officer_on_scene", 30),
        ("supervisor", 5),
        ("ambulance_crew", 5),
        ("nhs_ward_or_ed", 5),
        ("amhp", 2),
        ("gp", 2),
        ("social_care", 3),
        ("school", 1),
        ("public", 5),
        ("self", 2),
    ]
)
LOCATION = Weighted(
    [
        ("public_place", 22),
        ("transport", 8),
        ("private_dwelling_own", 35),
        ("private_dwelling_other", 8),
        ("communal_residential", 4),
        ("health_setting_ed", 6),
        ("health_setting_mh_ward", 3),
        ("care_home", 3),
        ("school", 1),
        ("police_custody", 5),
        ("workplace", 1),
        ("other", 4),
    ]
)
CONCERN = Weighted(
    [
        ("suicidal_thoughts", 25),
        ("self_harm_or_overdose", 15),
        ("psychotic_symptoms", 10),
        ("mania", 3),
        ("severe_distress", 15),
        ("confusion_delirium_dementia", 4),
        ("aggression_threats", 6),
        ("self_neglect", 3),
        ("intoxication_withdrawal", 8),
        ("welfare_concern", 12),
        ("missing_absconded_awol", 5),
        ("domestic_abuse_disclosure", 3),
        ("other", 3),
    ]
)
WARNING_CATEGORY = Weighted(
    [
        ("weapons", 10),
        ("violence", 20),
        ("self_harm", 25),
        ("safeguarding", 15),
        ("drugs", 12),
        ("absconding", 8),
        ("vulnerable", 10),
    ]
)
WARNING_DETAIL = {
    "weapons": (
        "Has carried a bladed article when unwell",
        "Reported to keep a weapon at home",
        "Previous incident involving a weapon",
    ),
    "violence": (
        "Assaulted an emergency worker in the past",
        "Can become aggressive when intoxicated",
        "Threats made to neighbours",
    ),
    "self_harm": (
        "History of ligature attempts",
        "Previous overdose",
        "Has been found at height before",
        "History of self-harm by cutting",
    ),
    "safeguarding": (
        "Children in household; social care involved",
        "Adult at risk; exploitation concerns",
        "Subject of a MARAC referral",
    ),
    "drugs": ("Injects drugs; needle risk", "Heavy alcohol use", "Cuckooing concerns at address"),
    "absconding": (
        "Has left the ward without leave before",
        "Left ED before assessment twice",
        "History of going missing",
    ),
    "vulnerable": (
        "Learning disability; use short, clear sentences",
        "Autistic; avoid touch and sirens",
        "Deaf; uses BSL, book an interpreter",
    ),
}
WHAT_HELPS = (
    "Speak calmly and give time to answer",
    "Offer a quiet space away from crowds",
    "Use first name",
    "Talking about football",
    "Talking about the dog",
    "A cup of tea and time to settle",
    "Music through headphones",
    "Short, clear sentences",
    "Sister can usually calm things",
    "Explain each step before doing it",
    "Sitting down rather than standing over",
)
TRIGGERS = (
    "Anniversary of a bereavement",
    "Being touched without warning",
    "Several uniformed officers at once",
    "Alcohol",
    "Benefit letters and money worries",
    "Contact from ex-partner",
    "Raised voices",
    "Being told to wait without a reason",
    "Loss of tenancy",
    "Court dates",
)
WHO_TO_CONTACT = (
    "Care coordinator via CMHT duty line (office hours)",
    "Crisis team out of hours",
    "Sister (details in care record)",
    "Supported accommodation staff",
    "Ward nurse in charge",
    "GP practice",
    "AMHP hub",
    "Community learning disability team",
)


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    users: int
    persons: int
    aliases: int
    safety_warnings: int
    response_plans: int
    contacts: int
    seconds: float
    cancelled: bool = False


@dataclass(frozen=True)
class _DemoUser:
    id: str
    role: str
    team: str


@dataclass
class PersonBatch:
    persons: list[Row]
    aliases: list[Row]
    safety_warnings: list[Row]
    response_plans: list[Row]


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class DemoDataGenerator:
    """Deterministic row builder. Call :meth:`users`, then :meth:`person_batches`, then
    :meth:`contact_batches`, in that order and each once: they share one random stream."""

    def __init__(
        self,
        *,
        persons: int,
        contacts: int,
        seed: int,
        now: datetime,
        site_id: str,
        taken_nhs_numbers: frozenset[str] = frozenset(),
        taken_usernames: frozenset[str] = frozenset(),
    ) -> None:
        if persons < 0 or contacts < 0:
            raise ValidationError("Demo data needs zero or more persons and contacts.")
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        self.n_persons = persons
        self.n_contacts = contacts
        self.site_id = site_id
        self.rng = random.Random(seed)
        self.faker = Faker("en_GB")
        self.faker.seed_instance(seed)
        self.anchor = int(now.timestamp())
        self.anchor_date = now.astimezone(UTC).date()
        self.start = self.anchor - int(YEARS_OF_HISTORY * 365.25 * 86400)
        # Leave room for the longest involvement/advice/close/sign delays so nothing is in the future.
        self.receipt_end = self.anchor - 6 * 3600
        self.taken_nhs = taken_nhs_numbers
        self.taken_usernames = taken_usernames
        self.force = self.rng.choice(FORCES)
        self._keys: dict[str, tuple[str, str]] = {}
        self._users: list[_DemoUser] = []
        self._person_ids: list[str] = []
        self._contact_keys: list[int] | None = None
        # Coprime with 10**6 (odd, not a multiple of 5), so i -> step*i + offset visits every prefix once.
        self._nhs_step = self.rng.randrange(100_001, 999_999, 10) + self.rng.choice((0, 2, 6, 8))
        self._nhs_offset = self.rng.randrange(1_000_000)
        self._nhs_state = self._nhs_sequence()
        self._build_vocabulary()

    # --- identifiers ---------------------------------------------------------------------------

    def _id(self, at_seconds: int) -> str:
        """UUIDv7 layout (ms timestamp, version 7, variant 10) with seeded random bits."""
        bits = self.rng.getrandbits(84)
        ms = at_seconds * 1000 + (bits >> 74) % 1000  # spread within the second, still seeded
        rand = bits & ((1 << 74) - 1)
        value = (
            (ms & 0xFFFF_FFFF_FFFF) << 80
            | 0x7 << 76
            | (rand >> 62) << 64
            | 0b10 << 62
            | (rand & 0x3FFF_FFFF_FFFF_FFFF)
        )
        h = f"{value:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def _nhs_sequence(self) -> Iterator[str | None]:
        """Each valid NHS number of the 999 test range once, in a seeded order (an affine
        permutation of the million nine-digit prefixes), skipping numbers already in the database."""
        size = 1_000_000
        step, offset = self._nhs_step, self._nhs_offset
        for i in range(size):
            first_nine = str(999_000_000 + (step * i + offset) % size)
            check = check_digit(first_nine)
            if check is None:
                continue
            number = f"{first_nine}{check}"
            if number not in self.taken_nhs:
                yield number
        while True:
            yield None

    # --- vocabulary built from Faker ------------------------------------------------------------

    def _build_vocabulary(self) -> None:
        people = self.faker.provider("faker.providers.person")
        assert people is not None
        self.first_male: tuple[str, ...] = tuple(people.first_names_male)
        self.first_female: tuple[str, ...] = tuple(people.first_names_female)
        last_names = people.last_names
        self.last = Weighted(
            list(last_names.items()) if hasattr(last_names, "items") else [(name, 1.0) for name in last_names]
        )
        self.formal_male = tuple(NICKNAMES_MALE)
        self.formal_female = tuple(NICKNAMES_FEMALE)

        # Towns: a force area has a few big towns and many small ones (Zipf weights); each town
        # owns one or more outward postcodes so postcode and town agree within an address.
        rng = self.rng
        n_towns = rng.randint(14, 22)
        used_towns: set[str] = set()
        used_outward: set[str] = set()
        towns: list[tuple[tuple[str, tuple[str, ...]], float]] = []
        for rank in range(1, n_towns + 1):
            name = self._town_name(used_towns)
            outward = []
            for _ in range(max(1, 6 // rank)):
                area = rng.choice(self.force.postcode_areas)
                code = f"{area}{rng.randint(1, 40)}"
                if code not in used_outward:
                    used_outward.add(code)
                    outward.append(code)
            if outward:
                towns.append(((name, tuple(outward)), 1.0 / rank))
        self.towns = Weighted(towns)
        n_streets = max(60, min(6000, self.n_persons // 15))
        self.streets = [
            f"{self.faker.last_name() if rng.random() < 0.8 else self.faker.first_name()} "
            f"{rng.choice(STREET_TYPES)}"
            for _ in range(n_streets)
        ]

    def _town_name(self, used: set[str]) -> str:
        while True:
            stem = self.faker.last_name().replace("'", "").replace("-", "").replace(" ", "")
            stem = stem.rstrip("s") if len(stem) > 4 else stem
            name = stem + self.rng.choice(TOWN_ENDINGS)
            if self.rng.random() < 0.15:
                name = self.rng.choice(TOWN_PREFIXES) + name
            if name not in used:
                used.add(name)
                return name

    def _name_keys(self, name: str) -> tuple[str, str]:
        keys = self._keys.get(name)
        if keys is None:
            keys = self._keys[name] = (name_key(name), phonetic_key(name))
        return keys

    # --- users ---------------------------------------------------------------------------------

    def users(self) -> list[Row]:
        """Demo clinicians and supervisors who author the records; they cannot sign in."""
        created = self.start - 30 * 86400
        plan = [(Role.CLINICIAN, "Control room")] * 6 + [(Role.CLINICIAN, "Street triage")] * 3
        plan += [(Role.SUPERVISOR, "Control room")] * 2
        rows = []
        taken = set(self.taken_usernames)
        for role, team in plan:
            female = self.rng.random() < 0.7
            given = self.rng.choice(self.first_female if female else self.first_male)
            family = self.last.pick(self.rng)
            base = "demo." + name_key(given) + "." + name_key(family)
            username, n = base, 1
            while username in taken:
                n += 1
                username = f"{base}{n}"
            taken.add(username)
            user_id = self._id(created)
            self._users.append(_DemoUser(user_id, role.value, team))
            stamp = _at(created)
            rows.append(
                {
                    "id": user_id,
                    "version": 1,
                    "origin_site": self.site_id,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "deleted": False,
                    "username": username,
                    "display_name": f"{given} {family}",
                    "role": role.value,
                    "password_hash": None,
                    "active": True,
                    "failed_attempts": 0,
                    "locked_until": None,
                }
            )
        return rows

    @property
    def first_user_id(self) -> str:
        return self._users[0].id

    # --- schedule: who has how many contacts, and when -------------------------------------------

    def _contact_counts(self, linked: int) -> list[int]:
        """Most persons 1-3 contacts, a minority many: Pareto weights share out what is left."""
        n, rng = self.n_persons, self.rng
        if n == 0:
            return []
        if linked < n:
            counts = [0] * n
            for i in rng.sample(range(n), linked):
                counts[i] = 1
            return counts
        extra = linked - n
        weights = [min(rng.paretovariate(1.2) - 1.0, 200.0) for _ in range(n)]
        total = sum(weights) or 1.0
        ideal = [extra * w / total for w in weights]
        counts = [1 + int(x) for x in ideal]
        remainder = linked - sum(counts)
        by_fraction = sorted(range(n), key=lambda i: (int(ideal[i]) - ideal[i], i))
        for i in by_fraction[:remainder]:
            counts[i] += 1
        return counts

    def _on_call_curve(self, moment: float) -> int:
        """The same day as ``moment``, at an hour drawn from the call-volume curve."""
        day = int(moment // 86400) * 86400
        at = day + HOUR.pick(self.rng) * 3600 + int(self.rng.random() * 3600)
        if self.start <= at <= self.receipt_end:
            return at
        return int(moment)  # first or last day, hour outside the window: keep the moment itself

    def _reflect(self, moment: float) -> float:
        """Fold a moment back into the history window; folding keeps the overall spread uniform,
        where clipping or placing whole episodes inside the window would thin out both ends."""
        width = self.receipt_end - self.start
        offset = (moment - self.start) % (2 * width)
        return self.start + (offset if offset <= width else 2 * width - offset)

    def _schedule(self) -> tuple[list[int], list[int], list[int]]:
        """Sorted contact keys (receipt time * K + person index; index n = not linked), each
        person's first contact time, and the order in which persons are created."""
        n, rng = self.n_persons, self.rng
        unlinked = self.n_contacts if n == 0 else round(self.n_contacts * 0.03)
        counts = self._contact_counts(self.n_contacts - unlinked)
        k = n + 1
        span = self.receipt_end - self.start
        keys: list[int] = []
        first = [0] * n
        for i, count in enumerate(counts):
            # Frequent contact comes in episodes of weeks to years around a centre; one-off
            # contacts fall anywhere in the five years.
            centre = self.start + rng.random() * span
            length = span * rng.uniform(0.03, 1.0) if count > 1 else 0.0
            times = [
                self._on_call_curve(self._reflect(centre + (rng.random() - 0.5) * length))
                for _ in range(max(count, 1))
            ]
            first[i] = min(times)
            keys.extend(t * k + i for t in times[:count])
        keys.extend(self._on_call_curve(self.start + rng.random() * span) * k + n for _ in range(unlinked))
        keys.sort()
        order = sorted(range(n), key=lambda i: (first[i], i))
        return keys, first, order

    # --- persons -------------------------------------------------------------------------------

    def person_batches(self, size: int = CHUNK) -> Iterator[PersonBatch]:
        """Persons in creation order (so UUIDv7 ids ascend), with their aliases, warnings, plans."""
        if not self._users:
            raise RuntimeError("call users() first")
        self._contact_keys, first, order = self._schedule()
        self._person_ids = [""] * self.n_persons
        batch = PersonBatch([], [], [], [])
        for i in order:
            created = first[i] + self.rng.randrange(120, 1800)
            self._person(i, created, batch)
            if len(batch.persons) >= size:
                yield batch
                batch = PersonBatch([], [], [], [])
        if batch.persons:
            yield batch

    def _given_name(self, female: bool) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.06:
            return rng.choice(rng.choice(GIVEN_VARIANTS_FEMALE if female else GIVEN_VARIANTS_MALE))
        if roll < 0.30:
            return rng.choice(self.formal_female if female else self.formal_male)
        return rng.choice(self.first_female if female else self.first_male)

    def _family_name(self) -> str:
        if self.rng.random() < 0.07:
            return self.rng.choice(self.rng.choice(FAMILY_VARIANTS))
        return self.last.pick(self.rng)

    def _birth(self) -> tuple[date | None, int | None]:
        rng = self.rng
        lo, hi = AGE_BAND.pick(rng)
        age_days = rng.randint(lo * 365 + 1, hi * 365 + 364)
        dob = self.anchor_date - timedelta(days=age_days)
        if rng.random() < 0.03:
            return None, dob.year + rng.randint(-2, 2)  # age estimated by the caller
        return dob, None

    def _address(self) -> tuple[str | None, str | None]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.02:
            return "No fixed abode", None
        if roll < 0.05:
            return None, None
        town, outward = self.towns.pick(rng)
        street = self.streets[rng.randrange(len(self.streets))]
        number = rng.randint(1, 180) if rng.random() < 0.9 else rng.randint(181, 400)
        flat = f"Flat {rng.randint(1, 24)}, " if rng.random() < 0.15 else ""
        inward = f"{rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        postcode = f"{rng.choice(outward)} {inward}"
        return f"{flat}{number} {street}, {town}", postcode

    def _phone(self) -> str | None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.20:
            return None
        if roll < 0.75:
            digits = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            style = rng.random()
            if style < 0.7:
                return f"{digits[:5]} {digits[5:]}"
            if style < 0.9:
                return digits
            return f"+44 {digits[1:5]} {digits[5:]}"
        code = rng.choice(self.force.area_codes)
        local_len = 11 - len(code)
        local = f"{rng.randint(2, 8)}{rng.randrange(10 ** (local_len - 1)):0{local_len - 1}d}"
        if local_len == 7:
            return f"{code} {local[:3]} {local[3:]}"
        return f"{code} {local}"

    def _synced(self, row_id: str, created: int) -> Row:
        stamp = _at(created)
        return {
            "id": row_id,
            "version": 1,
            "origin_site": self.site_id,
            "created_at": stamp,
            "updated_at": stamp,
            "deleted": False,
        }

    def _person(self, index: int, created: int, batch: PersonBatch) -> None:
        rng = self.rng
        roll = rng.random()
        sex = "female" if roll < 0.49 else "male" if roll < 0.995 else None
        female = sex == "female" or (sex is None and rng.random() < 0.5)
        given = self._given_name(female)
        family = self._family_name()
        dob, estimated_year = self._birth()
        address, postcode = self._address()
        phone = self._phone()
        nhs = next(self._nhs_state) if rng.random() >= 0.15 else None
        person_id = self._id(created)
        self._person_ids[index] = person_id
        given_norm, given_phon = self._name_keys(given)
        family_norm, family_phon = self._name_keys(family)
        row = self._synced(person_id, created)
        row.update(
            {
                "given_name": given,
                "family_name": family,
                "date_of_birth": dob,
                "estimated_birth_year": estimated_year,
                "sex": sex,
                "gender": None,
                "ethnicity": ETHNICITY.pick(rng),
                "address": address,
                "postcode": postcode,
                "phone": phone,
                "nhs_number": nhs,
                "external_ref": None,
                "merged_into_id": None,
                "given_norm": given_norm,
                "family_norm": family_norm,
                "given_phonetic": given_phon,
                "family_phonetic": family_phon,
                "postcode_norm": postcode_key(postcode) if postcode else "",
                "phone_norm": phone_key(phone) if phone else "",
            }
        )
        batch.persons.append(row)
        if rng.random() < 0.20:
            self._aliases(person_id, created, given, family, female, batch.aliases)
        if rng.random() < (0.08 if female else 0.02):
            self._alias(batch.aliases, person_id, created, "previous", given, self.last.pick(rng))
        if rng.random() < 0.08:
            for _ in range(1 if rng.random() < 0.7 else 2):
                batch.safety_warnings.append(self._warning(person_id, created))
        if rng.random() < 0.05:
            batch.response_plans.append(self._plan(person_id, created))

    def _aliases(
        self, person_id: str, created: int, given: str, family: str, female: bool, out: list[Row]
    ) -> None:
        rng = self.rng
        nicknames = (NICKNAMES_FEMALE if female else NICKNAMES_MALE).get(given)
        if nicknames:
            self._alias(out, person_id, created, "nickname", rng.choice(nicknames), family)
        else:
            # A different name given to police, sometimes with a different surname too.
            other = rng.choice(self.first_female if female else self.first_male)
            other_family = family if rng.random() < 0.7 else self.last.pick(rng)
            self._alias(out, person_id, created, "alias", other, other_family)
        if rng.random() < 0.15:
            self._alias(out, person_id, created, "alias", given, self.last.pick(rng))

    def _alias(
        self, out: list[Row], person_id: str, created: int, kind: str, given: str, family: str
    ) -> None:
        at = created + self.rng.randrange(0, 3600)
        given_norm, given_phon = self._name_keys(given)
        family_norm, family_phon = self._name_keys(family)
        row = self._synced(self._id(at), at)
        row.update(
            {
                "person_id": person_id,
                "kind": kind,
                "given_name": given,
                "family_name": family,
                "given_norm": given_norm,
                "family_norm": family_norm,
                "given_phonetic": given_phon,
                "family_phonetic": family_phon,
            }
        )
        out.append(row)

    def _later(self, created: int) -> int:
        """A moment between ``created`` and the anchor, favouring soon after."""
        room = max(self.anchor - created, 1)
        return created + int(room * self.rng.random() ** 3)

    def _warning(self, person_id: str, created: int) -> Row:
        rng = self.rng
        at = self._later(created)
        category = WARNING_CATEGORY.pick(rng)
        author = rng.choice(self._users)
        row = self._synced(self._id(at), at)
        row.update(
            {
                "person_id": person_id,
                "category": category,
                "detail": rng.choice(WARNING_DETAIL[category]),
                "review_date": self.anchor_date + timedelta(days=rng.randint(-60, 365)),
                "active": rng.random() < 0.92,
                "created_by": author.id,
            }
        )
        return row

    def _plan(self, person_id: str, created: int) -> Row:
        rng = self.rng
        at = self._later(created)
        author = rng.choice(self._users)
        approved_by: str | None = None
        approved_at: datetime | None = None
        if rng.random() < 0.5:
            approvers = [u for u in self._users if u.role == Role.SUPERVISOR and u.id != author.id]
            approved_by = rng.choice(approvers).id
            approved_at = _at(min(at + rng.randint(3600, 14 * 86400), self.anchor))
        town, _ = self.towns.pick(rng)
        coordinator = ""
        if rng.random() < 0.85:
            first = rng.choice(self.first_female if rng.random() < 0.7 else self.first_male)
            coordinator = f"{first} {self.last.pick(rng)}, {town} CMHT"
        row = self._synced(self._id(at), at)
        row.update(
            {
                "person_id": person_id,
                "what_helps": "; ".join(rng.sample(WHAT_HELPS, rng.randint(2, 3))),
                "triggers": "; ".join(rng.sample(TRIGGERS, rng.randint(1, 3))),
                "who_to_contact": "; ".join(rng.sample(WHO_TO_CONTACT, rng.randint(1, 2))),
                "care_coordinator": coordinator,
                "authored_by": author.id,
                "approved_by": approved_by,
                "approved_at": approved_at,
                "review_date": self.anchor_date + timedelta(days=rng.randint(30, 365)),
            }
        )
        if approved_at is not None:
            row["updated_at"] = approved_at
        return row

    # --- contacts ------------------------------------------------------------------------------

    def contact_batches(self, size: int = CHUNK) -> Iterator[list[Row]]:
        """Contacts in order of receipt; call after :meth:`person_batches` has been consumed."""
        if self.n_persons and not self._person_ids:
            raise RuntimeError("call person_batches() first")
        if self._contact_keys is None:
            self._contact_keys, _, _ = self._schedule()
        k = self.n_persons + 1
        clinicians = {
            team: [u for u in self._users if u.role == Role.CLINICIAN and u.team == team]
            for team in MODE_BY_TEAM
        }
        batch: list[Row] = []
        for key in self._contact_keys:
            received, index = divmod(key, k)
            person_id = self._person_ids[index] if index < self.n_persons else None
            batch.append(self._contact(received, person_id, clinicians))
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _minutes(self, lo: int, hi: int, mode: float) -> int:
        """Seconds for a delay of lo..hi minutes, skewed towards ``mode`` (most are quick)."""
        return int(self.rng.triangular(lo, hi, mode) * 60)

    def _contact(self, received: int, person_id: str | None, clinicians: dict[str, list[_DemoUser]]) -> Row:
        rng = self.rng
        team = "Street triage" if rng.random() < 0.25 else "Control room"
        author = rng.choice(clinicians[team])
        desk = f"Triage car {rng.randint(1, 2)}" if team == "Street triage" else f"Desk {rng.randint(1, 4)}"
        mode = MODE_BY_TEAM[team].pick(rng)
        code = TRIAGE.pick(rng)
        outcome = OUTCOME_BY_TRIAGE[code].pick(rng)
        rcrp = RCRP_BY_TRIAGE[code].pick(rng)
        requester = REQUESTER.pick(rng)
        location = LOCATION.pick(rng)

        involved = received + self._minutes(1, 40, 4)
        advice_t = involved + self._minutes(2, 60, 10)
        closed_t = advice_t + self._minutes(0, 45, 5)
        advice: int | None = advice_t
        closed: int | None = closed_t
        signed: int | None = closed_t + self._minutes(1, 180, 15)
        status = ContactStatus.SIGNED.value
        if received >= self.anchor - DRAFT_WINDOW_DAYS * 86400 and rng.random() < 0.5:
            status = ContactStatus.DRAFT.value
            signed = closed = None
            if rng.random() < 0.4:
                advice = None

        force = self.force.prefix
        if location == "transport" and rng.random() < 0.4:
            force = TRANSPORT_FORCE
        incident_ref = None
        if rng.random() < 0.95:
            seconds_of_day = received % 86400
            log = int(seconds_of_day / 86400 * 1400) + rng.randint(1, 60)
            incident_ref = f"{force}-{_at(received):%Y%m%d}-{log:04d}"

        concerns = sorted({CONCERN.pick(rng) for _ in range(rng.randint(1, 3))})
        created_at = _at(involved)
        signed_at = _at(signed) if signed is not None else None
        return {
            "id": self._id(involved),
            "origin_site": self.site_id,
            "form_id": FORM_ID,
            "form_version": FORM_VERSION,
            "status": status,
            "person_id": person_id,
            "incident_ref": incident_ref,
            "answers": {
                "contact_mode": mode,
                "requester_type": requester,
                "location_type": location,
                "triage_code": code,
                "outcome_code": outcome,
                "rcrp_decision": rcrp,
                "presenting_concerns": concerns,
            },
            "call_received_at": _at(received),
            "mhp_involved_at": created_at,
            "advice_given_at": _at(advice) if advice is not None else None,
            "closed_at": _at(closed) if closed is not None else None,
            "triage_code": code,
            "outcome_code": outcome,
            "rcrp_decision": rcrp,
            "contact_mode": mode,
            "requester_type": requester,
            "location_type": location,
            "team": team,
            "desk": desk,
            "created_by": author.id,
            "created_at": created_at,
            "updated_at": signed_at or _at(advice if advice is not None else involved),
            "signed_by": author.id if signed_at else None,
            "signed_at": signed_at,
            "content_hash": None,
        }


def anchor_now() -> datetime:
    """The current time floored to the hour: repeat runs within an hour give identical data."""
    return utc_now().replace(minute=0, second=0, microsecond=0)


def generate_demo_data(
    db: Database,
    *,
    persons: int,
    contacts: int,
    seed: int,
    progress: ProgressFn | None = None,
    cancelled: Callable[[], bool] | None = None,
    now: datetime | None = None,
) -> DemoSummary:
    """Fill ``db`` with synthetic records and mark it as a demo database.

    Refuses a database holding real (non-demo) persons or contacts. Rows are committed in chunks,
    so a cancelled or interrupted load leaves the chunks already written (the database is marked
    as demo data before the first one, so it can never pass for a real one).
    """
    began = time.perf_counter()
    report = progress or (lambda _stage, _done, _total: None)
    stop = cancelled or (lambda: False)

    existing = bulk.row_count(db.engine, "persons") + bulk.row_count(db.engine, "contacts")
    is_demo = db.is_demo
    if existing and not is_demo:
        raise ValidationError(
            f"This database already holds {existing:,} real persons and contacts; demo data is only "
            "added to an empty database or one that already holds demo data.",
            hint="Use --data-dir with a new folder for a demo copy.",
        )
    taken_nhs: frozenset[str] = frozenset()
    taken_usernames: frozenset[str] = frozenset()
    if is_demo:
        taken_nhs = frozenset(bulk.column_values(db.engine, "persons", "nhs_number"))
        taken_usernames = frozenset(bulk.column_values(db.engine, "users", "username"))

    gen = DemoDataGenerator(
        persons=persons,
        contacts=contacts,
        seed=seed,
        now=now or anchor_now(),
        site_id=db.site_id,
        taken_nhs_numbers=taken_nhs,
        taken_usernames=taken_usernames,
    )
    users = gen.users()
    if bulk.ids_exist(db.engine, "users", [gen.first_user_id]):
        raise ValidationError(
            f"Demo data for seed {seed} is already in this database.",
            hint="Choose a different --seed, or use --data-dir with a new folder.",
        )
    db.set_meta("demo_data", "1")

    counts = dict.fromkeys(("persons", "aliases", "safety_warnings", "response_plans", "contacts"), 0)

    def summary(was_cancelled: bool) -> DemoSummary:
        return DemoSummary(
            seed=seed,
            users=len(users),
            seconds=time.perf_counter() - began,
            cancelled=was_cancelled,
            **counts,
        )

    with bulk.bulk_loader(db.engine) as load:
        load.insert("users", users)
        report("persons", 0, persons)
        for batch in gen.person_batches():
            load.insert("persons", batch.persons)
            load.insert("person_aliases", batch.aliases)
            load.insert("safety_warnings", batch.safety_warnings)
            load.insert("response_plans", batch.response_plans)
            counts["persons"] += len(batch.persons)
            counts["aliases"] += len(batch.aliases)
            counts["safety_warnings"] += len(batch.safety_warnings)
            counts["response_plans"] += len(batch.response_plans)
            report("persons", counts["persons"], persons)
            if stop():
                return summary(True)
        report("contacts", 0, contacts)
        for rows in gen.contact_batches():
            load.insert("contacts", rows)
            counts["contacts"] += len(rows)
            report("contacts", counts["contacts"], contacts)
            if stop():
                return summary(True)
    return summary(False)
