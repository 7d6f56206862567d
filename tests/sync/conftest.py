"""PostgreSQL fixtures: a fresh database per test on the server scripts/test.sh (or .ci/run) started.

pytest-postgresql's own process fixture refuses to run as root, so the "noproc" fixture connects to
the running cluster instead. Without PGHOST the hub tests are skipped — and the README's test command
turns such a skip into a failure (TRIAGE_DESK_REQUIRE=postgres).
"""

from __future__ import annotations

import itertools
import os
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from pytest_postgresql import factories

from tests.memory_keyring import MemoryKeyring, memory_keyring_installed
from triage_desk.storage.database import Database
from triage_desk.sync.hub_admin import init_hub

pg_server = factories.postgresql_noproc(
    host=os.environ.get("PGHOST", "127.0.0.1"),
    port=int(os.environ.get("PGPORT", "5432")),
    user=os.environ.get("PGUSER", "triage_test"),
    password=os.environ.get("PGPASSWORD", "triage_test"),
)
# One database name per test process, so a concurrent run or a killed earlier run cannot collide.
postgresql = factories.postgresql("pg_server", dbname=f"triage_desk_tests_{os.getpid()}")


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    if "PGHOST" not in os.environ:
        pytest.skip("PostgreSQL not configured (PGHOST unset): run scripts/test.sh")
    conn = request.getfixturevalue("postgresql")
    info = conn.info
    return f"postgresql+psycopg://{info.user}:{info.password}@{info.host}:{info.port}/{info.dbname}"


# --- Hubs and desks for the sync suite ------------------------------------------------------------


HUB_KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
_counter = itertools.count()


def _pg_admin_dsn() -> str:
    return (
        f"host={os.environ.get('PGHOST', '127.0.0.1')} port={os.environ.get('PGPORT', '5432')} "
        f"user={os.environ.get('PGUSER', 'triage_test')} "
        f"password={os.environ.get('PGPASSWORD', 'triage_test')} "
        "dbname=postgres"
    )


@pytest.fixture(params=HUB_KINDS)
def hub_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and "PGHOST" not in os.environ:
        pytest.skip("PostgreSQL not configured (PGHOST unset): run scripts/test.sh")
    return request.param


@pytest.fixture
def new_hub(hub_kind: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Factory of fresh, initialised, empty hubs of the parametrised kind (several per test allowed)."""
    created: list[str] = []

    def make(*, demo: bool = False) -> str:
        n = next(_counter)
        if hub_kind == "sqlite":
            url = f"sqlite:///{tmp_path}/hub{n}.db"
        else:
            name = f"triage_sync_{os.getpid()}_{n}"
            with psycopg.connect(_pg_admin_dsn(), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            created.append(name)
            pw = os.environ.get("PGPASSWORD", "triage_test")
            url = (
                f"postgresql+psycopg://{os.environ.get('PGUSER', 'triage_test')}:{pw}@"
                f"{os.environ.get('PGHOST', '127.0.0.1')}:{os.environ.get('PGPORT', '5432')}/{name}"
            )
        init_hub(url, demo=demo)
        return url

    yield make
    if created:
        with psycopg.connect(_pg_admin_dsn(), autocommit=True) as conn:
            for name in created:
                _drop_database(conn, name)


def _drop_database(conn: psycopg.Connection, name: str) -> None:
    """Clean-up only: a database that cannot be dropped now (a server process still attached) is
    left behind under its unique per-process name rather than failing the test that used it."""
    for attempt in range(5):
        try:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.errors.InsufficientPrivilege:
            time.sleep(0.2 * (attempt + 1))
    warnings.warn(f"could not drop test hub database {name}", stacklevel=2)


@pytest.fixture
def hub_url(new_hub: Callable[[], str]) -> str:
    return new_hub()


@pytest.fixture
def new_desk(tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    opened: list[Database] = []

    def make(name: str) -> Database:
        db = Database.open(tmp_path / f"{name}-{next(_counter)}.db")
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    with memory_keyring_installed() as backend:
        yield backend
