"""Parse dates and times as nurses type them (UK day-first), with errors that say what to type.

Dates: ``12/3/85``, ``12-03-1985``, ``12.3.1985``, ``12031985``, ``120385``, ``today``, ``yesterday``.
A two-digit year is placed in the century that does not put the date in the future (dates of
birth and incident dates are never in the future): ``12/3/85`` typed in 2025 is 1985.
Times: ``1430``, ``14:30``, ``14.30``, ``930``, ``now``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from triage_desk.domain.errors import ValidationError

_SEPARATED = re.compile(r"^(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{2}|\d{4})$")
_DATE_HINT = "Type the date day first, e.g. 12/3/1985, 12031985, today or yesterday."
_TIME_HINT = "Type a 24-hour time, e.g. 1430, 14:30 or now."


class DateInputError(ValidationError):
    """Typed text is not a date or time we can read unambiguously."""


def parse_date(text: str, today: date) -> date:
    cleaned = text.strip().lower()
    if cleaned in ("today", "t"):
        return today
    if cleaned in ("yesterday", "y"):
        return today - timedelta(days=1)
    match = _SEPARATED.match(cleaned)
    if match:
        day, month, year_text = match.groups()
    elif cleaned.isdigit() and len(cleaned) in (6, 8):
        day, month, year_text = cleaned[:2], cleaned[2:4], cleaned[4:]
    else:
        raise DateInputError(f"'{text.strip()}' is not a date.", hint=_DATE_HINT)
    d, m = int(day), int(month)
    if len(year_text) == 4:
        return _make(d, m, int(year_text), text)
    two = int(year_text)
    candidate = _make(d, m, 2000 + two, text)
    return candidate if candidate <= today else _make(d, m, 1900 + two, text)


def _make(d: int, m: int, y: int, text: str) -> date:
    if not 1 <= m <= 12:
        raise DateInputError(f"'{text.strip()}': month {m} does not exist.", hint=_DATE_HINT)
    try:
        return date(y, m, d)
    except ValueError:
        raise DateInputError(
            f"'{text.strip()}': day {d} does not exist in that month.", hint=_DATE_HINT
        ) from None


def parse_time(text: str, now: datetime) -> time:
    cleaned = text.strip().lower()
    if cleaned in ("now", "n"):
        return now.time().replace(second=0, microsecond=0, tzinfo=None)
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", cleaned)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2))
    elif cleaned.isdigit() and len(cleaned) in (3, 4):
        hours, minutes = int(cleaned[:-2]), int(cleaned[-2:])
    else:
        raise DateInputError(f"'{text.strip()}' is not a time.", hint=_TIME_HINT)
    if hours > 23 or minutes > 59:
        raise DateInputError(f"'{text.strip()}' is not a time of day.", hint=_TIME_HINT)
    return time(hours, minutes)


def parse_datetime(text: str, now: datetime) -> datetime:
    """A local date and time as typed: ``now``, ``1430`` (today), ``today 1430``, ``12/3/25 14:30``.

    ``now`` is the local wall-clock time; the result has the same tzinfo as ``now`` (the caller
    passes an aware local time and converts to UTC to store). Seconds are dropped: the display shows
    minutes, and an invisible seconds part would make "MHP involved >= call received" fail within
    the same minute.
    """
    cleaned = " ".join(text.strip().lower().split())
    if cleaned in ("now", "n"):
        return now.replace(second=0, microsecond=0)
    parts = cleaned.split(" ")
    if len(parts) == 1:
        return datetime.combine(now.date(), parse_time(parts[0], now), now.tzinfo)
    if len(parts) == 2:
        day = parse_date(parts[0], now.date())
        return datetime.combine(day, parse_time(parts[1], now), now.tzinfo)
    raise DateInputError(
        f"'{text.strip()}' is not a date and time.",
        hint="Type e.g. now, 1430, today 1430 or 12/3/2025 14:30.",
    )
