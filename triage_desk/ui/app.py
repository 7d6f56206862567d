"""Start the GUI: the QApplication, the main window, the services, and one error path.

The window is built from the cheap configuration (paths, settings) and shown at once; the database
is opened and migrated on a worker, so SQLAlchemy and Alembic load while the nurse already sees the
window. A failure (a damaged file, a database from a newer version, bad settings) becomes one clear
dialog and a non-zero exit — never a traceback, and never a change to the file.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from triage_desk.domain.errors import TriageDeskError
from triage_desk.platform.resources import resources_dir
from triage_desk.services.config import AppConfig, load_config
from triage_desk.ui.errors import install_excepthook, show_error
from triage_desk.ui.main_window import MainWindow

if TYPE_CHECKING:
    from triage_desk.services.app import AppServices

log = logging.getLogger(__name__)

Reporter = Callable[[BaseException], None]


def icon_path() -> Path:
    return resources_dir() / "icons" / "triage-desk.svg"


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_qt_log = logging.getLogger("qt")


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    # Qt's own warnings belong in the log file, not on a nurse's console.
    _qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, in the Fusion style on every OS.

    High DPI needs nothing here: Qt 6 always scales, and its default rounding policy (PassThrough)
    already follows fractional OS scaling (125 %, 150 %); ``test_startup`` checks it stays so.
    Fusion draws every control from the theme's palette, so day and night look the same on Windows
    and Linux. It is chosen on the command line Qt reads, so the style exists before any widget and
    the first paint does not wait for PySide to build a Python wrapper for it.
    """
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    qInstallMessageHandler(_qt_message)
    qapp = QApplication([*(argv if argv is not None else sys.argv[:1]), "-style", "Fusion"])
    qapp.setApplicationName("Triage Desk")
    qapp.setOrganizationName("TriageDesk")
    qapp.setDesktopFileName("triage-desk")
    try:
        qapp.setWindowIcon(QIcon(str(icon_path())))
    except TriageDeskError:
        log.warning("application icon not found")
    return qapp


def _report_blocking(exc: BaseException) -> None:
    show_error(None, exc, blocking=True)


def _load_config(
    data_dir: str | Path | None, report: Reporter, *, log_file_now: bool = True
) -> AppConfig | None:
    try:
        return load_config(data_dir, log_file_now=log_file_now)
    except TriageDeskError as exc:
        log.error("could not read the configuration: %s", exc.message)
        report(exc)
        return None


def _open_database(config: AppConfig) -> AppServices:
    # On the worker: the log file, SQLAlchemy and Alembic load while the window is already up.
    config.attach_log_file()
    from triage_desk.services.app import open_app

    return open_app(config=config)


def open_services(data_dir: str | Path | None, report: Reporter | None = None) -> AppServices | None:
    """Open the app's services synchronously, or report why not and return None (selftest, tests)."""
    report = report or _report_blocking
    config = _load_config(data_dir, report)
    if config is None:
        return None
    try:
        return _open_database(config)
    except Exception as exc:
        _log_open_failure(exc)
        report(exc)
        return None


def _log_open_failure(exc: BaseException) -> None:
    if isinstance(exc, TriageDeskError):
        log.error("could not open the database: %s", exc.message)
    else:  # a bug, not a user-fixable state: logged in full, shown briefly
        log.error("unexpected failure opening the database", exc_info=exc)


def run_gui(
    data_dir: str | Path | None = None,
    load_demo: bool = True,
    *,
    report: Reporter | None = None,
    quit_after_shown: bool = False,
) -> int:
    """Show the window first, then open the database on a worker and fill the panels.

    A database that cannot be opened (damaged, from a newer version) becomes one clear dialog and
    exit status 1 — never a traceback, never a change to the file.
    """
    report = report or _report_blocking
    qapp = ensure_application()
    install_excepthook()
    config = _load_config(data_dir, report, log_file_now=False)
    if config is None:
        return 1
    window = MainWindow(config)
    window.show()
    opened: list[AppServices] = []

    def on_open(app: AppServices) -> None:
        opened.append(app)
        window.attach(app)
        if quit_after_shown:
            window.loaded.connect(lambda: (print("ready", flush=True), qapp.quit()))  # noqa: T201
        else:
            from triage_desk.ui.first_run import maybe_load_demo

            maybe_load_demo(window, app, load_demo)

    def on_failure(exc: BaseException) -> None:
        _log_open_failure(exc)
        window.hide()
        report(exc)
        qapp.exit(1)

    if quit_after_shown:
        # For benchmarks/startup.py: the window is up once the event loop has turned after show().
        QTimer.singleShot(0, lambda: print("shown", flush=True))  # noqa: T201
    # After the first turn of the event loop, so the window is on screen before the worker imports
    # SQLAlchemy and Alembic (which would hold the interpreter lock while the window tries to paint).
    QTimer.singleShot(
        0, lambda: window.ops.run("open-database", lambda: _open_database(config), on_open, on_failure)
    )
    try:
        return int(qapp.exec())
    finally:
        window.ops.wait_for_done(10_000)
        config.attach_log_file()  # quit before the worker started: the held records still reach the file
        for app in opened:
            app.close()
