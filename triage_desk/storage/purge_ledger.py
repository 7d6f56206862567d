"""The purge ledger: which records retention destroyed, kept as salted hashes of their ids.

A laptop that was offline for months can sync back a record the hub has purged. The ledger lets the
sync engine recognise it and refuse it (:func:`is_purged`), while holding nothing that identifies a
person: the id is hashed with a per-deployment salt, so the ledger cannot be matched against an old
copy of the database without the salt too. The salt lives in ``site_meta``; the sync engine copies
the hub's salt to every desk so all desks hash alike.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_desk.storage.models import PurgeLedger, SiteMeta

SALT_KEY = "purge_ledger_salt"


def _salt(session: Session, *, create: bool) -> str | None:
    row = session.get(SiteMeta, SALT_KEY)
    if row is None and create:
        row = SiteMeta(key=SALT_KEY, value=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return row.value if row else None


def hash_id(salt: str, table: str, record_id: str) -> str:
    return hashlib.sha256(f"{salt}\x1f{table}\x1f{record_id}".encode()).hexdigest()


def record_purged(session: Session, table: str, record_ids: Iterable[str], record_class: str,
                  now: datetime) -> int:
    salt = _salt(session, create=True)
    assert salt is not None
    count = 0
    for record_id in record_ids:
        session.merge(PurgeLedger(table_name=table, id_hash=hash_id(salt, table, record_id),
                                  record_class=record_class, purged_at=now))
        count += 1
    return count


def is_purged(session: Session, table: str, record_id: str) -> bool:
    """True if ``record_id`` of ``table`` was purged here: the sync engine must refuse it."""
    salt = _salt(session, create=False)
    if salt is None:
        return False  # nothing was ever purged on this desk
    found = session.execute(
        select(PurgeLedger.id_hash).where(PurgeLedger.table_name == table,
                                          PurgeLedger.id_hash == hash_id(salt, table, record_id))
    ).first()
    return found is not None
