"""Run service calls off the UI thread and hand the answer back on it (after Anki's QueryOp).

Every read the window makes goes through :class:`BackgroundOps`:

    ops.run("people", lambda: app.recent_people(500), on_done=panel.set_people)

The callable runs on a thread pool; ``on_done`` / ``on_error`` run later on the UI thread. Each
*key* has a generation counter: starting a new job for "people" makes any older "people" job
stale, and its result is dropped when it arrives, so a slow query can never overwrite the answer
to a newer one (typing fast, pressing F5 twice).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from triage_desk.ui.errors import show_error

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    key: str
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None


class _Job(QRunnable):
    def __init__(self, token: int, fn: Callable[[], Any], ops: BackgroundOps) -> None:
        super().__init__()
        self._token = token
        self._fn = fn
        self._ops = ops

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # every failure is reported; none may escape into the pool
            self._emit(self._ops._failed, exc)
        else:
            self._emit(self._ops._finished, result)

    def _emit(self, signal_name: Any, value: object) -> None:
        try:
            signal_name.emit(self._token, value)
        except RuntimeError:
            # The window was destroyed while this job ran; nobody is waiting for the answer.
            log.debug("background result dropped: receiver gone")


class BackgroundOps(QObject):
    """Background jobs for one window. Emits ``idle`` when the last pending job has been delivered."""

    _finished = Signal(int, object)
    _failed = Signal(int, object)
    idle = Signal()

    def __init__(self, parent: QWidget, *, max_threads: int = 3) -> None:
        super().__init__(parent)
        self._parent = parent
        # A private pool, so closing the window can wait for exactly its own jobs before the
        # database is closed under them.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._next_token = 0
        self._latest: dict[str, int] = {}
        self._pending: dict[int, _Pending] = {}
        # Signals emitted from pool threads are queued to this object's (the UI) thread.
        self._finished.connect(self._deliver_result)
        self._failed.connect(self._deliver_error)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self,
        key: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        self._next_token += 1
        token = self._next_token
        self._latest[key] = token
        self._pending[token] = _Pending(key, on_done, on_error)
        self._pool.start(_Job(token, fn, self))
        return token

    def discard(self, *keys: str) -> None:
        """Drop the answers of running jobs with these keys when they arrive (nobody wants them now)."""
        for key in keys:
            self._latest.pop(key, None)

    def discard_all(self) -> None:
        """Drop every running job's answer: on sign-out, nothing read for the last user may land."""
        self._latest.clear()

    def wait_for_done(self, msecs: int = 10_000) -> bool:
        """Block until running jobs end (used on close, before the database goes away)."""
        return self._pool.waitForDone(msecs)

    def _take(self, token: int) -> _Pending | None:
        pending = self._pending.pop(token, None)
        if pending is None or self._latest.get(pending.key) != token:
            return None  # stale: a newer job with the same key was started meanwhile
        return pending

    def _after_delivery(self) -> None:
        if not self._pending:
            self.idle.emit()

    @Slot(int, object)
    def _deliver_result(self, token: int, result: object) -> None:
        pending = self._take(token)
        try:
            if pending is not None:
                pending.on_done(result)
        finally:
            self._after_delivery()

    @Slot(int, object)
    def _deliver_error(self, token: int, exc: BaseException) -> None:
        pending = self._take(token)
        try:
            if pending is not None:
                log.error("background job %r failed", pending.key, exc_info=exc)
                if pending.on_error is not None:
                    pending.on_error(exc)
                else:
                    show_error(self._parent, exc)
        finally:
            self._after_delivery()
