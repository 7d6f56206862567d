"""Keeps the stored person search keys in step with the code that computes them.

Two ways keys go stale, two remedies, both run before a search reads the index:

- ``lookup.keys.KEYS_VERSION`` changed (a new release computes keys differently): every person's and
  alias's keys and name parts are recomputed, in batches of ``batch_size`` persons, each batch its
  own short transaction; ``site_meta.person_keys_version`` is set only when all are done, so an
  interrupted re-index starts again next time. A new, empty database is simply marked current.
- a name was written (by the app, sync, a bulk insert): SQLite triggers listed the person in
  ``person_keys_pending`` and their name parts are recomputed (usually none or a handful).

One lock per process: the GUI searches from several worker threads, and one re-index is enough.
"""

from __future__ import annotations

import logging
import threading

from triage_desk.lookup import keys as lookup_keys
from triage_desk.storage import person_keys_index as index
from triage_desk.storage.database import Database

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
BATCH_SIZE = 2000
PENDING_BATCH = 500


def _person_keys(given: str, family: str, postcode: str, phone: str) -> dict[str, str]:
    return lookup_keys.person_keys(given, family, postcode, phone)


class SearchIndex:
    def __init__(self, db: Database, *, batch_size: int = BATCH_SIZE) -> None:
        self.db = db
        self.batch_size = batch_size
        self._current = False  # the stored version has been seen to match, by this instance

    @property
    def version(self) -> str:
        return str(lookup_keys.KEYS_VERSION)

    def claim_if_empty(self) -> None:
        """On open: a database with no persons has nothing stale; record it as current, so persons
        added next (demo data, an import) are not re-indexed at the first search."""
        with self.db.session() as s:
            if index.stored_version(s) is None and not index.has_persons(s):
                index.set_version(s, self.version)

    def ensure_current(self) -> None:
        """Re-index if the key version changed, then bring pending name parts up to date."""
        with _LOCK:
            if not self._current:
                with self.db.reader() as s:
                    stored = index.stored_version(s)
                if stored != self.version:
                    self.rebuild(stored)
                self._current = True
            self._refresh_pending()

    def rebuild(self, stored: str | None = None) -> int:
        """Recompute every stored key, batch by batch. Returns the number of persons whose own keys
        changed. Callers outside this class hold no lock: use ``ensure_current``."""
        with self.db.reader() as s:
            total = index.person_count(s)
        log.info("re-indexing person search keys (version %s -> %s, %d persons)", stored, self.version, total)
        after, changed, done = "", 0, 0
        while True:
            with self.db.session() as s:
                last, n = index.reindex_batch(s, after, self.batch_size, _person_keys,
                                              lookup_keys.family_part_keys)
            if last is None:
                break
            after, changed, done = last, changed + n, done + min(self.batch_size, total - done)
            log.info("re-indexed %d of %d persons", done, total)
        self._refresh_pending()
        with self.db.session() as s:
            index.set_version(s, self.version)
        log.info("person search keys at version %s (%d persons' keys changed)", self.version, changed)
        return changed

    def _refresh_pending(self) -> None:
        while True:
            with self.db.reader() as s:
                ids = index.pending(s, PENDING_BATCH)
            if not ids:
                return
            with self.db.session() as s:
                index.refresh_parts(s, ids, lookup_keys.family_part_keys)
