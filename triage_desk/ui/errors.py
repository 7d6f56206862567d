"""The one place errors become dialogs, so every failure reads the same way to a nurse.

A :class:`TriageDeskError` already says what is wrong and what to do; anything else is a bug,
shown as a short apology pointing at the log file rather than a traceback.

The dialog classes (and Qt's namespace of enums, ~20 ms to build in PySide) are imported when an
error is first shown: this module loads before the window's first paint.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from triage_desk.domain.errors import TriageDeskError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

_BUG_TEXT = "Something went wrong inside Triage Desk. Your saved records are safe."
_BUG_HINT = "Details were written to the log file. If it happens again, tell your supervisor or IT support."


def describe(exc: BaseException) -> tuple[str, str | None]:
    """(message, hint) a user can act on, for any exception."""
    if isinstance(exc, TriageDeskError):
        return exc.message, exc.hint
    return _BUG_TEXT, _BUG_HINT


def build_error_box(parent: QWidget | None, exc: BaseException, title: str = "Triage Desk") -> QMessageBox:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    message, hint = describe(exc)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(message)
    if hint:
        box.setInformativeText(hint)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_error(parent: QWidget | None, exc: BaseException, *, blocking: bool = False) -> QMessageBox:
    """Show ``exc``. Non-blocking by default: a failed background read must not freeze the desk."""
    box = build_error_box(parent, exc)
    if blocking:
        box.exec()
    else:
        from PySide6.QtCore import Qt

        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
    return box


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook() -> ExceptHook:
    """Log any uncaught exception and show it, instead of Qt aborting or a silent console trace."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        log.critical("uncaught exception", exc_info=(kind, exc, tb))
        if QApplication.instance() is not None:
            show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
    return previous
