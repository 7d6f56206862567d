"""Plain records exchanged between lookup, storage and services (no ORM objects cross layers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class NameBlock:
    """One way of reading the typed name for retrieval (as typed, swapped, one part of a double name)."""

    family_norm: str
    family_phonetic: str
    given_phonetics: tuple[str, ...] = ()  # the given name's key plus its variants' keys
    given_initial: str = ""


@dataclass(frozen=True)
class SearchKeys:
    """Index keys for candidate retrieval, built by ``lookup.blocking`` from a query."""

    names: tuple[NameBlock, ...] = ()
    single_token_phonetic: str = ""  # a lone name token may be a given name too
    dobs: tuple[date, ...] = ()  # as typed and day/month swapped
    near_dobs: tuple[date, ...] = ()  # one digit wrong, transposed digits: only with a name key
    postcode: str = ""  # full normalised postcode
    phone: str = ""
    nhs_number: str = ""
    block_limit: int = 50
    cap: int = 150

    @property
    def all_given_phonetics(self) -> tuple[str, ...]:
        return tuple(sorted({g for b in self.names for g in b.given_phonetics if g}))

    @property
    def all_family_phonetics(self) -> tuple[str, ...]:
        return tuple(sorted({b.family_phonetic for b in self.names if b.family_phonetic}))


@dataclass(frozen=True)
class AliasRecord:
    given_name: str
    family_name: str
    given_norm: str
    family_norm: str
    given_phonetic: str
    family_phonetic: str
    kind: str = "alias"


@dataclass(frozen=True)
class CandidateRecord:
    """A person as retrieval returns it: identifying fields, stored keys and aliases."""

    id: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    estimated_birth_year: int | None
    address: str | None
    postcode: str | None
    phone: str | None
    nhs_number: str | None
    given_norm: str
    family_norm: str
    given_phonetic: str
    family_phonetic: str
    postcode_norm: str
    phone_norm: str
    aliases: tuple[AliasRecord, ...] = ()


@dataclass(frozen=True)
class PersonInput:
    """Details entered for a new person (or imported), with the search keys already computed."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    estimated_birth_year: int | None = None
    sex: str | None = None
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    nhs_number: str | None = None
    external_ref: str | None = None
    aliases: tuple[tuple[str, str], ...] = ()  # (given, family)
    keys: dict[str, str] = field(default_factory=dict)
    alias_keys: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    contact_id: str
    when: datetime
    form_id: str
    status: str
    triage_code: str | None
    outcome_code: str | None
    author: str | None


@dataclass(frozen=True)
class WarningView:
    id: str
    category: str
    detail: str
    review_date: date | None
    review_overdue: bool


@dataclass(frozen=True)
class PlanView:
    id: str
    what_helps: str
    triggers: str
    who_to_contact: str
    care_coordinator: str
    authored_by: str | None
    approved_by: str | None
    approved_at: datetime | None
    review_date: date | None

    @property
    def approved(self) -> bool:
        """Approved only by someone other than its author (four-eyes rule)."""
        return bool(self.approved_by) and self.approved_by != self.authored_by


@dataclass(frozen=True)
class ContactCounts:
    last_7_days: int
    last_30_days: int
    last_365_days: int


@dataclass(frozen=True)
class PersonDetail:
    id: str
    given_name: str
    family_name: str
    date_of_birth: date | None
    address: str | None
    postcode: str | None
    phone: str | None
    nhs_number: str | None
    aliases: tuple[str, ...]
    timeline: tuple[TimelineEntry, ...]
    warnings: tuple[WarningView, ...]
    plan: PlanView | None
    counts: ContactCounts
    frequent_contact_prompt: str | None = None
    merged_into_id: str | None = None


@dataclass(frozen=True)
class MergeSummary:
    merge_id: str
    survivor_id: str
    merged_id: str
    moved: dict[str, list[str]]
    undone: bool = False
