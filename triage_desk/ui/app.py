"""Start the GUI: the QApplication, the services, the main window, and one error path.

Opening the database happens before any window exists, so it is done here, synchronously; a
failure (a damaged file, a database from a newer version, bad settings) becomes one clear dialog and
a non-zero exit — never a traceback, and never a change to the file.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from triage_desk.domain.errors import TriageDeskError
from triage_desk.platform.resources import resources_dir
from triage_desk.services.app import AppServices, open_app
from triage_desk.ui.errors import install_excepthook, show_error
from triage_desk.ui.first_run import maybe_load_demo
from triage_desk.ui.main_window import MainWindow

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
    """The one QApplication, created with the high-DPI policy that must precede it."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scaling (125 %, 150 %) as the OS asks, instead of rounding to 100 % or 200 %.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    qInstallMessageHandler(_qt_message)
    qapp = QApplication(argv if argv is not None else sys.argv[:1])
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


def open_services(data_dir: str | Path | None, report: Reporter | None = None) -> AppServices | None:
    """Open the app's services, or report why not (default: a modal message box) and return None."""
    try:
        return open_app(data_dir)
    except TriageDeskError as exc:
        log.error("could not open the application: %s", exc.message)
        (report or _report_blocking)(exc)
        return None
    except Exception as exc:  # a bug, not a user-fixable state: logged in full, shown briefly
        log.exception("unexpected failure opening the application")
        (report or _report_blocking)(exc)
        return None


def run_gui(
    data_dir: str | Path | None = None,
    load_demo: bool = True,
    *,
    report: Reporter | None = None,
    quit_after_shown: bool = False,
) -> int:
    qapp = ensure_application()
    install_excepthook()
    app = open_services(data_dir, report)
    if app is None:
        return 1
    try:
        window = MainWindow(app)
        window.show()
        if quit_after_shown:
            # For benchmarks/startup.py: report once the event loop has turned with the window shown.
            QTimer.singleShot(0, lambda: (print("shown", flush=True), qapp.quit()))  # noqa: T201
        else:
            maybe_load_demo(window, app, load_demo)
        return int(qapp.exec())
    finally:
        app.close()
