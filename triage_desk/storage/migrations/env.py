"""Alembic environment: runs on the engine handed over by triage_desk.storage.migrate.

SQLite cannot ALTER most things, so Alembic's batch mode rebuilds a table (copy, drop, rename). With
foreign keys enforced, dropping a table that others reference fails, so enforcement is switched off
for the migration (it can only be changed outside a transaction) and every foreign key is checked
before the migration commits: a migration that would leave a dangling reference rolls back instead.
"""

from __future__ import annotations

from alembic import context

from triage_desk.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left {len(broken)} broken references: {broken[0]}")
            connection.commit()
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")


run_migrations_online()
