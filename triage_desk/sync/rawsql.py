"""Bulk row writes for sync, below SQLAlchemy's per-row parameter processing.

Profiling a 10,000-contact push and a 120,000-row first sync showed most of the time in SQLAlchemy's
per-row bind processing (type decorators, JSON serialisation, compiled-parameter construction), not
in the databases. Sync writes many rows of a handful of fixed shapes, so here each shape is turned
into a plain tuple once and handed to the driver: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.
The values written are exactly what the SQLAlchemy column types would have written (checked by the
sync tests, which read every row back through the ORM):

- ``UTCDateTime`` on SQLite: naive UTC text ``YYYY-MM-DD HH:MM:SS.ffffff``;
- ``Date`` on SQLite: ``YYYY-MM-DD`` text (the canonical payload form already);
- ``JSON``: ``json.dumps`` text, SQLAlchemy's default serialiser (a Python None is JSON ``null``);
- booleans, integers and strings as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Connection, Date, String, Table, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.elements import ColumnElement

from triage_desk.storage.types import UTCDateTime

Converter = Callable[[Any], Any]


def sqlite_datetime_from_iso(value: str | None) -> str | None:
    """Canonical payload text (``2026-03-01T12:00:00.000000+00:00``) to SQLite storage text."""
    if value is None:
        return None
    if len(value) == 32 and value.endswith("+00:00") and value[10] == "T":
        return f"{value[:10]} {value[11:26]}"
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("naive datetime in a synced row")
    return sqlite_datetime(parsed)


def sqlite_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime refused: pass a timezone-aware UTC value")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _json_text(value: Any) -> str:
    return json.dumps(value)


def _date_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def payload_converters(table: Table) -> list[tuple[str, Converter | None, Any]]:
    """Per column of a desk table: key, converter from canonical payload value to SQLite storage,
    and the value used when an older desk's payload lacks the column (its scalar default, or None)."""
    out: list[tuple[str, Converter | None, Any]] = []
    for c in table.columns:
        conv: Converter | None = None
        if isinstance(c.type, UTCDateTime):
            conv = sqlite_datetime_from_iso
        elif isinstance(c.type, JSON):
            conv = _json_text
        elif isinstance(c.type, Date):
            conv = _date_text
        default = c.default.arg if c.default is not None and c.default.is_scalar else None
        out.append((c.key, conv, default))
    return out


def _python_converters(table: Table, dialect: str) -> list[Converter | None]:
    """Converters from Python values (datetime objects, dicts) for a hub table."""
    out: list[Converter | None] = []
    for c in table.columns:
        if isinstance(c.type, UTCDateTime) and dialect == "sqlite":
            out.append(sqlite_datetime)
        elif isinstance(c.type, JSON):
            out.append(_json_text)
        else:
            out.append(None)
    return out


def tuples(
    rows: Iterable[Mapping[str, Any]], keys: Sequence[str], converters: Sequence[Converter | None]
) -> list[tuple[Any, ...]]:
    pairs = list(zip(keys, converters, strict=True))
    return [tuple(v if (v := row.get(k)) is None or f is None else f(v) for k, f in pairs) for row in rows]


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT every row (dicts keyed by column) inside the caller's transaction, as fast as the
    driver allows: COPY on PostgreSQL, one prepared executemany on SQLite."""
    if not rows:
        return
    dialect = conn.dialect.name
    keys = [c.key for c in table.columns]
    data = tuples(rows, keys, _python_converters(table, dialect))
    cols = ", ".join(f'"{k}"' for k in keys)
    driver = conn.connection.driver_connection
    assert driver is not None
    if dialect == "postgresql":
        with driver.cursor() as cur, cur.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:
            for row in data:
                copy.write_row(row)
        return
    if dialect == "sqlite":
        marks = ", ".join("?" for _ in keys)
        cur = driver.cursor()
        try:
            cur.executemany(f'INSERT INTO "{table.name}" ({cols}) VALUES ({marks})', data)
        finally:
            cur.close()
        return
    conn.execute(table.insert(), [dict(r) for r in rows])  # any other backend: the portable path


def id_filters(conn: Connection, column: Any, ids: Sequence[str]) -> Iterator[ColumnElement[bool]]:
    """WHERE clauses covering ``ids``: one ``= ANY(array)`` on PostgreSQL (one bound parameter, so the
    driver does not rewrite a query of thousands of placeholders), chunks of ``IN`` elsewhere."""
    if not ids:
        return
    if conn.dialect.name == "postgresql":
        yield column == any_(bindparam(None, list(ids), type_=ARRAY(String)))
        return
    for i in range(0, len(ids), 900):
        yield column.in_(ids[i : i + 900])
