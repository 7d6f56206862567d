"""PostgreSQL fixtures: a fresh database per test on the server scripts/test.sh (or .ci/run) started.

pytest-postgresql's own process fixture refuses to run as root, so the "noproc" fixture connects to
the running cluster instead. Without PGHOST the hub tests are skipped — and the README's test command
turns such a skip into a failure (TRIAGE_DESK_REQUIRE=postgres).
"""

from __future__ import annotations

import os

import pytest
from pytest_postgresql import factories

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
