"""One sync cycle: connect, version gate, push, pull, integrity check — with progress and cancel.

Push goes first so the desk's own edits reach the hub's three-way merge before the desk takes the
hub's rows. Any failure leaves local data as it was (each step commits only whole units) and is
recorded in ``sync_state.last_error``; the next cycle simply resumes.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import HubUnreachableError, SyncError
from triage_desk.storage.database import Database
from triage_desk.storage.migrate import has_revision
from triage_desk.sync import local_state
from triage_desk.sync.gate import check_compatible
from triage_desk.sync.hub import HubConnection
from triage_desk.sync.integrity import IntegrityReport, check_and_repair
from triage_desk.sync.progress import (
    CancelCheck,
    ProgressCallback,
    SyncProgress,
    never_cancelled,
    no_progress,
)
from triage_desk.sync.protocol import HubInfo
from triage_desk.sync.pull import PullStats, pull
from triage_desk.sync.push import PushStats, push

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    hub_label: str = ""
    pushed: dict[str, int] = field(default_factory=dict)
    pulled: int = 0
    pages: int = 0
    conflicts: int = 0
    rejected: int = 0
    integrity: IntegrityReport | None = None
    initial_sync_complete: bool = False
    cancelled: bool = False
    duration_s: float = 0.0

    @property
    def moved(self) -> bool:
        return bool(sum(self.pushed.values()) or self.pulled)


def sync_once(
    db: Database,
    hub: HubConnection | str | URL,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    batch_size: int = 1000,
    page_size: int = 5000,
    integrity: str = "auto",
) -> SyncReport:
    """Run one cycle. Raises SyncIncompatibleError / HubUnreachableError (local data untouched).

    ``integrity``: "auto" checks after every cycle that moved data or whose cursor differs from the
    last verified one (an idle cycle stays fast); "always" forces it; "never" skips it.
    """
    progress = progress or no_progress
    cancelled = cancelled or never_cancelled
    started = time.perf_counter()
    own = not isinstance(hub, HubConnection)
    connection = hub if isinstance(hub, HubConnection) else HubConnection.open(hub)
    report = SyncReport(hub_label=connection.label)
    info: HubInfo | None = None
    try:
        progress(SyncProgress("connect", 0, None, f"connecting to {connection.label}"))
        info = connection.info()
        check_compatible(
            info, desk_schema_has=has_revision(db.engine, info.required_desk_schema), desk_demo=db.is_demo
        )
        _mark_attempt(db, info)
        pushed: PushStats = push(
            db, connection, batch_size=batch_size, progress=progress, cancelled=cancelled
        )
        report.pushed = pushed.outcomes
        report.conflicts, report.rejected = pushed.outcomes["conflict"], pushed.outcomes["rejected"]
        pulled: PullStats = pull(
            db, connection, info, page_size=page_size, progress=progress, cancelled=cancelled
        )
        report.pulled, report.pages = pulled.pulled, pulled.pages
        report.initial_sync_complete = pulled.initial_sync_complete
        report.cancelled = cancelled()
        if pulled.caught_up and not report.cancelled and _integrity_due(db, info, report, pulled, integrity):
            progress(SyncProgress("integrity", 0, None, "checking the desk matches the hub"))
            report.integrity = check_and_repair(db, connection)
            if report.integrity.ok or report.integrity.ok_after_resync:
                _mark_verified(db, info, pulled.cursor)
        _mark_done(db, info, None if not report.cancelled else "cancelled")
    except DBAPIError as exc:
        reason = type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__
        message = (
            f"Cannot reach hub {connection.label} ({reason}); "
            "local data is untouched and the next sync resumes."
        )
        _mark_done(db, info, message)
        raise HubUnreachableError(message) from exc
    except SyncError as exc:
        _mark_done(db, info, str(exc))
        raise
    finally:
        if own:
            connection.close()
    report.duration_s = time.perf_counter() - started
    progress(SyncProgress("done", 1, 1, "sync finished"))
    log.info(
        "sync with %s: pushed %s, pulled %d in %.2fs",
        report.hub_label,
        report.pushed,
        report.pulled,
        report.duration_s,
    )
    return report


def _integrity_due(db: Database, info: HubInfo, report: SyncReport, pulled: PullStats, mode: str) -> bool:
    if mode in ("always", "never"):
        return mode == "always"
    with db.reader() as s:
        state = local_state.state_for(s, info.hub_id, info.label)
        return report.moved or state.verified_cursor != pulled.cursor


def _mark_verified(db: Database, info: HubInfo, cursor: int) -> None:
    with db.session() as s:
        local_state.state_for(s, info.hub_id, info.label).verified_cursor = cursor


def _mark_attempt(db: Database, info: HubInfo) -> None:
    with db.session() as s:
        local_state.state_for(s, info.hub_id, info.label).last_attempt_at = utc_now()


def _mark_done(db: Database, info: HubInfo | None, error: str | None) -> None:
    if info is None:
        return
    with db.session() as s:
        state = local_state.state_for(s, info.hub_id, info.label)
        state.last_error = error
        if error is None:
            state.last_success_at = utc_now()
