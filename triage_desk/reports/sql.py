"""Small portable SQL building blocks for the report queries (SQLite locally, PostgreSQL hubs).

Only three things differ between the two dialects here: the seconds between two timestamps, a
London date some years before a timestamp, and the local hour of a timestamp. Each has one branch
per dialect; everything else is plain SQLAlchemy Core that both understand. Both branches give the
same figures (tests/core/reports run every figure on both):

- seconds are whole seconds between the two clock readings, as SQLite's ``strftime('%s')`` counts
  (PostgreSQL would otherwise keep fractions, and a median could round the other way);
- dates and hours are Europe/London's, never the server's: PostgreSQL converts with ``timezone()``
  (whatever the session's TimeZone is), SQLite, which has no time zones, adds the London offset
  that applies to each row (:func:`periods.london_offsets`, a CASE over the period's clock changes)
  or converts UTC hour buckets afterwards (:func:`parse_utc_hour`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Date, FromClause, Integer, and_, case, cast, func, select
from sqlalchemy.orm import Session

from triage_desk.reports.periods import Period, london_offsets

ZONE = "Europe/London"


@dataclass(frozen=True)
class Scope:
    """The rows a figure is computed over: a table (or join) and a WHERE condition."""

    table: FromClause
    where: ColumnElement[bool]


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def seconds_between(d: str, start: ColumnElement, end: ColumnElement) -> ColumnElement:
    """Whole seconds from ``start`` to ``end`` (NULL when either is NULL)."""
    if d == "sqlite":
        # strftime('%s') is exact integer seconds; julianday() would add float noise to medians.
        return cast(func.strftime("%s", end), Integer) - cast(func.strftime("%s", start), Integer)
    return func.floor(func.extract("epoch", end)) - func.floor(func.extract("epoch", start))


def years_before(d: str, moment: ColumnElement, years: int, period: Period) -> ColumnElement:
    """The London calendar date ``years`` before ``moment`` (for 'under 18 on the day of the
    contact'); ``moment`` must fall in ``period``, whose clock changes SQLite is told about."""
    if d == "sqlite":
        def shifted(minutes: int) -> ColumnElement:
            return func.date(moment, f"{minutes:+d} minutes", f"-{years} years")

        offsets = london_offsets(period)
        whens = [(moment < change, shifted(before))
                 for (_, before), (change, _) in zip(offsets, offsets[1:], strict=False)]
        last = shifted(offsets[-1][1])
        return case(*whens, else_=last) if whens else last
    return cast(func.timezone(ZONE, moment) - func.make_interval(years), Date)


def hour_bucket(d: str, moment: ColumnElement) -> ColumnElement:
    """A per-hour grouping key. PostgreSQL converts to London time itself; SQLite has no time
    zones, so it groups by UTC hour and :func:`local_hour` converts each bucket afterwards."""
    if d == "sqlite":
        return func.strftime("%Y-%m-%d %H", moment)
    return func.extract("hour", func.timezone(ZONE, moment))


def percentile_cont(values_sorted: Sequence[float], p: float) -> float | None:
    """Linear interpolation between closest ranks, as PostgreSQL's percentile_cont(p)."""
    if not values_sorted:
        return None
    pos = p * (len(values_sorted) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(values_sorted) - 1)
    return values_sorted[lo] + (pos - lo) * (values_sorted[hi] - values_sorted[lo])


def sql_percentiles(
    session: Session, expr: ColumnElement, scope: Scope, ps: Sequence[float]
) -> tuple[int, list[float | None]]:
    """(n, [percentile for each p]) of ``expr`` over ``scope``, fetching at most two values per
    percentile: the database sorts only this one column and LIMIT/OFFSET picks the ranks."""
    where = and_(scope.where, expr.is_not(None))
    n = int(session.execute(select(func.count()).select_from(scope.table).where(where)).scalar_one())
    if n == 0:
        return 0, [None for _ in ps]
    out: list[float | None] = []
    for p in ps:
        pos = p * (n - 1)
        lo = math.floor(pos)
        stmt = select(expr).select_from(scope.table).where(where).order_by(expr).offset(lo).limit(2)
        pair = [float(v) for v in session.execute(stmt).scalars()]
        value = pair[0] if len(pair) == 1 else pair[0] + (pos - lo) * (pair[1] - pair[0])
        out.append(value)
    return n, out


def parse_utc_hour(bucket: str) -> datetime:
    """'2025-10-26 01' (a SQLite UTC bucket) -> aware datetime."""
    return datetime.strptime(bucket, "%Y-%m-%d %H").replace(tzinfo=UTC)

