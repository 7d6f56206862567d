"""Reporting periods: the day and night shifts of a control room, and any custom range.

Shifts are defined on the wall clock in Europe/London (day 07:00-19:00, night 19:00-07:00) and
converted to UTC instants, which is what the database stores. Converting each end separately is
what makes clock changes come out right: the night that spans the last Sunday of October is 13
hours long (the clocks go back at 02:00 BST), the one that spans the last Sunday of March is 11.
Neither 07:00 nor 19:00 ever falls in the skipped or repeated hour, so no end is ambiguous.

A period is half-open, ``start <= t < end``, so consecutive shifts never count a contact twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from triage_desk.domain.errors import ValidationError

LONDON = ZoneInfo("Europe/London")
DAY_START = time(7, 0)
NIGHT_START = time(19, 0)
PRESETS = ("current", "last", "day", "night")


@dataclass(frozen=True)
class Period:
    """A half-open UTC interval with the name a supervisor would give it."""

    start: datetime
    end: datetime
    label: str

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("period ends must be timezone-aware")
        if self.end <= self.start:
            raise ValidationError(
                "The end of the period must be after its start.",
                hint="Check the from and to times.",
            )

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    def local_start(self) -> datetime:
        return self.start.astimezone(LONDON)

    def local_end(self) -> datetime:
        return self.end.astimezone(LONDON)

    def describe(self) -> str:
        """'Night shift 26/10/2025 19:00 – 27/10/2025 07:00 (Europe/London, 13 h)'."""
        fmt = "%d/%m/%Y %H:%M"
        hours = f"{self.hours:g} h"
        return (
            f"{self.label}: {self.local_start():{fmt}} – {self.local_end():{fmt}} "
            f"(Europe/London, {hours})"
        )


def london_offsets(period: Period) -> list[tuple[datetime, int]]:
    """Europe/London's UTC offset over ``period``: (from this UTC instant, offset in minutes), in
    order, starting at ``period.start``. One entry for most periods, two when a clock change falls
    inside. SQL without time-zone support converts to London time with these (see reports/sql.py)."""

    def offset(moment: datetime) -> int:
        delta = moment.astimezone(LONDON).utcoffset()
        return int(delta.total_seconds() // 60) if delta is not None else 0

    out = [(period.start, offset(period.start))]
    day = timedelta(days=1)
    moment = period.start
    while moment < period.end:
        nxt = min(moment + day, period.end)
        if offset(nxt) != out[-1][1]:
            # The change lies in (moment, nxt]: London changes on the hour UTC, so walk the hours.
            change = moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            while offset(change) == out[-1][1]:
                change += timedelta(hours=1)
            out.append((change, offset(change)))
            moment = change
        else:
            moment = nxt
    return out


def _at(day: date, wall: time) -> datetime:
    return datetime.combine(day, wall, tzinfo=LONDON).astimezone(UTC)


def day_shift(day: date) -> Period:
    """07:00-19:00 local on ``day``."""
    return Period(_at(day, DAY_START), _at(day, NIGHT_START), f"Day shift {day:%d/%m/%Y}")


def night_shift(day: date) -> Period:
    """19:00 local on ``day`` to 07:00 local the next morning."""
    end = _at(day + timedelta(days=1), DAY_START)
    return Period(_at(day, NIGHT_START), end, f"Night shift {day:%d/%m/%Y}")


def shift_containing(moment: datetime) -> Period:
    """The day or night shift that ``moment`` (aware) falls in."""
    local = moment.astimezone(LONDON)
    if DAY_START <= local.time() < NIGHT_START:
        return day_shift(local.date())
    # Before 07:00 the night began the previous evening.
    start_day = local.date() if local.time() >= NIGHT_START else local.date() - timedelta(days=1)
    return night_shift(start_day)


def current_shift(now: datetime) -> Period:
    shift = shift_containing(now)
    return Period(shift.start, shift.end, "Current shift — " + shift.label)


def last_shift(now: datetime) -> Period:
    """The shift that ended most recently before ``now``."""
    shift = shift_containing(shift_containing(now).start - timedelta(minutes=1))
    return Period(shift.start, shift.end, "Last shift — " + shift.label)


def custom(start: datetime, end: datetime, label: str = "Custom period") -> Period:
    """A range given by the user; naive times are read as Europe/London wall-clock times."""
    return Period(as_utc(start), as_utc(end), label)


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(UTC)


def preset(name: str, now: datetime, on: date | None = None) -> Period:
    """A named preset. ``day``/``night`` take the shift on date ``on`` (default: the latest one
    that has started by ``now``)."""
    if name == "current":
        return current_shift(now)
    if name == "last":
        return last_shift(now)
    local_now = now.astimezone(LONDON)
    today, yesterday = local_now.date(), local_now.date() - timedelta(days=1)
    if name == "day":
        return day_shift(on or (today if local_now.time() >= DAY_START else yesterday))
    if name == "night":
        return night_shift(on or (today if local_now.time() >= NIGHT_START else yesterday))
    raise ValidationError(f"Unknown period preset {name!r}.", hint=f"Use one of: {', '.join(PRESETS)}.")
