"""Encrypting the local database at rest, and finding the key to open it.

A lost laptop must not hand over a mental health caseload: with encryption on, the database file
is SQLCipher ciphertext and its key sits in the OS keyring of the user's account.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from triage_desk.domain.errors import DatabaseUnreadableError, TriageDeskError
from triage_desk.domain.principal import Principal
from triage_desk.platform import secrets
from triage_desk.services.access import Permission, require
from triage_desk.services.audit import AuditAction, AuditService
from triage_desk.storage.database import Database
from triage_desk.storage.encryption import EncryptionResult, encrypt_file
from triage_desk.storage.engine import is_encrypted_file


def key_for(database: Path | None) -> str | None:
    """The key to open ``database`` with: None for a plaintext (or new) file."""
    if database is None or not is_encrypted_file(database):
        return None
    key = secrets.database_key(database)
    if key is None:
        raise DatabaseUnreadableError(
            f"The file {database} is not a Triage Desk database (it is not SQLite, or its first page is "
            "damaged), or it is encrypted and this computer's keyring holds no key for it.",
            hint="The file has not been changed. If it was encrypted, sign in to the account that "
            "encrypted it; otherwise restore it from the backups folder or the hub.",
        )
    return key


def encrypt_database(db: Database, principal: Principal, *, keep_plaintext_backup: bool = False,
                     reopen: Callable[[str], Database] | None = None) -> EncryptionResult:
    """Encrypt ``db``'s file in place. ``db`` is closed by this call; reopen with the key to go on.

    ``reopen`` (given the key) opens the encrypted database to record the audit event in it.
    """
    require(principal, Permission.ENCRYPT_DATABASE)
    path = db.path
    if path is None:
        raise TriageDeskError("An in-memory database cannot be encrypted.")
    if is_encrypted_file(path):
        raise TriageDeskError(f"The database {path} is already encrypted.")
    secrets.require_keyring()  # refuse before touching anything
    key = secrets.create_database_key(path)
    db.close()
    result = encrypt_file(path, key, keep_plaintext_backup=keep_plaintext_backup)
    opened = reopen(key) if reopen else Database.open(path, key=key)
    try:
        AuditService(opened).record(principal, AuditAction.DATABASE_ENCRYPTED, detail={
            "tables": result.tables, "rows": result.rows,
            "plaintext_backup_kept": result.plaintext_backup is not None})
    finally:
        if reopen is None:
            opened.close()
    return result
