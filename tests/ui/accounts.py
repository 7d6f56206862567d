"""Real accounts for UI tests: made and signed in through the real AuthService (Argon2id and all)."""

from __future__ import annotations

from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.services.app import AppServices

ADMIN = ("test-admin", "test-admin-pass-1")


def password_for(username: str) -> str:
    return f"{username}-pass-1"


def signed_in(app: AppServices, role: Role = Role.SUPERVISOR, username: str | None = None) -> Principal:
    """Sign in as a user with ``role`` (created on first use; the first admin if none exists yet)."""
    auth = app.auth
    if auth.needs_first_admin():
        auth.create_first_admin(ADMIN[0], "Test Admin", ADMIN[1])
    admin = auth.sign_in(*ADMIN)
    if role is Role.ADMIN and username is None:
        return admin
    name = username or f"test-{role.value}"
    if name not in {account.username for account in auth.list_users(admin)}:
        auth.add_user(admin, name, f"Test {role.value.title()}", role, password_for(name))
    return auth.sign_in(name, password_for(name))
