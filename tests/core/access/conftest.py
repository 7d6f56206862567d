"""Fixtures for the access tests: a real database file, a clock the test moves, a cheap hasher."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.services.audit import AuditService
from triage_desk.services.auth import AuthService
from triage_desk.services.passwords import Passwords
from triage_desk.storage.database import Database

PASSWORDS = {"ada": "ada-admin-password", "sam": "sam-supervisor-pw", "cal": "cal-clinician-pw"}


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "desk.db", backups_dir=tmp_path / "backups")
    yield database
    database.close()


@pytest.fixture
def audit(db: Database, clock: FakeClock) -> AuditService:
    return AuditService(db, clock=clock)


@pytest.fixture
def auth(db: Database, audit: AuditService, clock: FakeClock) -> AuthService:
    # A cheap Argon2id so the suite stays fast; production parameters are argon2-cffi's defaults.
    cheap = Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    return AuthService(db, audit, clock=clock, passwords=cheap, zone="UTC")


@pytest.fixture
def people(auth: AuthService) -> dict[Role, Principal]:
    """One signed-in principal per role."""
    auth.create_first_admin("ada", "Ada Admin", PASSWORDS["ada"])
    admin = auth.sign_in("ada", PASSWORDS["ada"])
    auth.add_user(admin, "sam", "Sam Supervisor", Role.SUPERVISOR, PASSWORDS["sam"])
    auth.add_user(admin, "cal", "Cal Clinician", Role.CLINICIAN, PASSWORDS["cal"])
    return {
        Role.ADMIN: admin,
        Role.SUPERVISOR: auth.sign_in("sam", PASSWORDS["sam"]),
        Role.CLINICIAN: auth.sign_in("cal", PASSWORDS["cal"]),
    }
