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


@dataclass(frozen=True)
class RecentPerson:
    """A person who has contacts, for the People panel: who, and how often we have seen them."""

    id: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    postcode: str | None
    contact_count: int
    last_contact_at: datetime | None

    @property
    def label(self) -> str:
        return f"{self.family_name.upper()}, {self.given_name}" if self.family_name else self.given_name


@dataclass(frozen=True)
class ContactDetail:
    """Everything stored on one contact that a read-only view shows (answers as coded values)."""

    summary: ContactSummary
    answers: dict[str, object]
    call_received_at: datetime | None
    mhp_involved_at: datetime | None
    advice_given_at: datetime | None
    closed_at: datetime | None
    rcrp_decision: str | None
    contact_mode: str | None
    requester_type: str | None
    location_type: str | None
    signed_at: datetime | None
    signed_by: str | None


@dataclass(frozen=True)
class SafetyWarningView:
    id: str
    category: str
    detail: str
    review_date: date | None

    def review_overdue(self, today: date) -> bool:
        return self.review_date is not None and self.review_date < today


@dataclass(frozen=True)
class ResponsePlanView:
    id: str
    what_helps: str
    triggers: str
    who_to_contact: str
    care_coordinator: str
    authored_by_id: str | None
    authored_by: str | None
    approved_by_id: str | None
    approved_by: str | None
    approved_at: datetime | None
    review_date: date | None

    @property
    def is_approved(self) -> bool:
        """Two-person rule: a plan counts as approved only when someone other than its author approved it."""
        return bool(self.approved_by_id) and self.approved_by_id != self.authored_by_id


@dataclass(frozen=True)
class PersonSafety:
    """What a nurse must see first about a person: active warnings and the response plan."""

    person_id: str
    person_label: str
    warnings: tuple[SafetyWarningView, ...]
    plan: ResponsePlanView | None
