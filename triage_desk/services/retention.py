"""Retention: purge records whose retention period has passed, unless on legal hold.

The Records Management Code of Practice (England) keeps mental health records 20 years after the
last contact; a site can set its own periods in ``settings.toml``::

    [retention]
    mental_health = 20   # years after the last contact

Every record Triage Desk holds is a mental health triage record today, so there is one class; the
table is per class so another (e.g. a police-owned class under MoPI review) can be added. The
report says how many of what were purged, never which: it is printed and may be pasted anywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import SettingsError, ValidationError
from triage_desk.domain.principal import Principal
from triage_desk.services.access import Permission, require
from triage_desk.services.audit import PERSON, AuditAction, AuditService
from triage_desk.storage import retention
from triage_desk.storage.database import Database
from triage_desk.storage.retention import PurgeCounts

log = logging.getLogger(__name__)

MENTAL_HEALTH = "mental_health"
DEFAULT_YEARS: dict[str, int] = {MENTAL_HEALTH: 20}


def retention_years(extra: Mapping[str, Any]) -> dict[str, int]:
    """Periods from the settings' ``[retention]`` table, over the defaults; refuse nonsense loudly."""
    years = dict(DEFAULT_YEARS)
    configured = extra.get("retention", {})
    if not isinstance(configured, Mapping):
        raise SettingsError("Setting 'retention' must be a table, e.g. [retention] mental_health = 20.")
    for record_class, value in configured.items():
        if record_class not in DEFAULT_YEARS:
            raise SettingsError(f"Setting 'retention.{record_class}' is not a known record class; "
                                f"known: {', '.join(DEFAULT_YEARS)}.")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
            raise SettingsError(f"Setting 'retention.{record_class}' must be a whole number of years "
                                f"from 1 to 100; found {value!r}.")
        years[record_class] = value
    return years


def years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February in a year that has none
        return moment.replace(year=moment.year - years, day=28)


@dataclass
class RetentionReport:
    dry_run: bool
    purged: dict[str, PurgeCounts] = field(default_factory=dict)
    on_legal_hold: int = 0
    kept_for_merge_links: int = 0

    @property
    def total_persons(self) -> int:
        return sum(c.persons for c in self.purged.values())


class RetentionService:
    def __init__(self, db: Database, audit: AuditService, *, years: dict[str, int] | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._audit = audit
        self._years = years or dict(DEFAULT_YEARS)
        self._clock = clock

    def run(self, principal: Principal, *, dry_run: bool = False) -> RetentionReport:
        require(principal, Permission.RUN_RETENTION)
        now = self._clock()
        report = RetentionReport(dry_run=dry_run)
        # One transaction: the purge, its ledger and its audit event are stored together or not at all.
        with self._db.session() as s:
            for record_class, years in self._years.items():
                due = retention.due_persons(s, years_before(now, years))
                report.on_legal_hold += due.on_legal_hold
                report.kept_for_merge_links += due.linked_to_retained
                if dry_run:
                    report.purged[record_class] = retention.count_related(s, due.ids)
                else:
                    report.purged[record_class] = retention.purge(s, due.ids, record_class, now)
            self._audit.record_in(s, principal, AuditAction.RETENTION_PURGE, detail={
                "dry_run": dry_run, "years": self._years,
                "counts": {k: v.as_dict() for k, v in report.purged.items()},
                "on_legal_hold": report.on_legal_hold,
            })
        log.info("retention %s: %s", "dry run" if dry_run else "purge",
                 {k: v.as_dict() for k, v in report.purged.items()})
        return report

    def set_legal_hold(self, principal: Principal, person_id: str, held: bool, reason: str) -> None:
        """Place or lift a legal hold (an inquiry, a claim, a complaint): the reason is audited."""
        require(principal, Permission.SET_LEGAL_HOLD)
        if not reason.strip():
            raise ValidationError("A legal hold needs a reason (e.g. the inquiry or claim reference).")
        with self._db.session() as s:
            if not retention.set_legal_hold(s, person_id, held):
                raise ValidationError("There is no person with that record id.")
            self._audit.record_in(s, principal, AuditAction.LEGAL_HOLD, PERSON, person_id,
                                  detail={"held": held, "reason": reason.strip()})
