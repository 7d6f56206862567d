"""A new desk's first sync loads the big tables without their secondary indexes, then rebuilds them.

Measured on this project's schema (persons carry eleven lookup indexes, contacts five): inserting
240,000 pulled rows took 7.0 s with the indexes in place and 3.6 s without them, plus 0.9 s to build
them afterwards, and the gap widens with size as the index pages stop fitting in the cache. Only
non-unique indexes are dropped: unique ones enforce rules (usernames, external references) that
the pull relies on to refuse bad rows.

The dropped indexes' own ``CREATE INDEX`` statements are kept in ``site_meta`` in the same
transaction as the drop, so a desk that is killed in the middle of a first sync gets them back at
the start of its next sync (:func:`restore_indexes`), whatever version of the schema it has.
"""

from __future__ import annotations

import json
import logging

from sqlalchemy import text

from triage_desk.storage.database import Database
from triage_desk.storage.models import SiteMeta

log = logging.getLogger(__name__)

KEY = "sync_dropped_indexes"
TABLES = ("persons", "person_aliases", "contacts", "amendments", "audit_events")
# Below this many rows to pull, a first sync just writes through the indexes.
MIN_ROWS = 20_000


def drop_indexes(db: Database) -> int:
    """Drop the big tables' non-unique indexes, remembering how to rebuild them. Returns how many."""
    with db.session() as s:
        if s.get(SiteMeta, KEY) is not None:
            return 0
        marks = ", ".join(f"'{t}'" for t in TABLES)
        found = s.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks})"
            )
        ).all()
        dropped = [(name, sql) for name, sql in found if not sql.upper().startswith("CREATE UNIQUE")]
        if not dropped:
            return 0
        s.add(SiteMeta(key=KEY, value=json.dumps([sql for _, sql in dropped])))
        for name, _ in dropped:
            s.execute(text(f'DROP INDEX "{name}"'))
    log.info("first sync: %d secondary indexes dropped for the bulk load", len(dropped))
    return len(dropped)


def restore_indexes(db: Database) -> int:
    """Rebuild indexes a first sync dropped (after it finished, was cancelled, or the desk died)."""
    with db.session() as s:
        row = s.get(SiteMeta, KEY)
        if row is None:
            return 0
        statements = json.loads(row.value)
        for sql in statements:
            s.execute(text(sql.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1)))
        s.delete(row)
    log.info("first sync: %d secondary indexes rebuilt", len(statements))
    return len(statements)
