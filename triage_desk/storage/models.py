"""ORM models for the core entities.

Three classes of data (see ARCHITECTURE.md):
- clinical entries (contacts once signed, amendments, audit events) are append-only;
- mutable headers (persons, aliases, warnings, response plans) carry ``version`` so an edit can
  say which version it started from, which is how sync detects same-field conflicts;
- reference data (services, users) is versioned the same way.

Every synced row has a UUIDv7 ``id`` made on the device and ``origin_site`` naming the install
that created it. Deletion of a synced row is a tombstone (``deleted``), never a DELETE, so the
deletion itself can sync.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from triage_desk.domain.clock import utc_now
from triage_desk.storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(36)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class SyncedMixin:
    """Columns every synced, mutable row carries."""

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    origin_site: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class SiteMeta(Base):
    """Per-install key/value facts: site_id, the site counter, whether the data is synthetic."""

    __tablename__ = "site_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(SyncedMixin, Base):
    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]


class Person(SyncedMixin, Base):
    __tablename__ = "persons"
    given_name: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    estimated_birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(20))
    gender: Mapped[str | None] = mapped_column(String(60))
    ethnicity: Mapped[str | None] = mapped_column(String(10))
    address: Mapped[str | None] = mapped_column(String(500))
    postcode: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(40))
    nhs_number: Mapped[str | None] = mapped_column(String(10))
    external_ref: Mapped[str | None] = mapped_column(String(100), unique=True)
    merged_into_id: Mapped[str | None] = mapped_column(ForeignKey("persons.id"))
    # Legal hold (litigation, inquiry, complaint): retention never purges a held person.
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Search keys maintained by the lookup layer (normalised and phonetic forms).
    given_norm: Mapped[str] = mapped_column(String(200), default="")
    family_norm: Mapped[str] = mapped_column(String(200), default="")
    given_phonetic: Mapped[str] = mapped_column(String(40), default="")
    family_phonetic: Mapped[str] = mapped_column(String(40), default="")
    postcode_norm: Mapped[str] = mapped_column(String(10), default="")
    phone_norm: Mapped[str] = mapped_column(String(20), default="")

    __table_args__ = (
        Index(None, "family_norm"),
        Index(None, "family_phonetic"),
        Index(None, "given_phonetic"),
        Index(None, "date_of_birth"),
        Index(None, "postcode_norm"),
        Index(None, "phone_norm"),
        Index(None, "nhs_number"),
        # Composite keys for the lookup's name blocks (migration 0006): a common phonetic key
        # ("SM0", "JN") is thousands of rows; the pair is a handful, read straight off the index.
        Index("ix_persons_family_phonetic_given_phonetic", "family_phonetic", "given_phonetic"),
        Index("ix_persons_given_phonetic_family_norm", "given_phonetic", "family_norm"),
        Index("ix_persons_family_norm_given_norm", "family_norm", "given_norm"),
    )


class PersonAlias(SyncedMixin, Base):
    __tablename__ = "person_aliases"
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="alias")  # alias, previous, nickname
    given_name: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="")
    given_norm: Mapped[str] = mapped_column(String(200), default="")
    family_norm: Mapped[str] = mapped_column(String(200), default="")
    given_phonetic: Mapped[str] = mapped_column(String(40), default="")
    family_phonetic: Mapped[str] = mapped_column(String(40), default="")

    __table_args__ = (Index(None, "family_norm"), Index(None, "family_phonetic"))


class PersonNamePart(Base):
    """Local search index, never synced: one row per part of a family name of two or more parts
    ("Smith-Jones" -> smith, jones), of the person or of one of their live aliases.

    Derived from the names alone, so it can be rebuilt at any time (``services/search_index.py``);
    deleted with the person. ``person_keys_pending`` says whose parts are out of date.
    """

    __tablename__ = "person_name_parts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    part_norm: Mapped[str] = mapped_column(String(200))
    part_phonetic: Mapped[str] = mapped_column(String(40))

    __table_args__ = (Index(None, "part_norm"), Index(None, "part_phonetic"))


class PersonKeysPending(Base):
    """Persons whose name parts must be recomputed. Filled by SQLite triggers on ``persons`` and
    ``person_aliases`` (migration 0008), so every writer is covered: the app, sync, bulk demo data,
    a hand edit; emptied by the lookup before it searches."""

    __tablename__ = "person_keys_pending"
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)


class SafetyWarning(SyncedMixin, Base):
    __tablename__ = "safety_warnings"
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    category: Mapped[str] = mapped_column(String(40))  # weapons, violence, self_harm, safeguarding...
    detail: Mapped[str] = mapped_column(Text, default="")
    review_date: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str | None] = mapped_column(ID)


class ResponsePlan(SyncedMixin, Base):
    __tablename__ = "response_plans"
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    what_helps: Mapped[str] = mapped_column(Text, default="")
    triggers: Mapped[str] = mapped_column(Text, default="")
    who_to_contact: Mapped[str] = mapped_column(Text, default="")
    care_coordinator: Mapped[str] = mapped_column(String(200), default="")
    authored_by: Mapped[str | None] = mapped_column(ID)
    approved_by: Mapped[str | None] = mapped_column(ID)
    approved_at: Mapped[datetime | None]
    review_date: Mapped[date | None] = mapped_column(Date)


class Contact(Base):
    """One contact record. A draft while open (autosaved, device-only); append-only once signed."""

    __tablename__ = "contacts"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    origin_site: Mapped[str] = mapped_column(String(32))
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    person_id: Mapped[str | None] = mapped_column(ForeignKey("persons.id"))
    incident_ref: Mapped[str | None] = mapped_column(String(60))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Key timings, denormalised from the answers for reporting.
    call_received_at: Mapped[datetime | None]
    mhp_involved_at: Mapped[datetime | None]
    advice_given_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Decision summary, denormalised for lookup timelines and shift summaries.
    triage_code: Mapped[str | None] = mapped_column(String(2))
    outcome_code: Mapped[str | None] = mapped_column(String(40))
    rcrp_decision: Mapped[str | None] = mapped_column(String(40))
    contact_mode: Mapped[str | None] = mapped_column(String(40))
    requester_type: Mapped[str | None] = mapped_column(String(40))
    location_type: Mapped[str | None] = mapped_column(String(40))
    # Guidance provenance: rule-set version and hash, inputs, fired rules, suggestion, decision.
    guidance: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    team: Mapped[str | None] = mapped_column(String(60))
    desk: Mapped[str | None] = mapped_column(String(60))
    created_by: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    signed_by: Mapped[str | None] = mapped_column(ID)
    signed_at: Mapped[datetime | None]
    content_hash: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index(None, "person_id", "created_at"),
        Index(None, "status"),
        Index(None, "created_at"),
        Index(None, "call_received_at"),
    )


class Amendment(Base):
    """A correction to a signed contact: a new linked entry; the original stays as it was."""

    __tablename__ = "amendments"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    origin_site: Mapped[str] = mapped_column(String(32))
    contact_id: Mapped[str] = mapped_column(ForeignKey("contacts.id"), index=True)
    author: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    reason: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str | None] = mapped_column(String(64))


class Service(SyncedMixin, Base):
    """An entry of the local services directory."""

    __tablename__ = "services"
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(40), default="")
    hours: Mapped[str] = mapped_column(String(200), default="")
    area: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEvent(Base):
    """Who did what to which record, when, from which desk, and why. Append-only, hash-chained."""

    __tablename__ = "audit_events"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    origin_site: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = mapped_column(default=utc_now)
    user_id: Mapped[str | None] = mapped_column(ID)
    username: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(ID)
    purpose: Mapped[str | None] = mapped_column(String(500))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("origin_site", "seq"),
        Index(None, "record_type", "record_id"),
    )


class OutboxEntry(Base):
    """A local change waiting for the hub, written in the same transaction as the change itself."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[str] = mapped_column(ID, unique=True)
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(ID)
    op: Mapped[str] = mapped_column(String(10))  # insert, update, delete (tombstone)
    base_version: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending, acknowledged
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index(None, "state", "seq"), Index("ix_outbox_record_id_state", "record_id", "state"))


class PersonMerge(SyncedMixin, Base):
    """A supervisor's merge of a duplicate person into the one kept, recording exactly what moved.

    ``moved`` maps table name to the ids re-pointed from the merged person to the survivor (plus
    ``created_aliases``: aliases the merge added), so that undo restores exactly those rows and no
    record added to the survivor after the merge.
    """

    __tablename__ = "person_merges"
    survivor_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    merged_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    actor_user_id: Mapped[str | None] = mapped_column(ID)
    moved: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    undone_at: Mapped[datetime | None]
    undone_by: Mapped[str | None] = mapped_column(ID)


class PurgeLedger(Base):
    """Ids purged by retention, hashed with a per-deployment salt.

    Kept so that a purged record coming back (a laptop that was offline syncs an old copy) is
    recognised and refused, without the ledger itself keeping an identifier.
    """

    __tablename__ = "purge_ledger"
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_class: Mapped[str] = mapped_column(String(40))
    purged_at: Mapped[datetime] = mapped_column(default=utc_now)


class PurgeAuthorisation(Base):
    """Ids a retention purge is deleting in the current transaction; the only way past the triggers
    that otherwise refuse to delete a signed contact or an amendment (migration 0005)."""

    __tablename__ = "purge_authorisations"
    record_id: Mapped[str] = mapped_column(ID, primary_key=True)


class SyncState(Base):
    """Where this desk stands with one hub (keyed by the hub's random id, so a new hub starts at 0).

    ``cursor`` is the last hub change-log sequence applied locally; it is written in the same
    transaction as the rows of the page it covers. ``initial_sync_complete`` is set only once the
    first pull has caught up, so nothing may treat a half-finished first sync as complete data.
    """

    __tablename__ = "sync_state"
    hub_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    hub_label: Mapped[str] = mapped_column(String(200), default="")
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    initial_sync_complete: Mapped[bool] = mapped_column(Boolean, default=False)
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # Cursor at which the last integrity check passed: an idle sync (nothing moved since) skips it.
    verified_cursor: Mapped[int | None] = mapped_column(Integer)


class QuarantineEntry(Base):
    """A local change the hub did not accept as it was: a conflict or a rejection, kept for a person.

    Holds the local change as sent and, for conflicts, both values of every disputed field. Resolving
    it writes a new normal mutation; the entry itself is never deleted.
    """

    __tablename__ = "sync_quarantine"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    mutation_id: Mapped[str] = mapped_column(ID, index=True)
    kind: Mapped[str] = mapped_column(String(12))  # conflict, rejected
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(ID, index=True)
    op: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    local_payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # field -> {"base": ..., "mine": ..., "hub": ...}
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    hub_conflict_id: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolution: Mapped[str | None] = mapped_column(String(20))

    __table_args__ = (Index(None, "resolved_at"),)
