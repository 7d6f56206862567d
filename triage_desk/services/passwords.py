"""Password hashing (Argon2id) and the password rules.

argon2-cffi's defaults are the RFC 9106 "low memory" profile (Argon2id, t=3, 64 MiB, p=4): about a
tenth of a second on a control-room PC, which an attacker with a stolen laptop pays per guess.
Tests pass a cheaper hasher; :meth:`needs_rehash` upgrades such hashes at the next sign-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from triage_desk.domain.errors import ValidationError

MIN_LENGTH = 10
MAX_LENGTH = 256


class Passwords:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(stored_hash)
        except InvalidHashError:
            return True

    def burn(self, password: str) -> None:
        """Spend the time a real check would, so an unknown username answers no faster than a known one."""
        if self._dummy is None:
            self._dummy = self._hasher.hash("not a real password")
        self.verify(self._dummy, password)


def check_new_password(password: str, *, username: str) -> None:
    """Length over complexity rules (NCSC guidance), and not the username itself."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"The password is too short: use at least {MIN_LENGTH} characters.",
                              hint="A few unrelated words make a long password that is easy to remember.")
    if len(password) > MAX_LENGTH:
        raise ValidationError(f"The password is too long: the limit is {MAX_LENGTH} characters.")
    if password.strip().lower() == username.strip().lower():
        raise ValidationError("The password must not be the username.")
