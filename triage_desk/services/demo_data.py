"""Synthetic English demo data: users, persons (with aliases, warnings, response plans), triage
contacts and the s136 monitors of their detentions.

Used for demos, training and benchmarks (``triage-desk demo-data``). :class:`DemoDataGenerator`
builds plain row dicts keyed by the column names of ``storage/models.py`` and knows nothing about
SQL; :func:`generate_demo_data` checks the database, marks it as demo data and streams the rows
into it through ``storage/bulk.py``. No outbox rows are written: demo data must never reach a hub.

Each part has its own module:
- ``demo_base``: the seeded random stream, the five-year window and the UUIDv7-shaped ids;
- ``demo_people``: demo authors and persons, their aliases, safety warnings and response plans;
- ``demo_contacts``: when contacts happen and what each triage contact (F1) records;
- ``demo_s136``: s136 on the triage contacts and the s136 monitor (F3) of each detention;
- ``demo_vocabulary``: the plain tables of names, codes and frequencies.

Determinism: one ``random.Random(seed)`` drives users, persons and contacts, and Faker's name
data is sampled with that same generator; s136 has a second stream seeded from the same seed. So
the same seed, counts and anchor time give identical rows, ids included. The anchor ("now") is
the current time floored to the hour, so two runs within the same hour match; pass ``now=`` to pin
it. ``origin_site`` is the install's own site id, so it differs between databases by design.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import ValidationError
from triage_desk.services.demo_base import DemoContext, Row
from triage_desk.services.demo_contacts import ContactBatch, DemoContacts, DemoSchedule, Schedule
from triage_desk.services.demo_people import DemoPeople, PersonBatch
from triage_desk.services.demo_s136 import DemoS136
from triage_desk.services.demo_vocabulary import (
    CHUNK,
    DRAFT_WINDOW_DAYS,
    NICKNAMES_FEMALE,
    NICKNAMES_MALE,
)
from triage_desk.storage import bulk
from triage_desk.storage.database import Database

__all__ = ["DRAFT_WINDOW_DAYS", "NICKNAMES_FEMALE", "NICKNAMES_MALE", "DemoDataGenerator", "DemoSummary",
           "ProgressFn", "anchor_now", "generate_demo_data"]

ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    users: int
    persons: int
    aliases: int
    safety_warnings: int
    response_plans: int
    contacts: int  # every contact record written, s136 monitors included
    seconds: float
    cancelled: bool = False
    s136_monitors: int = 0


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
        self.ctx = DemoContext(seed=seed, now=now, site_id=site_id)
        self.people = DemoPeople(self.ctx, persons=persons, taken_nhs_numbers=taken_nhs_numbers,
                                 taken_usernames=taken_usernames)
        self.n_contacts = contacts
        self._schedule: Schedule | None = None

    def users(self) -> list[Row]:
        return self.people.users()

    @property
    def first_user_id(self) -> str:
        return self.people.first_user_id

    def _scheduled(self) -> Schedule:
        if self._schedule is None:
            self._schedule = DemoSchedule(self.ctx, persons=self.people.n_persons,
                                          contacts=self.n_contacts).build()
        return self._schedule

    def person_batches(self, size: int = CHUNK) -> Iterator[PersonBatch]:
        """Persons in creation order, each made shortly after their first scheduled contact."""
        if not self.people.authors:
            raise RuntimeError("call users() first")
        schedule = self._scheduled()
        yield from self.people.batches(schedule.first, schedule.order, size)

    def contact_batches(self, size: int = CHUNK) -> Iterator[ContactBatch]:
        """Contacts in order of receipt; call after :meth:`person_batches` has been consumed."""
        s136 = DemoS136(self.ctx, surnames=self.people.last, force_prefix=self.people.force.prefix)
        yield from DemoContacts(self.ctx, self.people, s136, self._scheduled()).batches(size)


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
        persons=persons, contacts=contacts, seed=seed, now=now or anchor_now(), site_id=db.site_id,
        taken_nhs_numbers=taken_nhs, taken_usernames=taken_usernames,
    )
    users = gen.users()
    if bulk.ids_exist(db.engine, "users", [gen.first_user_id]):
        raise ValidationError(
            f"Demo data for seed {seed} is already in this database.",
            hint="Choose a different --seed, or use --data-dir with a new folder.",
        )
    db.set_meta("demo_data", "1")

    counts = dict.fromkeys(
        ("persons", "aliases", "safety_warnings", "response_plans", "contacts", "s136_monitors"), 0)

    def summary(was_cancelled: bool) -> DemoSummary:
        return DemoSummary(seed=seed, users=len(users), seconds=time.perf_counter() - began,
                           cancelled=was_cancelled, **counts)

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
        for contact_batch in gen.contact_batches():
            load.insert("contacts", contact_batch.rows)
            counts["contacts"] += len(contact_batch)
            counts["s136_monitors"] += len(contact_batch.s136_monitors)
            report("contacts", counts["contacts"], contacts)
            if stop():
                return summary(True)
    return summary(False)


