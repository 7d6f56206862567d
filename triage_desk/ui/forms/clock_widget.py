"""The running detention clock (F3): deadline, time remaining, colour as the limit nears.

The deadline itself comes from the form engine (start + limit + granted extension, capped); this
widget only counts down to it once a second. Amber from 3 hours left, red from 1 hour and after.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from triage_desk.ui.forms.field_widgets import FieldWidget
from triage_desk.ui.themes import set_tone

AMBER_SECONDS = 3 * 3600
RED_SECONDS = 3600


class ClockField(FieldWidget):
    def build_input(self) -> QWidget:
        self.display = QLabel()
        self.display.setObjectName("detentionClock")
        self._deadline: datetime | None = None
        self._extension_hours: float = 0
        self.level = "none"
        set_tone(self.display, "clock-none")
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.tick()
        return self.display

    def value(self) -> object:
        return None

    def set_value(self, value: object) -> None:
        """Clocks are computed; there is nothing to load."""

    def set_extension(self, hours: object) -> None:
        granted = float(hours) if isinstance(hours, int | float) else 0.0
        if self.field.clock is not None:
            granted = min(max(granted, 0.0), self.field.clock.max_extension_hours)
        if granted != self._extension_hours:
            self._extension_hours = granted
            self.tick()

    def show_computed(self, value: object) -> None:
        deadline = value if isinstance(value, datetime) else None
        if deadline != self._deadline:
            self._deadline = deadline
            if deadline is None:
                self.timer.stop()
            else:
                self.timer.start()
            self.tick()

    def tick(self) -> None:
        if self._deadline is None:
            self._set("none", "Starts when the arrival time is recorded")
            return
        local = self._deadline.astimezone(ZoneInfo(self.ctx.zone)).strftime("%d/%m/%Y %H:%M")
        limit = self.field.clock.limit_hours if self.field.clock else 0
        basis = f"{limit:g} h" + (
            f" + {self._extension_hours:g} h extension" if self._extension_hours else ""
        )
        seconds = int((self._deadline - self.ctx.clock()).total_seconds())
        if seconds <= 0:
            text = f"DEADLINE PASSED {_hms(-seconds)} ago — ends {local} ({basis})"
        else:
            text = f"{_hms(seconds)} remaining — ends {local} ({basis})"
        level = "red" if seconds <= RED_SECONDS else "amber" if seconds <= AMBER_SECONDS else "ok"
        self._set(level, text)

    def _set(self, level: str, text: str) -> None:
        if level != self.level:
            self.level = level
            set_tone(self.display, f"clock-{level}")  # colours per theme: themes.TONES
        self.display.setText(text)
        self.display.setAccessibleName(f"{self.field.label}: {text}")


def _hms(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours:d}:{rest // 60:02d}:{rest % 60:02d}"
