"""Alembic environment for the hub schema; runs on the engine handed over by triage_desk.sync.hub_admin.

A separate script location and version table from the desk's own migrations: a hub and a desk
database evolve independently.
"""

from __future__ import annotations

from alembic import context

from triage_desk.sync.hub_schema import metadata

config = context.config
VERSION_TABLE = "hub_alembic_version"


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table=VERSION_TABLE,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
