"""Demo triage contacts (F1): when they happen, who they are about, and what was recorded.

- Contacts span the five years before the anchor. A heavy-tailed (Pareto) share gives most persons
  1-3 contacts and a few frequent-contact persons dozens, clustered in an episode. Drafts exist
  only among contacts received in the last three days (an unsigned draft older than that would
  itself be a data-quality problem), so they are well under 2% of a five-year data set.
- A contact that ended in an s136 detention is followed by its s136 monitor (F3,
  services/demo_s136.py), which takes the place of the next scheduled contact: the number of
  records asked for is the number written.
- ``content_hash`` and ``guidance`` are left empty (SQL NULL; ``guidance`` is omitted from the rows
  because a JSON column would store Python None as the JSON text ``null``): the signing and
  guidance modules own them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from triage_desk.domain.roles import ContactStatus, Role
from triage_desk.services.demo_base import DemoContext, DemoUser, Row, at
from triage_desk.services.demo_people import DemoPeople
from triage_desk.services.demo_s136 import DemoS136
from triage_desk.services.demo_vocabulary import (
    CHUNK,
    CONCERN,
    DRAFT_WINDOW_DAYS,
    FORM_ID,
    FORM_VERSION,
    HOUR,
    LOCATION,
    MODE_BY_TEAM,
    OUTCOME_BY_TRIAGE,
    RCRP_BY_TRIAGE,
    REQUESTER,
    TRANSPORT_FORCE,
    TRIAGE,
)


@dataclass(frozen=True)
class Schedule:
    """Sorted contact keys (receipt time * k + person index; index n = not linked), each person's
    first contact time, and the order in which persons are created."""

    keys: list[int]
    first: list[int]
    order: list[int]
    k: int


@dataclass
class ContactBatch:
    contacts: list[Row] = field(default_factory=list)
    s136_monitors: list[Row] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return self.contacts + self.s136_monitors

    def __len__(self) -> int:
        return len(self.contacts) + len(self.s136_monitors)


class DemoSchedule:
    """Who has how many contacts, and when."""

    def __init__(self, ctx: DemoContext, *, persons: int, contacts: int) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.n_persons = persons
        self.n_contacts = contacts
        self.start = ctx.start
        self.receipt_end = ctx.receipt_end

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
        when = day + HOUR.pick(self.rng) * 3600 + int(self.rng.random() * 3600)
        if self.start <= when <= self.receipt_end:
            return when
        return int(moment)  # first or last day, hour outside the window: keep the moment itself

    def _reflect(self, moment: float) -> float:
        """Fold a moment back into the history window; folding keeps the overall spread uniform,
        where clipping or placing whole episodes inside the window would thin out both ends."""
        width = self.receipt_end - self.start
        offset = (moment - self.start) % (2 * width)
        return self.start + (offset if offset <= width else 2 * width - offset)

    def build(self) -> Schedule:
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
        keys.extend(
            self._on_call_curve(self.start + rng.random() * span) * k + n for _ in range(unlinked)
        )
        keys.sort()
        order = sorted(range(n), key=lambda i: (first[i], i))
        return Schedule(keys, first, order, k)


class DemoContacts:
    """Contact rows in order of receipt; made after the persons, whose ids they carry."""

    def __init__(self, ctx: DemoContext, people: DemoPeople, s136: DemoS136, schedule: Schedule) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.people = people
        self.s136 = s136
        self.schedule = schedule

    def batches(self, size: int = CHUNK) -> Iterator[ContactBatch]:
        people = self.people
        if people.n_persons and not people.person_ids:
            raise RuntimeError("make the persons first")
        clinicians = {
            team: [u for u in people.authors if u.role == Role.CLINICIAN and u.team == team]
            for team in MODE_BY_TEAM
        }
        batch = ContactBatch()
        take_slot = False
        for key in self.schedule.keys:
            if take_slot:  # an s136 monitor took this slot
                take_slot = False
                continue
            received, index = divmod(key, self.schedule.k)
            linked = index < people.n_persons
            row = self._contact(received, people.person_ids[index] if linked else None, clinicians)
            batch.contacts.append(row)
            monitor = self.s136.annotate(row, people.profiles[index] if linked else None)
            if monitor is not None:
                batch.s136_monitors.append(monitor)
                take_slot = True
            if len(batch) >= size:
                yield batch
                batch = ContactBatch()
        if len(batch):
            yield batch

    def _minutes(self, lo: int, hi: int, mode: float) -> int:
        """Seconds for a delay of lo..hi minutes, skewed towards ``mode`` (most are quick)."""
        return int(self.rng.triangular(lo, hi, mode) * 60)

    def _contact(self, received: int, person_id: str | None, clinicians: dict[str, list[DemoUser]]) -> Row:
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
        if received >= self.ctx.anchor - DRAFT_WINDOW_DAYS * 86400 and rng.random() < 0.5:
            status = ContactStatus.DRAFT.value
            signed = closed = None
            if rng.random() < 0.4:
                advice = None

        force = self.people.force.prefix
        if location == "transport" and rng.random() < 0.4:
            force = TRANSPORT_FORCE
        incident_ref = None
        if rng.random() < 0.95:
            seconds_of_day = received % 86400
            log = int(seconds_of_day / 86400 * 1400) + rng.randint(1, 60)
            incident_ref = f"{force}-{at(received):%Y%m%d}-{log:04d}"

        concerns = sorted({CONCERN.pick(rng) for _ in range(rng.randint(1, 3))})
        created_at = at(involved)
        signed_at = at(signed) if signed is not None else None
        return {
            "id": self.ctx.new_id(involved),
            "origin_site": self.ctx.site_id,
            "form_id": FORM_ID,
            "form_version": FORM_VERSION,
            "status": status,
            "person_id": person_id,
            "incident_ref": incident_ref,
            "answers": {
                "contact_mode": mode, "requester_type": requester, "location_type": location,
                "triage_code": code, "outcome_code": outcome, "rcrp_decision": rcrp,
                "presenting_concerns": concerns,
                "police_action": police_action(code, rcrp, mode),
            },
            "call_received_at": at(received),
            "mhp_involved_at": created_at,
            "advice_given_at": at(advice) if advice is not None else None,
            "closed_at": at(closed) if closed is not None else None,
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
            "updated_at": signed_at or at(advice if advice is not None else involved),
            "signed_by": author.id if signed_at else None,
            "signed_at": signed_at,
            "content_hash": None,
        }


def police_action(code: str, rcrp: str, mode: str) -> str:
    """The recommended police action that follows from the demo contact's own answers (no dice: the
    random stream, and so every other demo value, stays as it was)."""
    if mode == "joint_face_to_face":
        return "already_on_scene"
    if rcrp == "threshold_not_met":
        return "no_deployment_refer"
    if rcrp.startswith("threshold_met"):
        return "attend_now" if code in ("A", "B") else "attend_with_mhp"
    return "advice_only"
