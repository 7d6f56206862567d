"""Who may do what: the one table of protected actions, checked by the services layer.

The GUI and the command line call the same services, so a rule written here binds both; the UI may
hide a button, but hiding is a convenience, not the control.

Roles are cumulative, as the issue describes them: a supervisor can do everything a clinician can,
and an admin everything a supervisor can ("supervisor+"). Amending is limited to one's own entries
for every role: the clinical record is the author's; a correction by someone else is a new entry.
"""

from __future__ import annotations

from enum import StrEnum

from triage_desk.domain.errors import PermissionDeniedError
from triage_desk.domain.principal import Principal
from triage_desk.domain.roles import Role


class Permission(StrEnum):
    # Clinical work (clinician and above)
    TRIAGE = "triage"
    LOOKUP = "lookup"
    SIGN = "sign"
    AMEND_OWN = "amend_own"
    PRINT = "print"
    # Oversight (supervisor and above)
    EXPORT = "export"
    EXPORT_IDENTIFIABLE = "export_identifiable"
    MERGE = "merge"
    IMPORT_PERSONS = "import_persons"
    RESOLVE_CONFLICTS = "resolve_conflicts"
    APPROVE_RESPONSE_PLAN = "approve_response_plan"
    MANAGE_SERVICES_DIRECTORY = "manage_services_directory"
    REVIEW_ACCESS_AUDIT = "review_access_audit"
    VERIFY_AUDIT = "verify_audit"
    # Administration (admin only)
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    RUN_RETENTION = "run_retention"
    SET_LEGAL_HOLD = "set_legal_hold"
    ENCRYPT_DATABASE = "encrypt_database"
    DUMP_RECORDS = "dump_records"


# Human wording for refusals: "Exporting records needs ..."
ACTION_LABELS: dict[Permission, str] = {
    Permission.TRIAGE: "Recording a triage contact",
    Permission.LOOKUP: "Looking up a person's history",
    Permission.SIGN: "Signing a record",
    Permission.AMEND_OWN: "Amending a signed record",
    Permission.PRINT: "Printing a record",
    Permission.EXPORT: "Exporting records",
    Permission.EXPORT_IDENTIFIABLE: "Exporting identifiable records (names, NHS numbers)",
    Permission.MERGE: "Merging duplicate people",
    Permission.IMPORT_PERSONS: "Importing a person register",
    Permission.RESOLVE_CONFLICTS: "Resolving sync conflicts",
    Permission.APPROVE_RESPONSE_PLAN: "Approving a response plan",
    Permission.MANAGE_SERVICES_DIRECTORY: "Editing the services directory",
    Permission.REVIEW_ACCESS_AUDIT: "Reviewing who accessed a record",
    Permission.VERIFY_AUDIT: "Verifying the access audit log",
    Permission.MANAGE_USERS: "Managing user accounts",
    Permission.MANAGE_SETTINGS: "Changing desk settings",
    Permission.RUN_RETENTION: "Running the retention purge",
    Permission.SET_LEGAL_HOLD: "Placing or lifting a legal hold",
    Permission.ENCRYPT_DATABASE: "Encrypting the database",
    Permission.DUMP_RECORDS: "Dumping every synced record",
}

_CLINICIAN = frozenset({Permission.TRIAGE, Permission.LOOKUP, Permission.SIGN, Permission.AMEND_OWN,
                        Permission.PRINT})
_SUPERVISOR = _CLINICIAN | {
    Permission.EXPORT, Permission.EXPORT_IDENTIFIABLE, Permission.MERGE, Permission.IMPORT_PERSONS,
    Permission.RESOLVE_CONFLICTS,
    Permission.APPROVE_RESPONSE_PLAN,
    Permission.MANAGE_SERVICES_DIRECTORY, Permission.REVIEW_ACCESS_AUDIT, Permission.VERIFY_AUDIT,
}
_ADMIN = _SUPERVISOR | {
    Permission.MANAGE_USERS, Permission.MANAGE_SETTINGS, Permission.RUN_RETENTION,
    Permission.SET_LEGAL_HOLD, Permission.ENCRYPT_DATABASE, Permission.DUMP_RECORDS,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLINICIAN: _CLINICIAN,
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(_ADMIN),
}

# Permissions that apply only to the principal's own records: the caller passes the owner's id.
OWNER_SCOPED = frozenset({Permission.AMEND_OWN})

_ROLE_ORDER = (Role.CLINICIAN, Role.SUPERVISOR, Role.ADMIN)


def allowed(principal: Principal, permission: Permission, *, owner_id: str | None = None) -> bool:
    """True if ``require`` would pass; for the UI to grey out what it will refuse anyway."""
    try:
        require(principal, permission, owner_id=owner_id)
    except PermissionDeniedError:
        return False
    return True


def roles_with(permission: Permission) -> list[Role]:
    return [role for role in _ROLE_ORDER if permission in ROLE_PERMISSIONS[role]]


def require(principal: Principal, permission: Permission, *, owner_id: str | None = None) -> None:
    """Raise PermissionDeniedError unless ``principal`` may do ``permission`` (to ``owner_id``'s record)."""
    action = ACTION_LABELS[permission]
    if permission not in ROLE_PERMISSIONS.get(principal.role, frozenset()):
        needed = " or ".join(role.value for role in roles_with(permission))
        raise PermissionDeniedError(
            f"{action} needs the {needed} role; you are signed in as {principal.username} "
            f"({principal.role.value}).",
        )
    if permission in OWNER_SCOPED:
        if owner_id is None:
            # A missing owner is a programming error that must not turn into "allowed".
            raise PermissionDeniedError(f"{action} is refused: the record's author is not known.")
        if owner_id != principal.user_id:
            raise PermissionDeniedError(
                f"{action} is allowed only for your own entries; this one was written by someone else.",
                hint="Add a new entry instead, or ask its author to amend it.",
            )
