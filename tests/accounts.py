"""Signed-in principals for tests, made through the real AuthService (a cheap Argon2id hasher only).

    people = sign_in_everyone(db, audit)  # keys: admin, supervisor, clinician, clinician2
"""

from __future__ import annotations

from argon2 import PasswordHasher

from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role
from triage_desk.services.audit import AuditService, Purpose, require_purpose
from triage_desk.services.auth import AuthService
from triage_desk.services.passwords import Passwords
from triage_desk.storage.database import Database

# username, display name, role, password
ACCOUNTS = {
    "admin": ("ada", "Ada Admin", Role.ADMIN, "ada-admin-password"),
    "supervisor": ("sam", "Sam Supervisor", Role.SUPERVISOR, "sam-supervisor-pw"),
    "clinician": ("cal", "Cal Clinician", Role.CLINICIAN, "cal-clinician-pw"),
    "clinician2": ("cleo", "Cleo Clinician", Role.CLINICIAN, "cleo-clinician-pw"),
}

PURPOSE: Purpose = require_purpose("INC-2026-0412-117", None)


def cheap_auth(db: Database, audit: AuditService | None = None) -> AuthService:
    cheap = Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    return AuthService(db, audit or AuditService(db), passwords=cheap, zone="UTC")


def sign_in_everyone(db: Database, audit: AuditService | None = None) -> dict[str, Principal]:
    """Create the four accounts (the first admin if none yet) and sign each in."""
    auth = cheap_auth(db, audit)
    username, display, _role, password = ACCOUNTS["admin"]
    if auth.needs_first_admin():
        auth.create_first_admin(username, display, password)
    admin = auth.sign_in(username, password)
    people = {"admin": admin}
    for key, (username, display, role, password) in ACCOUNTS.items():
        if key != "admin":
            auth.add_user(admin, username, display, role, password)
            people[key] = auth.sign_in(username, password)
    return people
