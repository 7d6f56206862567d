"""Recording and reviewing access to records: who looked at whom, when, from which desk, and why.

DPA 2018 Part 3 requires logs of consultation and disclosure, and Caldicott principle 1 asks every
access to be justified. So every action that touches a person's record has a name here, looking a
person up needs a purpose (an incident reference or a reason), and the log is hash-chained in
storage so an edit behind the app's back is found by ``triage-desk audit verify``.

What goes in ``detail``: ids, counts and field *names*, never the values typed (a search for a
surname must not copy the surname into a log that outlives the record under retention).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import PurposeRequiredError
from triage_desk.domain.principal import Principal
from triage_desk.domain.purpose import Purpose
from triage_desk.domain.text_limits import check_text, limit_for
from triage_desk.services.access import Permission, require
from triage_desk.storage import audit_log
from triage_desk.storage.audit_log import VerifyReport
from triage_desk.storage.database import Database

__all__ = ["PERSON", "CONTACT", "PURPOSE_REQUIRED", "AccessEntry", "AuditAction", "AuditService", "Purpose",
           "ensure_purpose", "require_purpose"]


class AuditAction(StrEnum):
    SEARCH = "search"
    VIEW_PERSON = "view_person"
    CREATE_PERSON = "create_person"
    LINK_CONTACT = "link_contact"
    OPEN_RECORD = "open_record"
    SIGN = "sign"
    AMEND = "amend"
    MERGE = "merge"
    IMPORT_PERSONS = "import_persons"
    PRINT = "print"
    EXPORT = "export"
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    ACCOUNT_LOCKED = "account_locked"
    SIGN_OUT = "sign_out"
    SESSION_LOCKED = "session_locked"
    SESSION_UNLOCKED = "session_unlocked"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an action name)
    USER_CREATED = "user_created"
    USER_DISABLED = "user_disabled"
    USER_UNLOCKED = "user_unlocked"
    AUDIT_REVIEWED = "audit_reviewed"
    AUDIT_VERIFIED = "audit_verified"
    RETENTION_PURGE = "retention_purge"
    LEGAL_HOLD = "legal_hold"
    DATABASE_ENCRYPTED = "database_encrypted"


# Consulting a person's record must be justified (Caldicott 1): these refuse a missing purpose.
PURPOSE_REQUIRED = frozenset({AuditAction.SEARCH, AuditAction.VIEW_PERSON, AuditAction.OPEN_RECORD,
                              AuditAction.PRINT, AuditAction.EXPORT})

PERSON = "person"
CONTACT = "contact"


def require_purpose(incident_ref: str | None, reason: str | None) -> Purpose:
    """The justification for a look-up: an incident reference, a reason, or both; never neither."""
    incident_ref = (incident_ref or "").strip() or None
    reason = (reason or "").strip() or None
    if incident_ref is None and reason is None:
        raise PurposeRequiredError(
            "Looking up a person's record needs a purpose: give the incident reference or a reason.",
            hint="For example the control-room incident number, or 'welfare check requested by GP'.",
        )
    check_text("Incident reference", incident_ref, limit_for("contacts.incident_ref"))
    purpose = Purpose(incident_ref, reason)
    check_text("Reason for the look-up", purpose.text, limit_for("audit_events.purpose"))
    return purpose


def ensure_purpose(purpose: Purpose | None) -> Purpose:
    """Refuse before any record is read when the caller has no purpose to give (none, or empty)."""
    if purpose is None or not purpose.text:
        raise PurposeRequiredError(
            "Looking at a person's record needs a purpose: give the incident reference or a reason.",
            hint="For example the control-room incident number, or 'welfare check requested by GP'.",
        )
    return purpose


@dataclass(frozen=True)
class AccessEntry:
    """One line of "who looked at this person"."""

    occurred_at: datetime
    username: str | None
    desk: str
    action: str
    purpose: str | None


class AuditService:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utc_now, desk_name: str = "") -> None:
        self._db = db
        self._clock = clock
        self._desk_name = desk_name

    def record(self, principal: Principal | None, action: AuditAction, record_type: str | None = None,
               record_id: str | None = None, purpose: Purpose | None = None,
               detail: dict[str, Any] | None = None) -> None:
        """Record one action in its own transaction (for reads, which have no transaction of their own)."""
        with self._db.session() as session:
            self.record_in(session, principal, action, record_type, record_id, purpose, detail)

    def record_in(self, session: Any, principal: Principal | None, action: AuditAction,
                  record_type: str | None = None, record_id: str | None = None,
                  purpose: Purpose | None = None, detail: dict[str, Any] | None = None) -> None:
        """Record inside the caller's transaction, so the action and its audit commit together."""
        if action in PURPOSE_REQUIRED and not (purpose and purpose.text):
            raise PurposeRequiredError(
                f"'{action.value}' needs a purpose: an incident reference or a reason.")
        audit_log.append(
            session, origin_site=self._db.site_id, action=action.value, occurred_at=self._clock(),
            user_id=principal.user_id if principal else None,
            username=principal.username if principal else None,
            record_type=record_type, record_id=record_id, purpose=purpose.text if purpose else None,
            detail=detail,
        )

    def verify(self, principal: Principal) -> VerifyReport:
        require(principal, Permission.VERIFY_AUDIT)
        with self._db.reader() as session:
            report = audit_log.verify(session)
        self.record(principal, AuditAction.AUDIT_VERIFIED,
                    detail={"events": report.events_checked, "problems": len(report.problems)})
        return report

    def who_accessed(self, principal: Principal, person_id: str) -> list[AccessEntry]:
        """Every recorded access to a person, oldest first: to the person (views, links, merges) and
        to any of their contact records (opens, signing, amendments, prints). Reviewing is recorded."""
        require(principal, Permission.REVIEW_ACCESS_AUDIT)
        with self._db.session() as session:
            events = audit_log.events_for_person(session, PERSON, CONTACT, person_id)
            entries = [AccessEntry(e.occurred_at, e.username, self._desk_label(e.origin_site), e.action,
                                   e.purpose) for e in events]
            self.record_in(session, principal, AuditAction.AUDIT_REVIEWED, PERSON, person_id)
        return entries

    def _desk_label(self, site: str) -> str:
        if site == self._db.site_id:
            return f"this desk ({self._desk_name})" if self._desk_name else "this desk"
        return f"desk {site[:8]}"
