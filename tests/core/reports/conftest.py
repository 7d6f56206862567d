"""Report tests run on both databases a desk's figures can come from: SQLite and PostgreSQL.

``report_db`` hands out fresh, migrated desk-schema databases of the parametrised kind; the
PostgreSQL ones are made with the same Alembic migrations a desk runs, then dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.pg_databases import create_database, drop_database, require_postgres, url_for
from triage_desk.storage.database import Database

DB_KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
# Sessions in a zone west of UTC (London is at or east of it): a query that leaned on the server's
# time zone instead of converting to Europe/London gives wrong figures here, not right ones by luck.
PG_SESSION_ZONE = "?options=-c%20TimeZone%3DAmerica%2FLos_Angeles"
NewDatabase = Callable[[], Database]


@pytest.fixture(scope="module", params=DB_KINDS)
def db_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        require_postgres()
    return request.param


@pytest.fixture(scope="module")
def report_db(db_kind: str) -> Iterator[NewDatabase]:
    """Factory of fresh, empty, migrated desk databases of the parametrised kind."""
    opened: list[Database] = []
    names: list[str] = []

    def make() -> Database:
        if db_kind == "sqlite":
            db = Database.open(None)
        else:
            names.append(create_database("triage_reports"))
            db = Database.open_url(url_for(names[-1]) + PG_SESSION_ZONE)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()
    for name in names:
        drop_database(name)
