from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from triage_desk.storage.database import Database
from triage_desk.storage.models import Base


def test_migrations_match_the_models(db: Database) -> None:
    """Migration 0002 creates exactly the person_merges table the ORM model describes."""
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert db.migration.after == "0002"
