"""One account per role for demonstrations and training, with passwords published in docs/access.md.

Known passwords on a live desk would be a hole, so this refuses any database not marked as demo
data (``site_meta.demo_data = "1"``, set by the demo-data generator before it calls this).
Running it twice is harmless: existing demo accounts are left as they are.
"""

from __future__ import annotations

from argon2 import PasswordHasher

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import ValidationError
from triage_desk.domain.roles import Role
from triage_desk.services.audit import AuditAction, AuditService
from triage_desk.services.passwords import Passwords
from triage_desk.storage import users
from triage_desk.storage.database import Database

DEMO_ACCOUNTS: tuple[tuple[str, Role, str, str], ...] = (
    ("demo-clinician", Role.CLINICIAN, "demo-clinician-pass", "Demo Clinician"),
    ("demo-supervisor", Role.SUPERVISOR, "demo-supervisor-pass", "Demo Supervisor"),
    ("demo-admin", Role.ADMIN, "demo-admin-pass", "Demo Admin"),
)


def create_demo_accounts(db: Database, *,
                         hasher: PasswordHasher | None = None) -> list[tuple[str, Role, str]]:
    """Create the demo accounts that do not exist yet; return (username, role, password) for all."""
    if not db.is_demo:
        raise ValidationError("Demo accounts can only be created in a demo database.",
                              hint="Their passwords are published; never add them to a live desk.")
    passwords = Passwords(hasher)
    audit = AuditService(db)
    with db.session() as s:
        for username, role, password, display_name in DEMO_ACCOUNTS:
            if users.by_username(s, username) is None:
                user = users.add(s, site_id=db.site_id, username=username, display_name=display_name,
                                 role=role.value, password_hash=passwords.hash(password), now=utc_now())
                audit.record_in(s, None, AuditAction.USER_CREATED, "user", user.id,
                                detail={"role": role.value, "demo": True})
    return [(username, role, password) for username, role, password, _ in DEMO_ACCOUNTS]
