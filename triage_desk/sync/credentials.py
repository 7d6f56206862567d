"""Hub passwords live in the operating system's keyring, never in settings.toml or the log.

``settings.hub_url`` holds the URL without a password; the password is added at connect time. When
the machine has no usable keyring backend we say so instead of falling back to a plaintext file.
"""

from __future__ import annotations

import keyring
import keyring.errors
from keyring.backends import fail
from sqlalchemy import make_url
from sqlalchemy.engine import URL

from triage_desk.domain.errors import CredentialStoreUnavailableError

SERVICE = "triage-desk-hub"


def account(url: str | URL) -> str:
    """The keyring entry name: user@host:port/database (no password, stable across edits of options)."""
    u = make_url(url)
    return f"{u.username or ''}@{u.host or ''}:{u.port or ''}/{u.database or ''}"


def without_password(url: str | URL) -> str:
    return make_url(url).set(password=None).render_as_string(hide_password=False)


def keyring_available() -> bool:
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    chained = getattr(backend, "backends", None)
    return chained is None or bool(chained)


def set_password(url: str | URL, password: str) -> None:
    if not keyring_available():
        raise CredentialStoreUnavailableError(
            "No system keyring is available on this machine, so the hub password cannot be stored safely.",
            hint="Install or unlock the OS credential store (Windows Credential Manager, macOS Keychain, "
            "Secret Service on Linux); Triage Desk never stores it in plain text.",
        )
    try:
        keyring.set_password(SERVICE, account(url), password)
    except keyring.errors.KeyringError as exc:
        raise CredentialStoreUnavailableError(f"The system keyring refused the password: {exc}.") from exc


def url_with_password(url: str | URL) -> URL:
    """The URL to connect with: the stored password added unless the URL already carries one."""
    u = make_url(url)
    if u.password or u.get_backend_name() == "sqlite":
        return u
    try:
        password = keyring.get_password(SERVICE, account(u))
    except keyring.errors.KeyringError:
        password = None
    return u.set(password=password) if password else u
