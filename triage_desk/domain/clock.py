"""Time: stored in UTC (aware), shown in the user's zone. Device time is for display only."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Europe/London"


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_local(moment: datetime, zone: str = DEFAULT_ZONE) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not allowed; store and pass UTC-aware values")
    return moment.astimezone(ZoneInfo(zone))


def format_local(moment: datetime | None, zone: str = DEFAULT_ZONE, fmt: str = "%d/%m/%Y %H:%M") -> str:
    if moment is None:
        return ""
    return to_local(moment, zone).strftime(fmt)
