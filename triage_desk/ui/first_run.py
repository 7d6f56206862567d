"""First run: fill an empty database with demo data, with progress and a Cancel button.

Only when the database holds no people and no contacts, the user did not pass ``--no-demo``, and
settings allow it (``demo_data_on_first_run``). Generation runs on a worker; the dialog follows it.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

from triage_desk.ui.errors import show_error

if TYPE_CHECKING:
    from triage_desk.services.app import AppServices
    from triage_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DEMO_PERSONS = 2000
DEMO_CONTACTS = 8000


class _Progress(QObject):
    # Emitted on the worker thread, delivered on the UI thread (queued connection).
    changed = Signal(str, int, int)


def _database_is_empty(app: AppServices) -> bool:
    counts = app.counts()
    return counts.persons == 0 and counts.contacts_signed == 0 and counts.contacts_draft == 0


def maybe_load_demo(window: MainWindow, app: AppServices, load_demo: bool) -> None:
    if not (load_demo and app.settings.demo_data_on_first_run):
        return
    window.ops.run(
        "first-run-check",
        lambda: _database_is_empty(app),
        lambda empty: _start(window, app) if empty else None,
    )


def _start(window: MainWindow, app: AppServices) -> None:
    cancel = threading.Event()
    progress = _Progress(window)
    dialog = QProgressDialog("Creating demo data for a first look…", "Cancel", 0, 0, window)
    dialog.setWindowTitle("Triage Desk — first run")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(cancel.set)

    def on_progress(stage: str, done: int, total: int) -> None:
        dialog.setLabelText(f"Creating demo data: {stage} ({done:,} of {total:,})")
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    progress.changed.connect(on_progress)

    def finish(_result: object) -> None:
        dialog.close()
        progress.deleteLater()
        window.demo_loaded()

    def failed(exc: BaseException) -> None:
        dialog.close()
        progress.deleteLater()
        if not cancel.is_set():
            show_error(window, exc)
        window.refresh()

    window.ops.run(
        "demo-data",
        lambda: app.load_demo_data(  # type: ignore[attr-defined]
            persons=DEMO_PERSONS,
            contacts=DEMO_CONTACTS,
            seed=1,
            progress=progress.changed.emit,
            cancelled=cancel.is_set,
        ),
        finish,
        failed,
    )
    dialog.show()
