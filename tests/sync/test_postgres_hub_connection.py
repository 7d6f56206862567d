"""The hub can be PostgreSQL: the same schema migrations run there and timestamps stay UTC-aware."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, inspect, select

from triage_desk.storage.migrate import head_revision, migrate
from triage_desk.storage.models import Person

pytestmark = pytest.mark.postgres


def test_schema_migrates_on_postgresql(pg_url: str) -> None:
    engine = create_engine(pg_url)
    result = migrate(engine, database_file=None, backups_dir=None)
    assert result.after == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"persons", "contacts", "amendments", "audit_events", "outbox", "users", "services"} <= tables
    engine.dispose()


def test_times_round_trip_as_utc_on_postgresql(pg_url: str) -> None:
    engine = create_engine(pg_url)
    migrate(engine, database_file=None, backups_dir=None)
    bst = timezone(timedelta(hours=1))
    moment = datetime(2024, 7, 1, 2, 30, tzinfo=bst)
    with engine.begin() as conn:
        conn.execute(
            Person.__table__.insert().values(
                id="p1",
                origin_site="s",
                version=1,
                created_at=moment,
                updated_at=moment,
                deleted=False,
                given_name="",
                family_name="",
                given_norm="",
                family_norm="",
                given_phonetic="",
                family_phonetic="",
                postcode_norm="",
                phone_norm="",
            )
        )
        stored = conn.execute(select(Person.__table__.c.created_at)).scalar_one()
    assert stored == moment and stored.tzinfo is not None
    assert stored.astimezone(UTC).hour == 1
    engine.dispose()
