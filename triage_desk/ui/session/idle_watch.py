"""Notices when nobody has touched the desk for a while, so the window can lock itself.

An application-wide event filter restarts one timer on every key press, click, scroll or pointer
move; the filter never consumes an event. While nobody is signed in the watch is stopped and the
filter removed: a Python filter sees every event of every object, and the first ones make PySide
load the Python type of almost every Qt class (about 30 ms, which would otherwise land on the first
paint of the sign-in page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent


def _activity_events() -> frozenset[QEvent.Type]:
    # Built when the watch first starts: QEvent.Type has ~170 members, and PySide builds the class
    # and its enums on first use (~2 ms), which need not happen before the sign-in page first paints.
    from PySide6.QtCore import QEvent

    return frozenset({
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    })


class IdleWatch(QObject):
    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        self._filtering = False
        self._activity: frozenset[QEvent.Type] = frozenset()

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(1, minutes) * 60_000)

    def set_interval_ms(self, msecs: int) -> None:
        self._timer.setInterval(msecs)
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        qapp = QApplication.instance()
        if not self._filtering and qapp is not None:
            self._activity = self._activity or _activity_events()
            qapp.installEventFilter(self)
            self._filtering = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        qapp = QApplication.instance()
        if self._filtering and qapp is not None:
            qapp.removeEventFilter(self)
        self._filtering = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if self._timer.isActive() and event.type() in self._activity:
            self._timer.start()
        return False
