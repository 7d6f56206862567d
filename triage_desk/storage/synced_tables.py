"""Which local tables sync, in what order, and how each behaves.

The order is the foreign-key order (parents first): pushes follow the outbox order, and the hub
refuses a row whose parent it has not got, so a pulled page never refers forward.
"""

from __future__ import annotations

from sqlalchemy import Table

from triage_desk.storage.models import (
    Amendment,
    AuditEvent,
    Base,
    Contact,
    Person,
    PersonAlias,
    ResponsePlan,
    SafetyWarning,
    Service,
    User,
)

MODELS: dict[str, type[Base]] = {
    "users": User,
    "services": Service,
    "persons": Person,
    "person_aliases": PersonAlias,
    "safety_warnings": SafetyWarning,
    "response_plans": ResponsePlan,
    "contacts": Contact,
    "amendments": Amendment,
    "audit_events": AuditEvent,
}
SYNCED_TABLES: tuple[str, ...] = tuple(MODELS)

# Clinical entries: once on the hub they never change, so they cannot conflict.
APPEND_ONLY: frozenset[str] = frozenset({"contacts", "amendments", "audit_events"})

# Columns that describe a row's bookkeeping rather than its content: never merged field by field
# (updated_at is device time, which must never decide anything).
BOOKKEEPING: frozenset[str] = frozenset({"id", "version", "origin_site", "created_at", "updated_at"})

# Columns that are this desk's own business and never leave it: a user's failed sign-ins and lockout
# are counted per desk (a lockout on one desk must not be undone, or imposed, by another's sync).
DESK_LOCAL: dict[str, frozenset[str]] = {"users": frozenset({"failed_attempts", "locked_until"})}

# column -> parent table, per table; the hub checks these before accepting an insert.
PARENTS: dict[str, dict[str, str]] = {
    "persons": {"merged_into_id": "persons"},
    "person_aliases": {"person_id": "persons"},
    "safety_warnings": {"person_id": "persons"},
    "response_plans": {"person_id": "persons"},
    "contacts": {"person_id": "persons"},
    "amendments": {"contact_id": "contacts"},
}


def table(name: str) -> Table:
    return MODELS[name].__table__  # type: ignore[return-value]


def synced_payload(name: str, payload: dict[str, object]) -> dict[str, object]:
    """A canonical row payload without its desk-local columns: what goes to the hub."""
    local = DESK_LOCAL.get(name)
    return {k: v for k, v in payload.items() if k not in local} if local else payload


def has_version(name: str) -> bool:
    return "version" in table(name).c


def should_sync(name: str, row: dict[str, object]) -> bool:
    """Drafts stay on the device: only signed contacts leave it."""
    return not (name == "contacts" and row.get("status") != "signed")
