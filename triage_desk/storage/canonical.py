"""Canonical JSON for synced rows: the one format used in the outbox, on the hub and in dumps.

Canonical means: keys sorted, no whitespace, datetimes as ISO 8601 in UTC with microseconds and
"+00:00", dates as ISO dates. Two replicas holding the same row therefore produce the same bytes,
which is what content hashes and replica dumps compare.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, Table

from triage_desk.storage.types import UTCDateTime


def encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime in a synced row")
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_payload(table: Table, row: Any) -> dict[str, Any]:
    """The canonical dict of an ORM object or a mapping, covering every column of ``table``."""
    get = row.get if isinstance(row, Mapping) else lambda key: getattr(row, key)
    return {c.key: encode_value(get(c.key)) for c in table.columns}


def canonical_json(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(payload: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


def _decoder(column_type: object) -> Callable[[Any], Any] | None:
    if isinstance(column_type, UTCDateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(column_type, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    return None


_DECODERS: dict[str, dict[str, Callable[[Any], Any]]] = {}


def payload_values(table: Table, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Column values ready for an INSERT, from a canonical payload (unknown keys are ignored)."""
    decoders = _DECODERS.get(table.name)
    if decoders is None:
        decoders = {c.key: d for c in table.columns if (d := _decoder(c.type)) is not None}
        _DECODERS[table.name] = decoders
    values = {}
    for c in table.columns:
        value = payload.get(c.key)
        decode = decoders.get(c.key)
        values[c.key] = decode(value) if decode is not None else value
    return values
