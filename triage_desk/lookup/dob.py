"""Dates of birth as typed in a hurry: parsing and the plausible mistakes around a date.

Call handlers relay dates by voice, so the usual errors are day and month swapped (US order, or
misheard), one digit wrong, or only the year (or an age) known. ``near_misses`` generates the
dates one such mistake away so retrieval can look them up by index equality (an IN list) instead
of scanning.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = frozenset(_MONTHS)

NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
COMPACT_DATE = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


def expand_year(year: int, today: date) -> int:
    """Two-digit years: the most recent year not in the future ('85' -> 1985, '05' -> 2005)."""
    if year >= 100:
        return year
    century = today.year - today.year % 100
    full = century + year
    return full if full <= today.year else full - 100


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_dob(text: str, today: date) -> tuple[date | None, str | None]:
    """Parse a typed date of birth (UK order). Returns (date, problem); both None means not a date.

    A day/month pair that only makes sense swapped (e.g. 03/25/1990) is accepted in US order,
    because the candidate matching tolerates swaps anyway and refusing would cost the nurse time.
    """
    t = text.strip().lower()
    day = month = year = None
    if m := NUMERIC_DATE.match(t):
        day, month, year = int(m[1]), int(m[2]), expand_year(int(m[3]), today)
    elif m := ISO_DATE.match(t):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := COMPACT_DATE.match(t):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        parts = re.split(r"[\s,/.\-]+", t)
        if len(parts) == 3 and parts[1] in _MONTHS and parts[0].isdigit() and parts[2].isdigit():
            day, month, year = int(parts[0]), _MONTHS[parts[1]], expand_year(int(parts[2]), today)
        else:
            return None, None
    parsed = make_date(year, month, day) or make_date(year, day, month)
    if parsed is None:
        return None, f"'{text.strip()}' is not a real date."
    if parsed > today:
        return None, f"Date of birth {parsed:%d/%m/%Y} is in the future."
    return parsed, None


def swapped(d: date) -> date | None:
    """The date with day and month exchanged, if that is a different real date."""
    if d.day == d.month or d.day > 12:
        return None
    return make_date(d.year, d.day, d.month)


def one_digit_off(d: date) -> set[date]:
    """Every real date whose DDMMYYYY form differs from ``d`` in exactly one digit."""
    text = f"{d.day:02d}{d.month:02d}{d.year:04d}"
    found: set[date] = set()
    for i, original in enumerate(text):
        for digit in "0123456789":
            if digit == original:
                continue
            t = text[:i] + digit + text[i + 1 :]
            candidate = make_date(int(t[4:]), int(t[2:4]), int(t[:2]))
            if candidate is not None and candidate.year >= 1880:
                found.add(candidate)
    return found


def digits_differing(a: date, b: date) -> int:
    ta, tb = f"{a.day:02d}{a.month:02d}{a.year:04d}", f"{b.day:02d}{b.month:02d}{b.year:04d}"
    return sum(x != y for x, y in zip(ta, tb, strict=True))


def age_on(dob: date, today: date) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def transposed(d: date) -> set[date]:
    """Real dates whose DDMMYYYY form has two adjacent digits of ``d`` exchanged (1958 for 1985)."""
    text = f"{d.day:02d}{d.month:02d}{d.year:04d}"
    found: set[date] = set()
    for i in range(len(text) - 1):
        if text[i] == text[i + 1]:
            continue
        t = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        candidate = make_date(int(t[4:]), int(t[2:4]), int(t[:2]))
        if candidate is not None and candidate.year >= 1880:
            found.add(candidate)
    return found
