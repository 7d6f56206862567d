from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from triage_desk.storage.database import Database
from triage_desk.storage.models import Base


def test_migrations_match_the_models(db: Database) -> None:
    """Migrations 0002 (person_merges) and 0006 (lookup name indexes) match the ORM models."""
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert db.migration.after == "0006"
