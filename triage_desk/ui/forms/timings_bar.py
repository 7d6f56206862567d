"""Call timer and the key timings, each recorded with one keystroke (Ctrl+1 … Ctrl+4).

A timing already recorded is not overwritten by a second press (a stray keystroke must not move
"call received" forward); correct it by typing in the field itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from triage_desk.ui.forms.form_controller import FormController

TIMINGS = (
    ("call_received_at", "Call received", "Ctrl+1"),
    ("mhp_involved_at", "MHP involved", "Ctrl+2"),
    ("advice_given_at", "Advice given", "Ctrl+3"),
    ("closed_at", "Closed", "Ctrl+4"),
)


class TimingsBar(QWidget):
    message = Signal(str)

    def __init__(
        self,
        controller: FormController,
        shortcut_scope: QWidget,
        clock: Callable[[], datetime],
        zone: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._clock = clock
        self._zone = ZoneInfo(zone)
        fields = controller.evaluator.form.fields_by_id
        self.timings = [t for t in TIMINGS if t[0] in fields]
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        self.call_timer = QLabel()
        self.call_timer.setObjectName("callTimer")
        self.call_timer.setStyleSheet("font-size: 14pt; font-weight: 700; font-family: monospace;")
        self.call_timer.setAccessibleName("Call timer")
        row.addWidget(self.call_timer)
        self.labels: dict[str, QLabel] = {}
        for fid, title, key in self.timings:
            label = QLabel()
            label.setAccessibleName(title)
            row.addWidget(label)
            self.labels[fid] = label
            shortcut = QShortcut(QKeySequence(key), shortcut_scope)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda fid=fid: self.record(fid))
        row.addStretch(1)
        self.setVisible(bool(self.timings))
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.update_view)
        self._ticker.start()
        controller.state_changed.connect(self.update_view)
        self.update_view()

    def record(self, fid: str) -> None:
        title = next(t for f, t, _ in self.timings if f == fid)
        existing = self.controller.answers().get(fid)
        if isinstance(existing, datetime):
            shown = existing.astimezone(self._zone).strftime("%H:%M")
            self.message.emit(f"{title} already recorded at {shown}; edit the field to change it.")
            return
        now = self._clock().astimezone(UTC).replace(second=0, microsecond=0)
        self.controller.set_answer(fid, now)
        self.message.emit(f"{title} recorded at {now.astimezone(self._zone):%H:%M}.")

    def update_view(self) -> None:
        answers = self.controller.answers()
        for fid, title, key in self.timings:
            value = answers.get(fid)
            shown = value.astimezone(self._zone).strftime("%H:%M") if isinstance(value, datetime) else "—"
            self.labels[fid].setText(f"{key}  {title}: <b>{shown}</b>")
        start, end = answers.get("call_received_at"), answers.get("closed_at")
        if not isinstance(start, datetime):
            self.call_timer.setText("Call timer -:--:--  (Ctrl+1 when the call came in)")
            return
        stop = end if isinstance(end, datetime) else self._clock()
        seconds = max(int((stop - start).total_seconds()), 0)
        hours, rest = divmod(seconds, 3600)
        elapsed = f"{hours:d}:{rest // 60:02d}:{rest % 60:02d}"
        self.call_timer.setText(f"Call timer {elapsed}" + (" (closed)" if end else ""))
