"""Typed errors raised by the core and presented by one function in the UI and the CLI.

Every error carries a message a user can act on: what is wrong, where, and what to do.
"""

from __future__ import annotations


class TriageDeskError(Exception):
    """Base class for errors meant to be shown to a user."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class DatabaseUnreadableError(TriageDeskError):
    """The local database file exists but cannot be opened as a Triage Desk database."""


class DatabaseTooNewError(TriageDeskError):
    """The database was written by a newer version of Triage Desk."""


class MigrationError(TriageDeskError):
    """A schema migration failed; the pre-migration backup is named in the message."""


class SettingsError(TriageDeskError):
    """The settings file is malformed."""


class ResourceMissingError(TriageDeskError):
    """A bundled resource (forms, rules, icons) could not be found."""


class ValidationError(TriageDeskError):
    """User input failed validation."""


class AuthenticationError(TriageDeskError):
    """Sign-in failed. The message never says whether the username exists."""


class AccountLockedError(AuthenticationError):
    """Too many failed sign-ins: the account is locked until the time named in the message."""

    def __init__(self, message: str, *, locked_until: object = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.locked_until = locked_until


class PermissionDeniedError(TriageDeskError):
    """The signed-in role may not do this; the message names the action and the role needed."""


class PurposeRequiredError(TriageDeskError):
    """A look-up of a person's record was attempted without an incident reference or a reason."""


class EncryptionUnavailableError(TriageDeskError):
    """Database encryption cannot be used here (no keyring backend, or no SQLCipher)."""


class StaleEditError(TriageDeskError):
    """A local edit started from a version of the record that is no longer the current one."""


class SyncError(TriageDeskError):
    """A sync cycle failed; local data is untouched and the next cycle retries."""


class HubUnreachableError(SyncError):
    """The hub could not be reached (network, server down, wrong address or password)."""


class SyncIncompatibleError(SyncError):
    """Desk and hub speak different protocol or schema versions, or mix demo and real data.

    The desk keeps working offline; the message names what to upgrade.
    """


class CredentialStoreUnavailableError(TriageDeskError):
    """No system keyring is available to hold the hub password."""
