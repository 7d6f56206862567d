"""Every protected action × every role, against a table written out here (not copied from the code)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from triage_desk.domain.errors import PermissionDeniedError
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.services.access import Permission, allowed, require
from triage_desk.services.audit import AuditService
from triage_desk.services.auth import AuthService

C, S, A = Role.CLINICIAN, Role.SUPERVISOR, Role.ADMIN
EXPECTED: dict[Permission, set[Role]] = {
    Permission.TRIAGE: {C, S, A},
    Permission.LOOKUP: {C, S, A},
    Permission.SIGN: {C, S, A},
    Permission.AMEND_OWN: {C, S, A},
    Permission.PRINT: {C, S, A},
    Permission.EXPORT: {S, A},
    Permission.EXPORT_IDENTIFIABLE: {S, A},
    Permission.IMPORT_PERSONS: {S, A},
    Permission.MERGE: {S, A},
    Permission.RESOLVE_CONFLICTS: {S, A},
    Permission.APPROVE_RESPONSE_PLAN: {S, A},
    Permission.MANAGE_SERVICES_DIRECTORY: {S, A},
    Permission.REVIEW_ACCESS_AUDIT: {S, A},
    Permission.VERIFY_AUDIT: {S, A},
    Permission.MANAGE_USERS: {A},
    Permission.MANAGE_SETTINGS: {A},
    Permission.RUN_RETENTION: {A},
    Permission.SET_LEGAL_HOLD: {A},
    Permission.ENCRYPT_DATABASE: {A},
    Permission.DUMP_RECORDS: {A},
}


def _principal(role: Role, user_id: str = "u-1") -> Principal:
    return Principal(user_id, f"{role.value}-user", "Someone", role, datetime(2026, 1, 1, tzinfo=UTC))


def test_the_table_covers_every_permission() -> None:
    assert set(EXPECTED) == set(Permission)


@pytest.mark.parametrize("permission", list(Permission))
@pytest.mark.parametrize("role", list(Role))
def test_role_may_or_may_not(role: Role, permission: Permission) -> None:
    principal = _principal(role)
    owner = principal.user_id  # for owner-scoped permissions, the principal's own record
    if role in EXPECTED[permission]:
        require(principal, permission, owner_id=owner)
        assert allowed(principal, permission, owner_id=owner)
    else:
        with pytest.raises(PermissionDeniedError) as refused:
            require(principal, permission, owner_id=owner)
        message = str(refused.value)
        assert role.value in message  # says who you are...
        needed = min(EXPECTED[permission], key=[C, S, A].index)
        assert f"needs the {needed.value}" in message  # ...and which role would do


def test_refusal_wording_names_the_action() -> None:
    with pytest.raises(PermissionDeniedError, match="Exporting records needs the supervisor or admin role"):
        require(_principal(C), Permission.EXPORT)


@pytest.mark.parametrize("role", list(Role))
def test_amending_someone_elses_entry_is_refused_for_every_role(role: Role) -> None:
    with pytest.raises(PermissionDeniedError, match="only for your own entries"):
        require(_principal(role, "me"), Permission.AMEND_OWN, owner_id="someone-else")
    with pytest.raises(PermissionDeniedError, match="author is not known"):
        require(_principal(role, "me"), Permission.AMEND_OWN)


# --- the services obey the same table -----------------------------------------------------------

@pytest.mark.parametrize("role", list(Role))
def test_adding_users_is_admin_only(role: Role, people: dict[Role, Principal], auth: AuthService) -> None:
    add = lambda: auth.add_user(people[role], "newbie", "New Person", Role.CLINICIAN, "a long password")  # noqa: E731
    if role is Role.ADMIN:
        assert add().username == "newbie"
    else:
        with pytest.raises(PermissionDeniedError, match="Managing user accounts needs the admin role"):
            add()
        assert "newbie" not in [u.username for u in auth.list_users(people[Role.ADMIN])]


@pytest.mark.parametrize("role", list(Role))
def test_user_admin_calls_are_admin_only(role: Role, people: dict[Role, Principal],
                                        auth: AuthService) -> None:
    calls = [lambda: auth.list_users(people[role]), lambda: auth.unlock_user(people[role], "cal"),
             lambda: auth.disable_user(people[role], "sam")]
    for call in calls:
        if role is Role.ADMIN:
            call()
        else:
            with pytest.raises(PermissionDeniedError):
                call()


@pytest.mark.parametrize("role", list(Role))
def test_reviewing_the_audit_is_supervisor_or_admin(role: Role, people: dict[Role, Principal],
                                                    audit: AuditService) -> None:
    if role is Role.CLINICIAN:
        with pytest.raises(PermissionDeniedError, match="needs the supervisor or admin role"):
            audit.who_accessed(people[role], "person-1")
        with pytest.raises(PermissionDeniedError):
            audit.verify(people[role])
    else:
        assert audit.who_accessed(people[role], "person-1") == []
        assert audit.verify(people[role]).intact
