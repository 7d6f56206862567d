"""Demo persons and the demo clinicians who author the records: names, dates of birth, addresses,
phones, NHS numbers, aliases, safety warnings and response plans (see services/demo_data.py).

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
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from triage_desk.domain.nhs_number import check_digit
from triage_desk.domain.roles import Role
from triage_desk.lookup.keys import name_key, phone_key, phonetic_key, postcode_key
from triage_desk.services.demo_base import DemoContext, DemoUser, Row, at
from triage_desk.services.demo_vocabulary import (
    AGE_BAND,
    CHUNK,
    ETHNICITY,
    FAMILY_VARIANTS,
    FORCES,
    GIVEN_VARIANTS_FEMALE,
    GIVEN_VARIANTS_MALE,
    INWARD_LETTERS,
    MOBILE_PREFIXES,
    NICKNAMES_FEMALE,
    NICKNAMES_MALE,
    STREET_TYPES,
    TOWN_ENDINGS,
    TOWN_PREFIXES,
    TRIGGERS,
    WARNING_CATEGORY,
    WARNING_DETAIL,
    WHAT_HELPS,
    WHO_TO_CONTACT,
    Weighted,
)


@dataclass
class PersonBatch:
    persons: list[Row]
    aliases: list[Row]
    safety_warnings: list[Row]
    response_plans: list[Row]


@dataclass(frozen=True)
class PersonProfile:
    """What a later form about the person repeats (the s136 monitor's age, sex and ethnicity)."""

    date_of_birth: date | None
    estimated_birth_year: int | None
    sex: str | None
    ethnicity: str  # NHS ethnic category letter


class DemoPeople:
    """Call :meth:`users` first, then :meth:`batches` once: they share the context's random stream."""

    def __init__(
        self,
        ctx: DemoContext,
        *,
        persons: int,
        taken_nhs_numbers: frozenset[str] = frozenset(),
        taken_usernames: frozenset[str] = frozenset(),
    ) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.n_persons = persons
        self.taken_nhs = taken_nhs_numbers
        self.taken_usernames = taken_usernames
        self.force = self.rng.choice(FORCES)
        self._keys: dict[str, tuple[str, str]] = {}
        self.authors: list[DemoUser] = []
        self.person_ids: list[str] = []
        self.profiles: list[PersonProfile | None] = []
        # Coprime with 10**6 (odd, not a multiple of 5), so i -> step*i + offset visits every prefix once.
        self._nhs_step = self.rng.randrange(100_001, 999_999, 10) + self.rng.choice((0, 2, 6, 8))
        self._nhs_offset = self.rng.randrange(1_000_000)
        self._nhs_state = self._nhs_sequence()
        self._build_vocabulary()

    # --- identifiers ---------------------------------------------------------------------------

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
        people = self.ctx.faker.provider("faker.providers.person")
        assert people is not None
        self.first_male: tuple[str, ...] = tuple(people.first_names_male)
        self.first_female: tuple[str, ...] = tuple(people.first_names_female)
        last_names = people.last_names
        self.last = Weighted(list(last_names.items()) if hasattr(last_names, "items")
                             else [(name, 1.0) for name in last_names])
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
            f"{self.ctx.faker.last_name() if rng.random() < 0.8 else self.ctx.faker.first_name()} "
            f"{rng.choice(STREET_TYPES)}"
            for _ in range(n_streets)
        ]

    def _town_name(self, used: set[str]) -> str:
        while True:
            stem = self.ctx.faker.last_name().replace("'", "").replace("-", "").replace(" ", "")
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
        created = self.ctx.start - 30 * 86400
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
            user_id = self.ctx.new_id(created)
            self.authors.append(DemoUser(user_id, role.value, team))
            stamp = at(created)
            rows.append({
                "id": user_id, "version": 1, "origin_site": self.ctx.site_id, "created_at": stamp,
                "updated_at": stamp, "deleted": False, "username": username,
                "display_name": f"{given} {family}", "role": role.value, "password_hash": None,
                "active": True, "failed_attempts": 0, "locked_until": None,
            })
        return rows

    @property
    def first_user_id(self) -> str:
        return self.authors[0].id

    # --- persons -------------------------------------------------------------------------------

    def batches(self, first: list[int], order: list[int], size: int = CHUNK) -> Iterator[PersonBatch]:
        """Persons in creation order (so UUIDv7 ids ascend), with their aliases, warnings, plans;
        each person is created shortly after their first contact (``first``, from the schedule)."""
        if not self.authors:
            raise RuntimeError("call users() first")
        self.person_ids = [""] * self.n_persons
        self.profiles = [None] * self.n_persons
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
        dob = self.ctx.anchor_date - timedelta(days=age_days)
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
        person_id = self.ctx.new_id(created)
        self.person_ids[index] = person_id
        ethnicity = ETHNICITY.pick(rng)
        self.profiles[index] = PersonProfile(dob, estimated_year, sex, ethnicity)
        given_norm, given_phon = self._name_keys(given)
        family_norm, family_phon = self._name_keys(family)
        row = self.ctx.synced(person_id, created)
        row.update({
            "given_name": given, "family_name": family, "date_of_birth": dob,
            "estimated_birth_year": estimated_year, "sex": sex, "gender": None,
            "ethnicity": ethnicity, "address": address, "postcode": postcode, "phone": phone,
            "nhs_number": nhs, "external_ref": None, "merged_into_id": None,
            "given_norm": given_norm, "family_norm": family_norm, "given_phonetic": given_phon,
            "family_phonetic": family_phon, "postcode_norm": postcode_key(postcode) if postcode else "",
            "phone_norm": phone_key(phone) if phone else "",
        })
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

    def _aliases(self, person_id: str, created: int, given: str, family: str, female: bool,
                 out: list[Row]) -> None:
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

    def _alias(self, out: list[Row], person_id: str, created: int, kind: str, given: str,
               family: str) -> None:
        when = created + self.rng.randrange(0, 3600)
        given_norm, given_phon = self._name_keys(given)
        family_norm, family_phon = self._name_keys(family)
        row = self.ctx.synced(self.ctx.new_id(when), when)
        row.update({
            "person_id": person_id, "kind": kind, "given_name": given, "family_name": family,
            "given_norm": given_norm, "family_norm": family_norm, "given_phonetic": given_phon,
            "family_phonetic": family_phon,
        })
        out.append(row)

    def _warning(self, person_id: str, created: int) -> Row:
        rng = self.rng
        when = self.ctx.later(created)
        category = WARNING_CATEGORY.pick(rng)
        author = rng.choice(self.authors)
        row = self.ctx.synced(self.ctx.new_id(when), when)
        row.update({
            "person_id": person_id, "category": category, "detail": rng.choice(WARNING_DETAIL[category]),
            "review_date": self.ctx.anchor_date + timedelta(days=rng.randint(-60, 365)),
            "active": rng.random() < 0.92, "created_by": author.id,
        })
        return row

    def _plan(self, person_id: str, created: int) -> Row:
        rng = self.rng
        when = self.ctx.later(created)
        author = rng.choice(self.authors)
        approved_by: str | None = None
        approved_at: datetime | None = None
        if rng.random() < 0.5:
            approvers = [u for u in self.authors if u.role == Role.SUPERVISOR and u.id != author.id]
            approved_by = rng.choice(approvers).id
            approved_at = at(min(when + rng.randint(3600, 14 * 86400), self.ctx.anchor))
        town, _ = self.towns.pick(rng)
        coordinator = ""
        if rng.random() < 0.85:
            first = rng.choice(self.first_female if rng.random() < 0.7 else self.first_male)
            coordinator = f"{first} {self.last.pick(rng)}, {town} CMHT"
        row = self.ctx.synced(self.ctx.new_id(when), when)
        row.update({
            "person_id": person_id,
            "what_helps": "; ".join(rng.sample(WHAT_HELPS, rng.randint(2, 3))),
            "triggers": "; ".join(rng.sample(TRIGGERS, rng.randint(1, 3))),
            "who_to_contact": "; ".join(rng.sample(WHO_TO_CONTACT, rng.randint(1, 2))),
            "care_coordinator": coordinator, "authored_by": author.id, "approved_by": approved_by,
            "approved_at": approved_at,
            "review_date": self.ctx.anchor_date + timedelta(days=rng.randint(30, 365)),
        })
        if approved_at is not None:
            row["updated_at"] = approved_at
        return row

