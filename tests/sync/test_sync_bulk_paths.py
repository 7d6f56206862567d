"""The fast paths keep the same results: a first sync without indexes rebuilds them (even after a
crash), a desk is not sent back its own inserts, and pulled rows read back exactly through the ORM."""

from __future__ import annotations

from sqlalchemy import text

from tests.sync.desk_ops import add_warning, create_person, desk_dump, hub_dump, sign_contact
from triage_desk.sync import bulk_mode
from triage_desk.sync.engine import sync_once
from triage_desk.sync.hub import HubConnection


def _indexes(db) -> set[str]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())


def test_a_big_first_sync_drops_and_rebuilds_the_indexes(hub_url, new_desk, monkeypatch):
    a, b = new_desk("a"), new_desk("b")
    for i in range(12):
        pid = create_person(a, f"Given{i}", "Family")
        sign_contact(a, pid)
        add_warning(a, pid)
    sync_once(a, hub_url)
    before = _indexes(b)
    monkeypatch.setattr(bulk_mode, "MIN_ROWS", 10)
    dropped: list[int] = []
    real_drop = bulk_mode.drop_indexes
    monkeypatch.setattr(bulk_mode, "drop_indexes", lambda db: dropped.append(real_drop(db)) or dropped[-1])
    report = sync_once(b, hub_url, page_size=7)
    assert dropped and dropped[0] > 10  # persons' lookup indexes, contacts', ...
    assert _indexes(b) == before
    assert report.integrity is not None and report.integrity.ok
    assert desk_dump(b) == desk_dump(a) == hub_dump(hub_url)


def test_indexes_left_dropped_by_a_dead_first_sync_come_back_at_the_next_sync(hub_url, new_desk):
    a = new_desk("a")
    create_person(a)
    before = _indexes(a)
    assert bulk_mode.drop_indexes(a) > 0  # ... and the process dies here
    assert _indexes(a) < before
    sync_once(a, hub_url)
    assert _indexes(a) == before


def test_the_pushing_desk_is_not_sent_its_own_inserts_back(hub_url, new_desk):
    a, b = new_desk("a"), new_desk("b")
    pid = create_person(a)
    sign_contact(a, pid)
    sync_once(a, hub_url)
    hub = HubConnection.open(hub_url)
    try:
        own = hub.read_changes(0, 100, reader_site=a.site_id)
        other = hub.read_changes(0, 100, reader_site=b.site_id)
    finally:
        hub.close()
    assert len(own) == len(other) == 2
    assert all(c.payload is None for c in own) and all(c.payload for c in other)
    sync_once(b, hub_url)
    assert desk_dump(b) == desk_dump(a) == hub_dump(hub_url)
