"""Fresh PostgreSQL databases for tests that run the same checks on SQLite and PostgreSQL.

The server is the one scripts/test.sh (or .ci/run) starts; without PGHOST the PostgreSQL variant of
a test is skipped, and the README's test command turns that skip into a failure
(TRIAGE_DESK_REQUIRE=postgres). Each database gets a per-process name, so concurrent runs and
leftovers of a killed run cannot collide.
"""

from __future__ import annotations

import itertools
import os
import warnings

import pytest

_counter = itertools.count()


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def url_for(name: str) -> str:
    return (f"postgresql+psycopg://{_env('PGUSER', 'triage_test')}:{_env('PGPASSWORD', 'triage_test')}@"
            f"{_env('PGHOST', '127.0.0.1')}:{_env('PGPORT', '5432')}/{name}")


def _admin():  # type: ignore[no-untyped-def]
    psycopg = pytest.importorskip("psycopg")
    dsn = (f"host={_env('PGHOST', '127.0.0.1')} port={_env('PGPORT', '5432')} "
           f"user={_env('PGUSER', 'triage_test')} password={_env('PGPASSWORD', 'triage_test')} "
           "dbname=postgres")
    return psycopg.connect(dsn, autocommit=True)


def require_postgres() -> None:
    if "PGHOST" not in os.environ:
        pytest.skip("PostgreSQL not configured (PGHOST unset): run scripts/test.sh")


def create_database(prefix: str) -> str:
    """A new empty database; returns its name."""
    require_postgres()
    name = f"{prefix}_{os.getpid()}_{next(_counter)}"
    with _admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(name: str) -> None:
    """Clean-up only: a database that cannot be dropped now is left behind with a warning."""
    try:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception as exc:  # noqa: BLE001 - never fail the test that used it
        warnings.warn(f"could not drop test database {name}: {exc}", stacklevel=2)
