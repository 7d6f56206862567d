"""The purge ledger: which records retention destroyed, kept as salted hashes of their ids.

A laptop that was offline for months can sync back a record the hub has purged. The ledger lets the
sync engine recognise it and refuse it (:func:`is_purged`), while holding nothing that identifies a
person: the id is hashed with a per-deployment salt, so the ledger cannot be matched against an old
copy of the database without the salt too. The salt lives in ``site_meta``; purges travel
between desk and hub as plain ids (the record itself is destroyed everywhere), and each side hashes
them with its own salt, so salts never need to match.
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


def purged_among(session: Session, candidates: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (table, id) pairs were purged here; one query per 500, none if nothing ever was."""
    salt = _salt(session, create=False)
    wanted = list(candidates)
    if salt is None or not wanted:
        return set()
    by_hash = {hash_id(salt, table, record_id): (table, record_id) for table, record_id in wanted}
    hashes = list(by_hash)
    found: set[tuple[str, str]] = set()
    for i in range(0, len(hashes), 500):
        chunk = hashes[i : i + 500]
        rows = session.execute(
            select(PurgeLedger.table_name, PurgeLedger.id_hash).where(PurgeLedger.id_hash.in_(chunk))
        )
        found.update(by_hash[h] for t, h in rows if by_hash[h][0] == t)
    return found
