"""The migrations, applied in order, produce exactly the schema the ORM models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from triage_desk.storage.database import Database
from triage_desk.storage.migrate import head_revision
from triage_desk.storage.models import Base


def test_migrations_match_the_models() -> None:
    db = Database.open(None)
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        assert db.migration.after == head_revision()
    finally:
        db.close()
