"""The app's sync loop: a sync every ``settings.sync_interval_seconds`` on a worker thread, never on
the UI thread, with a one-line status for the status bar and a progress signal.

    controller = SyncController(lambda: app.sync, app.settings, window)
    controller.status_text.connect(status_label.setText)
    controller.progress.connect(progress_bar_update)   # (done, total)
    controller.start()                                 # first status, first sync, then the timer
    ...
    controller.sync_now()   # "Sync now" action
    controller.cancel()     # the Cancel button; a first sync resumes where it stopped next time
    controller.shutdown()   # on close, before the database goes away

Status texts (exactly): "Sync: no hub configured", "Sync: offline — <reason>",
"Sync: syncing… <n> of <m>" (or "Sync: syncing…" before the size is known), and
"Sync: synced at HH:MM (<zone>)"; the offline and synced states add " · N waiting" (changes not yet
acknowledged by the hub) and " · N conflicts" (quarantined changes for a supervisor) when non-zero.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from triage_desk.domain.clock import format_local
from triage_desk.domain.errors import TriageDeskError
from triage_desk.platform.settings import Settings
from triage_desk.services.sync_service import SyncReport, SyncService, SyncStatus
from triage_desk.sync.progress import SyncProgress

log = logging.getLogger(__name__)

NO_HUB = "Sync: no hub configured"
SYNCING = "Sync: syncing…"

ServiceSource = SyncService | Callable[[], SyncService]


@dataclass(frozen=True)
class _Outcome:
    status: SyncStatus
    report: SyncReport | None = None
    error: str | None = None


class _Job(QRunnable):
    """One sync (or just a status read) on the pool thread; reports back through queued signals."""

    def __init__(self, controller: SyncController, service: SyncService, *, sync: bool) -> None:
        super().__init__()
        self._c = controller
        self._service = service
        self._sync = sync

    def run(self) -> None:
        report, error = None, None
        try:
            if self._sync:
                report = self._service.sync_now(progress=self._progress, cancelled=self._c._cancel.is_set)
        except Exception as exc:  # every failure becomes the "offline" state; none escapes the pool
            text = exc.message if isinstance(exc, TriageDeskError) else str(exc)
            error = text.splitlines()[0] if text else type(exc).__name__
            log.info("sync failed: %s", error)
        try:
            outcome = _Outcome(self._service.status(), report, error)
        except Exception as exc:
            log.exception("sync status could not be read")
            self._emit(self._c._failed, str(exc))
            return
        self._emit(self._c._done, outcome)

    def _progress(self, p: SyncProgress) -> None:
        self._emit(self._c._progressed, p.phase, p.done, p.total if p.total is not None else -1)

    @staticmethod
    def _emit(signal: Any, *values: object) -> None:
        try:
            signal.emit(*values)
        except RuntimeError:  # pragma: no cover - the controller was destroyed meanwhile
            log.debug("sync result dropped: controller gone")


class SyncController(QObject):
    status_text = Signal(str)
    progress = Signal(int, int)  # done, total (total 0 while unknown)
    # After every finished attempt: the SyncReport, or None when the attempt failed.
    finished = Signal(object)

    _done = Signal(object)
    _failed = Signal(str)
    _progressed = Signal(str, int, int)

    def __init__(
        self,
        sync_service_factory: ServiceSource,
        settings: Settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._source = sync_service_factory
        self._settings = settings
        self._cancel = threading.Event()
        self._running = False
        self._again = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(settings.sync_interval_seconds)) * 1000)
        self._timer.timeout.connect(self.sync_now)
        self._done.connect(self._on_done)
        self._failed.connect(self._on_failed)
        self._progressed.connect(self._on_progress)
        self.last_text = ""
        self.last_status: SyncStatus | None = None

    @classmethod
    def for_app(cls, app: Any, parent: QObject | None = None) -> SyncController:
        """The controller for an open desk (``AppServices``): its database and its settings."""
        return cls(lambda: SyncService(app.db, app.settings), app.settings, parent)

    # --- public API ------------------------------------------------------------------------------

    @property
    def hub_configured(self) -> bool:
        return bool(self._settings.hub_url)

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        """Show the state now, sync once, then every ``sync_interval_seconds`` (if a hub is set)."""
        if not self.hub_configured:
            self._emit_text(NO_HUB)
            return
        self.sync_now()
        self._timer.start()

    def sync_now(self) -> bool:
        """Start a sync unless one is running (then one more follows it). False without a hub."""
        if not self.hub_configured:
            self._emit_text(NO_HUB)
            return False
        if self._running:
            self._again = True
            return True
        self._run(sync=True)
        return True

    def refresh(self) -> None:
        """Re-read the counts (e.g. after a local edit or a resolved conflict) without syncing."""
        if not self.hub_configured:
            self._emit_text(NO_HUB)
        elif not self._running:
            self._run(sync=False)

    def cancel(self) -> None:
        """Stop the running sync after the page in hand; what was stored stays, the rest follows."""
        if self._running:
            self._again = False
            self._cancel.set()

    def shutdown(self, msecs: int = 30_000) -> bool:
        """Stop the timer, cancel any sync and wait for the worker (call before closing the database)."""
        self._timer.stop()
        self.cancel()
        return self._pool.waitForDone(msecs)

    # --- worker plumbing -------------------------------------------------------------------------

    def _service(self) -> SyncService:
        return self._source if isinstance(self._source, SyncService) else self._source()

    def _run(self, *, sync: bool) -> None:
        self._running = True
        self._cancel.clear()
        if sync:
            self._emit_text(SYNCING)
        self._pool.start(_Job(self, self._service(), sync=sync))

    @Slot(str, int, int)
    def _on_progress(self, phase: str, done: int, total: int) -> None:
        if phase in ("push", "pull") and total > 0:
            self.progress.emit(done, total)
            self._emit_text(f"{SYNCING} {done:,} of {total:,}")

    @Slot(object)
    def _on_done(self, outcome: _Outcome) -> None:
        self._running = False
        self.last_status = outcome.status
        self._emit_text(self._text_for(outcome))
        self.finished.emit(outcome.report)
        if self._again:
            self._again = False
            self.sync_now()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._running = False
        self._emit_text(f"Sync: offline — {message}")
        self.finished.emit(None)

    def _text_for(self, outcome: _Outcome) -> str:
        status = outcome.status
        if outcome.error is not None:
            text = f"Sync: offline — {outcome.error}"
        elif outcome.report is not None and outcome.report.cancelled:
            text = "Sync: offline — cancelled; the next sync carries on where this one stopped"
        elif status.last_success_at is not None:
            when = format_local(status.last_success_at, self._settings.timezone, "%H:%M")
            text = f"Sync: synced at {when} ({self._settings.timezone})"
        elif status.last_error:
            text = f"Sync: offline — {status.last_error.splitlines()[0]}"
        else:
            text = "Sync: offline — not synced yet"
        if status.pending:
            text += f" · {status.pending} waiting"
        if status.quarantined:
            text += f" · {status.quarantined} conflicts"
        return text

    def _emit_text(self, text: str) -> None:
        self.last_text = text
        self.status_text.emit(text)
