"""Read-only views of stored records that cross layer boundaries (no ORM objects leak upward)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ContactSummary:
    id: str
    created_at: datetime
    form_id: str
    form_version: str
    status: str
    person_id: str | None
    person_label: str
    incident_ref: str | None
    triage_code: str | None
    outcome_code: str | None
    author: str | None


@dataclass(frozen=True)
class DatabaseCounts:
    persons: int
    contacts_signed: int
    contacts_draft: int
    active_warnings: int
    response_plans: int
    users: int


@dataclass(frozen=True)
class PersonSummary:
    id: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    postcode: str | None
    nhs_number: str | None
