"""Opening hours: a small readable syntax, and "is it open now?" in Europe/London.

Syntax (one rule per ``;``; a later rule replaces earlier ones for the days it names)::

    24/7
    Mo-Fr 09:00-17:00; Sa,Su 10:00-16:00; PH off
    Mo-Su 18:00-02:00            (an end before the start runs past midnight)
    Mo-Fr 08:00-12:00,13:00-17:00; PH 10:00-14:00

Days: Mo Tu We Th Fr Sa Su, ranges (Mo-Fr) and lists (Sa,Su); ``PH`` = England & Wales bank holidays
(``holidays`` package). If ``PH`` is not mentioned, a bank holiday follows its weekday's hours.

Why times are compared in UTC: two aware datetimes sharing a ZoneInfo compare by wall-clock time,
which is wrong across a clock change; converting to UTC first makes 01:30 on the autumn change
unambiguous (hazard H3, wrong time zone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from triage_desk.domain.clock import DEFAULT_ZONE

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_SPAN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
HINT = "Write e.g. 'Mo-Fr 09:00-17:00; Sa,Su 10:00-16:00; PH off' or '24/7'."


class HoursSyntaxError(ValueError):
    """The hours text cannot be read; the message says which part and what to write."""


Span = tuple[time, time]


@dataclass(frozen=True)
class OpeningHours:
    text: str
    always: bool = False
    week: tuple[tuple[Span, ...], ...] = ((),) * 7  # Monday first
    holiday: tuple[Span, ...] | None = None  # None: bank holidays follow the weekday
    _zone: ZoneInfo = field(default=ZoneInfo(DEFAULT_ZONE), compare=False, repr=False)

    def spans_on(self, day: date) -> tuple[Span, ...]:
        if self.holiday is not None and is_bank_holiday(day):
            return self.holiday
        return self.week[day.weekday()]

    def intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """Opening intervals that start on ``day`` (local), as UTC datetimes."""
        result = []
        for start, end in self.spans_on(day):
            begin = datetime.combine(day, start, self._zone)
            end_day = day if end > start and end != time(0) else day + timedelta(days=1)
            finish = datetime.combine(end_day, end, self._zone)
            result.append((begin.astimezone(UTC), finish.astimezone(UTC)))
        return result

    def status(self, at: datetime) -> tuple[bool, datetime | None]:
        """(open now?, next opening time if closed — None if none within 8 days)."""
        if self.always:
            return True, None
        moment = at.astimezone(UTC)
        local_day = at.astimezone(self._zone).date()
        for day in (local_day - timedelta(days=1), local_day):
            if any(b <= moment < e for b, e in self.intervals(day)):
                return True, None
        for offset in range(0, 8):
            starts = [b for b, _ in self.intervals(local_day + timedelta(days=offset)) if b > moment]
            if starts:
                return False, min(starts)
        return False, None

    def describe(self, at: datetime) -> str:
        is_open, opens = self.status(at)
        if is_open:
            return "open now"
        if opens is None:
            return "closed"
        local_open, local_now = opens.astimezone(self._zone), at.astimezone(self._zone)
        if local_open.date() == local_now.date():
            return f"closed — opens at {local_open:%H:%M}"
        return f"closed — opens {local_open:%a %H:%M}"


@lru_cache(maxsize=8)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def parse_hours(text: str) -> OpeningHours:
    cleaned = " ".join(text.split())
    if cleaned == "24/7":
        return OpeningHours(cleaned, always=True)
    if not cleaned:
        raise HoursSyntaxError("no opening hours given. " + HINT)
    week: list[tuple[Span, ...]] = [()] * 7
    holiday: tuple[Span, ...] | None = None
    for part in (p.strip() for p in cleaned.split(";")):
        if not part:
            continue
        pieces = part.split(" ")
        if len(pieces) != 2:
            raise HoursSyntaxError(f"'{part}': expected days then times, e.g. 'Mo-Fr 09:00-17:00'. " + HINT)
        days, spans = _days(pieces[0], part), _spans(pieces[1], part)
        for d in days:
            if d == "PH":
                holiday = spans
            else:
                week[DAYS.index(d)] = spans
    return OpeningHours(cleaned, week=tuple(week), holiday=holiday)


def _days(text: str, part: str) -> list[str]:
    result: list[str] = []
    for item in text.split(","):
        if item == "PH" or item in DAYS:
            result.append(item)
        elif "-" in item and all(d in DAYS for d in item.split("-", 1)):
            a, b = (DAYS.index(d) for d in item.split("-", 1))
            result += [DAYS[i % 7] for i in range(a, b + 1 if b >= a else b + 8)]
        else:
            raise HoursSyntaxError(
                f"'{part}': '{item}' is not a day. Use Mo Tu We Th Fr Sa Su or PH. " + HINT
            )
    return result


def _spans(text: str, part: str) -> tuple[Span, ...]:
    if text == "off":
        return ()
    spans = []
    for item in text.split(","):
        m = _SPAN.match(item)
        if not m:
            raise HoursSyntaxError(f"'{part}': '{item}' is not a time range like 09:00-17:00. " + HINT)
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h2 == 24 and m2:
            raise HoursSyntaxError(f"'{part}': 24:{m2:02d} is not a time; use 24:00 or 00:00. " + HINT)
        start, end = time(h1, m1), time(0) if h2 == 24 else time(h2, m2)
        if start == end and h2 != 24:
            raise HoursSyntaxError(f"'{part}': '{item}' opens and closes at the same time. " + HINT)
        spans.append((start, end))
    return tuple(spans)
