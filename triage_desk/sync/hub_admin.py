"""Create and upgrade a hub (``triage-desk hub init URL``): Alembic, then the facts in hub_meta."""

from __future__ import annotations

import logging
import secrets
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import select

from triage_desk.domain.ids import new_site_id
from triage_desk.sync.hub import HubConnection, create_hub_engine, hub_label
from triage_desk.sync.hub_schema import hub_meta
from triage_desk.sync.protocol import MIN_DESK_PROTOCOL, PROTOCOL_VERSION, REQUIRED_DESK_SCHEMA, HubInfo

log = logging.getLogger(__name__)
HUB_MIGRATIONS = Path(__file__).resolve().parent / "hub_migrations"


def _script() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(HUB_MIGRATIONS))
    return ScriptDirectory.from_config(config)


@lru_cache(maxsize=1)
def hub_head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None
    return head


@lru_cache(maxsize=1)
def known_hub_revisions() -> frozenset[str]:
    return frozenset({rev.revision for rev in _script().walk_revisions()})


def init_hub(url: str, *, demo: bool = False) -> HubInfo:
    """Create or upgrade the hub schema and record its versions. Safe to run again."""
    engine = create_hub_engine(url)
    try:
        config = Config()
        config.set_main_option("script_location", str(HUB_MIGRATIONS))
        config.attributes["engine"] = engine
        command.upgrade(config, "head")
        facts = {
            "schema_revision": hub_head_revision(),
            "protocol_version": str(PROTOCOL_VERSION),
            "min_desk_protocol": str(MIN_DESK_PROTOCOL),
            "required_desk_schema": REQUIRED_DESK_SCHEMA,
        }
        with engine.connect().execution_options(hub_write=True) as conn, conn.begin():
            existing = dict(((k, v) for k, v in conn.execute(select(hub_meta.c.key, hub_meta.c.value))))
            if "hub_id" not in existing:
                # Set once: a hub's demo flag can never change, or real and demo records would mix.
                conn.execute(
                    hub_meta.insert(),
                    [
                        {"key": "hub_id", "value": new_site_id()},
                        {"key": "demo", "value": "1" if demo else "0"},
                    ],
                )
            if "purge_salt" not in existing:
                conn.execute(hub_meta.insert().values(key="purge_salt", value=secrets.token_hex(32)))
            for key, value in facts.items():
                if key in existing:
                    conn.execute(hub_meta.update().where(hub_meta.c.key == key).values(value=value))
                else:
                    conn.execute(hub_meta.insert().values(key=key, value=value))
        log.info("hub %s initialised at schema %s", hub_label(url), facts["schema_revision"])
    finally:
        engine.dispose()
    hub = HubConnection.open(url)
    try:
        return hub.info()
    finally:
        hub.close()
