"""The single writer lane for one open contact: autosave, then sign, in order, off the UI thread.

Autosave: every change schedules a save at most ``DEBOUNCE_MS`` later (the timer is not restarted
by further typing, so continuous typing still saves four times a second); the latest answers
replace any not yet written. Writes run on one worker thread, so saves and the final sign are
applied in the order they were made and the UI thread never waits for the disk. Together this
bounds what a killed process can lose to well under one second of typing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import TriageDeskError
from triage_desk.domain.principal import Principal
from triage_desk.domain.purpose import Purpose
from triage_desk.services.contact_service import ContactService, SigningRefusedError

log = logging.getLogger(__name__)
DEBOUNCE_MS = 250


class DraftWriter(QObject):
    saved = Signal(object)  # datetime of the save
    failed = Signal(str)
    signed = Signal(object)  # OpenRecord: the signed record, read back on the writer thread
    sign_refused = Signal(object)  # list[SignProblem]

    def __init__(self, service: ContactService, contact_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.contact_id = contact_id
        self._lock = threading.Lock()
        self._pending: dict[str, object] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="draft-writer")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self._closed = False

    def schedule(self, answers: Mapping[str, object]) -> None:
        if self._closed:
            return
        with self._lock:
            self._pending = dict(answers)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Hand the latest answers to the worker now."""
        self._timer.stop()
        if not self._closed:
            self._executor.submit(self._write)

    def _write(self) -> None:
        with self._lock:
            answers, self._pending = self._pending, None
        if answers is None:
            return
        try:
            self.service.autosave(self.contact_id, answers)
            self.saved.emit(utc_now())
        except TriageDeskError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a disk or database failure must be visible, not lost in a thread
            log.exception("autosave failed for %s", self.contact_id)
            self.failed.emit(f"Autosave failed: {exc}")

    def sign(
        self, principal: Principal, answers: Mapping[str, object], purpose: Purpose | None = None
    ) -> None:
        """Sign as ``principal`` with the editor's final answers, after any save already queued.

        The signed record is then opened (and its view audited, with ``purpose``) here too, so the
        read-only view that replaces the editor needs no database work on the UI thread.
        """
        self._timer.stop()
        with self._lock:
            self._pending = None
        final = dict(answers)
        self._executor.submit(self._sign, principal, final, purpose)

    def _sign(self, principal: Principal, answers: dict[str, object], purpose: Purpose | None) -> None:
        try:
            self.service.sign(self.contact_id, answers, principal=principal)
            self.signed.emit(self.service.open_record(self.contact_id, principal=principal, purpose=purpose))
        except SigningRefusedError as exc:
            self.sign_refused.emit(exc.problems)
        except Exception as exc:
            log.exception("signing failed for %s", self.contact_id)
            self.failed.emit(f"Signing failed: {exc}")

    def close(self) -> None:
        """Write what is pending and stop the worker (waits for the last write)."""
        if self._closed:
            return
        self.flush()
        self._closed = True
        self._executor.shutdown(wait=True)
