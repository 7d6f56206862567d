"""Replica dumps for administrators (the role check arrives with the access-control issue)."""

from __future__ import annotations

from collections.abc import Iterator

from triage_desk.storage.database import Database
from triage_desk.sync import credentials
from triage_desk.sync.dump import dump_desk, dump_hub
from triage_desk.sync.hub import HubConnection


def dump_lines(db: Database, hub_url: str | None = None) -> Iterator[str]:
    if hub_url is None:
        yield from dump_desk(db)
        return
    hub = HubConnection.open(credentials.url_with_password(hub_url))
    try:
        yield from dump_hub(hub)
    finally:
        hub.close()
