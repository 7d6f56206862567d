"""Secrets in the operating system's keyring (Windows Credential Manager, macOS Keychain, Secret
Service on Linux) — never in a file next to the data they protect.

Where no real keyring exists (a headless Linux box, or only a plaintext "keyring" file), encryption
is refused with a clear message: a key stored in plain sight, or a silent plaintext fallback, would
both look like protection without being any.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import keyring
import keyring.errors

from triage_desk.domain.errors import EncryptionUnavailableError

SERVICE = "triage-desk"


def _entry(database: Path) -> str:
    return f"database-key:{database.resolve()}"


def require_keyring() -> None:
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    unusable = getattr(backend, "priority", 0) <= 0 or "plaintext" in name.lower() or ".fail." in name
    if unusable:
        raise EncryptionUnavailableError(
            f"Database encryption needs the system keyring to hold its key, and none is available here "
            f"({name}). The database has not been changed.",
            hint="On Linux install and unlock a Secret Service keyring (GNOME Keyring or KWallet); "
            "Windows and macOS have one built in.",
        )


def database_key(database: Path) -> str | None:
    """The key for an encrypted database, or None if this computer's keyring has none."""
    try:
        return keyring.get_password(SERVICE, _entry(database))
    except keyring.errors.KeyringError:
        return None


def create_database_key(database: Path) -> str:
    """A new random 256-bit key, stored in the keyring and read back before anything relies on it."""
    require_keyring()
    key = secrets.token_hex(32)
    try:
        keyring.set_password(SERVICE, _entry(database), key)
        stored = keyring.get_password(SERVICE, _entry(database))
    except keyring.errors.KeyringError as exc:
        raise EncryptionUnavailableError(f"The system keyring refused to store the key: {exc}.") from exc
    if stored != key:
        raise EncryptionUnavailableError("The system keyring did not keep the key; "
                                         "the database is unchanged.")
    return key
