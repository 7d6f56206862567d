"""Demo accounts: one per role, passwords as documented, and never on a live desk."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from triage_desk.domain.errors import ValidationError
from triage_desk.domain.roles import Role
from triage_desk.services.auth import AuthService
from triage_desk.services.demo_accounts import create_demo_accounts
from triage_desk.storage.database import Database

CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def test_one_account_per_role_that_can_sign_in(db: Database, auth: AuthService) -> None:
    db.set_meta("demo_data", "1")
    accounts = create_demo_accounts(db, hasher=CHEAP)
    assert {role for _, role, _ in accounts} == set(Role)
    for username, role, password in accounts:
        assert auth.sign_in(username, password).role is role
    assert create_demo_accounts(db, hasher=CHEAP) == accounts  # a second run changes nothing


def test_the_passwords_are_the_documented_ones(db: Database) -> None:
    db.set_meta("demo_data", "1")
    doc = (Path(__file__).resolve().parents[3] / "docs" / "access.md").read_text(encoding="utf-8")
    for username, _, password in create_demo_accounts(db, hasher=CHEAP):
        assert f"`{username}`" in doc and f"`{password}`" in doc


def test_refused_on_a_live_database(db: Database, auth: AuthService) -> None:
    with pytest.raises(ValidationError, match="only be created in a demo database"):
        create_demo_accounts(db, hasher=CHEAP)
    assert auth.needs_first_admin()
