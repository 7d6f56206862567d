"""What every demo-data generator shares: the seeded random stream, the time window and the ids.

See services/demo_data.py for how the generators fit together and why the data is deterministic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from faker import Faker

from triage_desk.services.demo_vocabulary import YEARS_OF_HISTORY

Row = dict[str, Any]


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def iso(seconds: int) -> str:
    """A datetime answer as the forms engine stores it (answer_codec: UTC ISO 8601)."""
    return at(seconds).isoformat()


@dataclass(frozen=True)
class DemoUser:
    id: str
    role: str
    team: str


class DemoContext:
    """One ``random.Random(seed)`` (and Faker seeded alike), the anchor time and the history window.

    Ids are UUIDv7-*shaped* (48-bit millisecond timestamp from the row's own time, version 7,
    RFC 4122 variant) with random bits from a seeded generator: ``uuid6.uuid7()`` reads the real
    clock and OS randomness, so it cannot give repeatable data.
    """

    def __init__(self, *, seed: int, now: datetime, site_id: str) -> None:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        self.seed = seed
        self.site_id = site_id
        self.rng = random.Random(seed)
        self.faker = Faker("en_GB")
        self.faker.seed_instance(seed)
        self.anchor = int(now.timestamp())
        self.anchor_date = now.astimezone(UTC).date()
        self.start = self.anchor - int(YEARS_OF_HISTORY * 365.25 * 86400)
        # Leave room for the longest involvement/advice/close/sign delays so nothing is in the future.
        self.receipt_end = self.anchor - 6 * 3600

    def new_id(self, at_seconds: int, rng: random.Random | None = None) -> str:
        """UUIDv7 layout (ms timestamp, version 7, variant 10) with seeded random bits."""
        bits = (rng or self.rng).getrandbits(84)
        ms = at_seconds * 1000 + (bits >> 74) % 1000  # spread within the second, still seeded
        rand = bits & ((1 << 74) - 1)
        value = (
            (ms & 0xFFFF_FFFF_FFFF) << 80
            | 0x7 << 76
            | (rand >> 62) << 64
            | 0b10 << 62
            | (rand & 0x3FFF_FFFF_FFFF_FFFF)
        )
        h = f"{value:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def synced(self, row_id: str, created: int) -> Row:
        """The columns every synced row starts with."""
        stamp = at(created)
        return {"id": row_id, "version": 1, "origin_site": self.site_id, "created_at": stamp,
                "updated_at": stamp, "deleted": False}

    def later(self, created: int) -> int:
        """A moment between ``created`` and the anchor, favouring soon after."""
        room = max(self.anchor - created, 1)
        return created + int(room * self.rng.random() ** 3)
