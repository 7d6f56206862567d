"""What desk and hub exchange: versions, mutations going up, outcomes coming back, changes coming down.

PROTOCOL_VERSION changes whenever the meaning of these messages changes. The hub stores the range it
accepts; a desk outside it refuses to sync (and keeps working offline) instead of writing data the
other side would misread — the "old client overwrites new data" failure of A.2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# 2: retention purges travel as "purge" mutations and change-log entries (a desk speaking 1 would not
# destroy its copy, and could not be told why its edits of a purged record are refused).
PROTOCOL_VERSION = 2
# Oldest desk protocol a hub initialised by this code accepts (stored in hub_meta at `hub init`).
MIN_DESK_PROTOCOL = 2
# The local schema revision that introduced the sync tables; a desk below it cannot sync.
REQUIRED_DESK_SCHEMA = "0007"


class Outcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Mutation:
    """One outbox entry as sent. ``mutation_id`` is the idempotency key: resending is always safe."""

    mutation_id: str
    table_name: str
    record_id: str
    op: str  # insert, update, delete, purge
    base_version: int | None
    row: dict[str, Any]
    base: dict[str, Any]
    origin_site: str
    resolves_conflict: str | None = None


@dataclass(frozen=True)
class MutationResult:
    mutation_id: str
    outcome: Outcome
    seq: int | None = None
    reason: str = ""
    # For a duplicate: what the first delivery's outcome was (a resent conflict stays a conflict).
    original: Outcome | None = None
    conflict_id: str | None = None
    # field -> {"base": ..., "mine": ..., "hub": ...}
    fields: dict[str, Any] = field(default_factory=dict)
    # The hub's current row after this mutation, for conflicts (so the desk shows what the hub holds).
    hub_row: dict[str, Any] | None = None

    @property
    def effective(self) -> Outcome:
        return self.original if self.outcome is Outcome.DUPLICATE and self.original else self.outcome


@dataclass(frozen=True)
class Change:
    """One change-log entry as pulled: the record's *current* hub state at the time of reading."""

    seq: int
    table_name: str
    record_id: str
    version: int
    # Canonical JSON text, parsed by the desk; None for an insert the reading desk sent itself (it
    # holds that row already, so the hub does not send it back) and for a purge.
    payload: str | None
    op: str = ""


@dataclass(frozen=True)
class HubInfo:
    hub_id: str
    label: str
    protocol_version: int
    min_desk_protocol: int
    schema_revision: str
    required_desk_schema: str
    demo: bool
