"""Replica dumps: every synced record, canonical and sorted. Administrators only (the dump holds
every person's record in full, so it is guarded here, not only on the command line)."""

from __future__ import annotations

from collections.abc import Iterator

from triage_desk.domain.principal import Principal
from triage_desk.services.access import Permission, require
from triage_desk.storage.database import Database
from triage_desk.sync import credentials
from triage_desk.sync.dump import dump_desk, dump_hub
from triage_desk.sync.hub import HubConnection


def dump_lines(db: Database, principal: Principal, hub_url: str | None = None) -> Iterator[str]:
    require(principal, Permission.DUMP_RECORDS)
    return _lines(db, hub_url)


def _lines(db: Database, hub_url: str | None) -> Iterator[str]:
    if hub_url is None:
        yield from dump_desk(db)
        return
    hub = HubConnection.open(credentials.url_with_password(hub_url))
    try:
        yield from dump_hub(hub)
    finally:
        hub.close()
