"""One export row per contact: coded fields only by default, identifiers only when asked.

The pseudonymised row has no name, NHS number, address, phone, police log number, date of birth
or free text: only codes, local times, team/desk, an age band and an HMAC person key. Ages are
banded because an exact age next to a time and place narrows a person down. The identifiable row
adds the person's id, name, date of birth, NHS number, postcode and the police log number; it is
produced only through the audited path in services/report_service.py.

Rows stream in pages (``yield_per``) so a year's export never sits in memory, and the caller's
``progress``/``cancelled`` callbacks run between pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage_desk.domain.errors import TriageDeskError
from triage_desk.reports.periods import LONDON, Period
from triage_desk.reports.pseudonymise import Pseudonymiser
from triage_desk.reports.queries import answer, in_period
from triage_desk.reports.s136_adr import age_band
from triage_desk.reports.summary import Filters
from triage_desk.storage.models import Contact, Person

PAGE = 2000
ProgressFn = Callable[[int, int], None]

CODED_ANSWERS = ("s136_considered", "s136_consulted", "s136_used", "s136_avoided_how", "police_action",
                 "sex_gender", "ethnicity_self")
COLUMNS = (
    "contact_id", "person_key", "status", "created_local", "call_received_local", "mhp_involved_local",
    "advice_given_local", "closed_local", "minutes_to_mhp", "minutes_to_advice", "team", "desk",
    "triage_code", "outcome_code", "rcrp_decision", "contact_mode", "requester_type", "location_type",
    *CODED_ANSWERS, "age_band",
)
IDENTIFIABLE_COLUMNS = ("person_id", "given_name", "family_name", "date_of_birth", "nhs_number", "postcode",
                        "incident_ref")


class ExportCancelledError(TriageDeskError):
    """The user cancelled a long export; the partial file has been removed."""


def _local(moment: Any) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M") if moment is not None else ""


def _minutes(start: Any, end: Any) -> str:
    if start is None or end is None:
        return ""
    return f"{(end - start).total_seconds() / 60:g}"


def count_rows(session: Session, period: Period, filters: Filters) -> int:
    return int(session.execute(select(func.count()).select_from(Contact).where(
        in_period(period, filters))).scalar_one())


def person_ids(session: Session, period: Period, filters: Filters) -> list[str]:
    """The people whose contacts an export of this period and filter includes."""
    return list(session.scalars(select(Contact.person_id).where(
        in_period(period, filters), Contact.person_id.is_not(None)).distinct()))


def iter_rows(
    session: Session,
    period: Period,
    filters: Filters,
    pseudonymiser: Pseudonymiser,
    *,
    identifiable: bool = False,
    progress: ProgressFn | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[dict[str, str]]:
    total = count_rows(session, period, filters)
    age = Contact.answers["age"].as_integer()
    estimated = Contact.answers["estimated_age"].as_integer()
    stmt = (
        select(Contact, Person, age, estimated, *[answer(k) for k in CODED_ANSWERS])
        .outerjoin(Person, Person.id == Contact.person_id)
        .where(in_period(period, filters))
        .order_by(Contact.created_at, Contact.id)
        .execution_options(yield_per=PAGE)
    )
    done = 0
    for c, person, age_value, estimated_value, *coded in session.execute(stmt):
        row = {
            "contact_id": c.id, "person_key": pseudonymiser.person_key(c.person_id), "status": c.status,
            "created_local": _local(c.created_at), "call_received_local": _local(c.call_received_at),
            "mhp_involved_local": _local(c.mhp_involved_at), "advice_given_local": _local(c.advice_given_at),
            "closed_local": _local(c.closed_at),
            "minutes_to_mhp": _minutes(c.call_received_at, c.mhp_involved_at),
            "minutes_to_advice": _minutes(c.call_received_at, c.advice_given_at),
            "team": c.team or "", "desk": c.desk or "", "triage_code": c.triage_code or "",
            "outcome_code": c.outcome_code or "", "rcrp_decision": c.rcrp_decision or "",
            "contact_mode": c.contact_mode or "", "requester_type": c.requester_type or "",
            "location_type": c.location_type or "",
        }
        row.update({k: v or "" for k, v in zip(CODED_ANSWERS, coded, strict=True)})
        years = age_value if age_value is not None else estimated_value
        if years is None and person is not None and person.date_of_birth is not None:
            born = person.date_of_birth
            on = c.created_at.astimezone(LONDON).date()
            years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        row["age_band"] = age_band(years) if years is not None else ""
        if identifiable:
            row.update({
                "person_id": c.person_id or "",
                "given_name": person.given_name if person else "",
                "family_name": person.family_name if person else "",
                "date_of_birth": person.date_of_birth.isoformat() if person and person.date_of_birth else "",
                "nhs_number": (person.nhs_number or "") if person else "",
                "postcode": (person.postcode or "") if person else "",
                "incident_ref": c.incident_ref or "",
            })
        yield row
        done += 1
        if done % PAGE == 0:
            if progress:
                progress(done, total)
            if cancelled and cancelled():
                raise ExportCancelledError("Export cancelled.")
    if progress:
        progress(done, total)


def columns(identifiable: bool) -> tuple[str, ...]:
    return COLUMNS + IDENTIFIABLE_COLUMNS if identifiable else COLUMNS
