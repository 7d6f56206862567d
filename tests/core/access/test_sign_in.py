"""Signing in: Argon2id hashes, the same answer for a wrong name or password, lockout and unlock."""

from __future__ import annotations

import sqlite3

import pytest
from argon2 import PasswordHasher

from tests.core.access.conftest import PASSWORDS, FakeClock
from triage_desk.domain.errors import AccountLockedError, AuthenticationError, ValidationError
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.services.audit import AuditService
from triage_desk.services.auth import WRONG_CREDENTIALS, AuthService
from triage_desk.services.passwords import Passwords
from triage_desk.storage.database import Database


def _stored_hash(db: Database, username: str) -> str:
    assert db.path is not None
    with sqlite3.connect(db.path) as conn:
        return conn.execute("SELECT password_hash FROM users WHERE username = ?", (username,)).fetchone()[0]


def test_passwords_are_stored_as_argon2id_never_plaintext(people: dict[Role, Principal],
                                                           db: Database) -> None:
    stored = _stored_hash(db, "cal")
    assert stored.startswith("$argon2id$")
    assert PASSWORDS["cal"] not in stored
    assert PasswordHasher().verify(stored, PASSWORDS["cal"])


def test_sign_in_returns_the_principal_and_ignores_username_case(people: dict[Role, Principal],
                                                                  auth: AuthService) -> None:
    principal = auth.sign_in("  CAL ", PASSWORDS["cal"])
    assert (principal.username, principal.role, principal.display_name) == ("cal", Role.CLINICIAN,
                                                                           "Cal Clinician")


def test_wrong_password_and_unknown_user_get_the_same_message(people: dict[Role, Principal],
                                                             auth: AuthService) -> None:
    with pytest.raises(AuthenticationError) as wrong_password:
        auth.sign_in("cal", "not the password")
    with pytest.raises(AuthenticationError) as unknown_user:
        auth.sign_in("nobody", "not the password")
    assert str(wrong_password.value) == str(unknown_user.value) == WRONG_CREDENTIALS


def test_five_failures_lock_the_account_until_a_stated_time(people: dict[Role, Principal], auth: AuthService,
                                                           clock: FakeClock) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationError, match="not right"):
            auth.sign_in("cal", "wrong guess")
    with pytest.raises(AccountLockedError, match="locked until 09:15 on 01/03/2026"):
        auth.sign_in("cal", "wrong guess")
    # The right password does not get in while locked.
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(AccountLockedError):
        auth.sign_in("cal", PASSWORDS["cal"])
    clock.advance(seconds=1)
    assert auth.sign_in("cal", PASSWORDS["cal"]).username == "cal"


def test_success_resets_the_failure_count(people: dict[Role, Principal], auth: AuthService) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            auth.sign_in("cal", "wrong guess")
    auth.sign_in("cal", PASSWORDS["cal"])
    for _ in range(4):
        with pytest.raises(AuthenticationError) as failure:
            auth.sign_in("cal", "wrong guess")
        assert not isinstance(failure.value, AccountLockedError)


def test_lockout_policy_is_configurable(db: Database, audit: AuditService, clock: FakeClock,
                                        people: dict[Role, Principal]) -> None:
    from triage_desk.services.auth import LockoutPolicy

    strict = AuthService(db, audit, clock=clock, policy=LockoutPolicy(max_failures=2, lock_minutes=60),
                         zone="UTC", passwords=Passwords(PasswordHasher(time_cost=1, memory_cost=1024)))
    with pytest.raises(AuthenticationError):
        strict.sign_in("sam", "wrong guess")
    with pytest.raises(AccountLockedError, match="until 10:00"):
        strict.sign_in("sam", "wrong guess")


def test_unknown_usernames_lock_like_real_ones(auth: AuthService, people: dict[Role, Principal]) -> None:
    """Otherwise "locked" after five tries would reveal which usernames exist."""
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            auth.sign_in("ghost", "wrong guess")
    with pytest.raises(AccountLockedError, match="locked until"):
        auth.sign_in("ghost", "wrong guess")


def test_an_admin_can_unlock_early(people: dict[Role, Principal], auth: AuthService) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            auth.sign_in("cal", "wrong guess")
    auth.unlock_user(people[Role.ADMIN], "cal")
    assert auth.sign_in("cal", PASSWORDS["cal"]).username == "cal"


def test_a_disabled_account_cannot_sign_in(people: dict[Role, Principal], auth: AuthService) -> None:
    auth.disable_user(people[Role.ADMIN], "sam")
    with pytest.raises(AuthenticationError, match="disabled"):
        auth.sign_in("sam", PASSWORDS["sam"])
    # ...and with a wrong password it says nothing about being disabled.
    with pytest.raises(AuthenticationError, match="not right"):
        auth.sign_in("sam", "wrong guess")
    assert [u.active for u in auth.list_users(people[Role.ADMIN]) if u.username == "sam"] == [False]


def test_the_last_admin_cannot_be_disabled(people: dict[Role, Principal], auth: AuthService) -> None:
    with pytest.raises(ValidationError, match="only active administrator"):
        auth.disable_user(people[Role.ADMIN], "ada")


def test_first_admin_only_while_there_is_none(auth: AuthService) -> None:
    assert auth.needs_first_admin()
    auth.create_first_admin("ada", "Ada Admin", PASSWORDS["ada"])
    assert not auth.needs_first_admin()
    with pytest.raises(ValidationError, match="already exists"):
        auth.create_first_admin("mallory", "Mallory", "another long password")
    with pytest.raises(AuthenticationError):
        auth.sign_in("mallory", "another long password")


def test_change_password_needs_the_old_one(people: dict[Role, Principal], auth: AuthService) -> None:
    cal = people[Role.CLINICIAN]
    with pytest.raises(AuthenticationError):
        auth.change_password(cal, "wrong old password", "brand new password")
    with pytest.raises(ValidationError, match="at least 10"):
        auth.change_password(cal, PASSWORDS["cal"], "short")
    auth.change_password(cal, PASSWORDS["cal"], "brand new password")
    with pytest.raises(AuthenticationError):
        auth.sign_in("cal", PASSWORDS["cal"])
    assert auth.sign_in("cal", "brand new password").username == "cal"


def test_idle_unlock_checks_the_password_and_counts_failures(people: dict[Role, Principal],
                                                             auth: AuthService) -> None:
    cal = people[Role.CLINICIAN]
    auth.record_idle_lock(cal)
    auth.confirm_password(cal, PASSWORDS["cal"])
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            auth.confirm_password(cal, "wrong guess")
    with pytest.raises(AccountLockedError):
        auth.confirm_password(cal, "wrong guess")


def test_weak_hashes_are_upgraded_at_sign_in(people: dict[Role, Principal], db: Database,
                                             audit: AuditService, clock: FakeClock) -> None:
    cheap = _stored_hash(db, "cal")
    production = AuthService(db, audit, clock=clock)  # default (strong) parameters
    production.sign_in("cal", PASSWORDS["cal"])
    upgraded = _stored_hash(db, "cal")
    assert upgraded != cheap and "m=65536" in upgraded


def test_usernames_and_roles_are_checked(people: dict[Role, Principal], auth: AuthService) -> None:
    admin = people[Role.ADMIN]
    with pytest.raises(ValidationError, match="already taken"):
        auth.add_user(admin, "CAL", "Another Cal", Role.CLINICIAN, "a long password")
    with pytest.raises(ValidationError, match="spaces"):
        auth.add_user(admin, "two words", "Two Words", Role.CLINICIAN, "a long password")
    with pytest.raises(ValidationError, match="Username is too long"):
        auth.add_user(admin, "x" * 65, "Long Name", Role.CLINICIAN, "a long password")
    with pytest.raises(ValidationError, match="not a role"):
        auth.add_user(admin, "newbie", "New", "superuser", "a long password")  # type: ignore[arg-type]
