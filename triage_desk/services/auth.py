"""Signing in and out, locking after repeated failures, and managing accounts.

The UI's sign-in dialog and idle lock, and the command line's ``--user``, all come through here:

- :meth:`AuthService.sign_in` → :class:`Principal` (or AuthenticationError / AccountLockedError);
- :meth:`AuthService.confirm_password` unlocks an idle-locked screen for the same principal;
- :meth:`AuthService.sign_out`, :meth:`AuthService.change_password`;
- first run: :meth:`needs_first_admin` and :meth:`create_first_admin`.

A wrong username and a wrong password get the same message and take the same time, and an unknown
username is "locked" after the same number of tries as a real one, so the dialog cannot be used to
find out who has an account. Only a correct password earns the more specific "account disabled".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from triage_desk.domain.clock import DEFAULT_ZONE, format_local, utc_now
from triage_desk.domain.errors import AccountLockedError, AuthenticationError, ValidationError
from triage_desk.domain.principal import Principal, UserAccount
from triage_desk.domain.roles import Role
from triage_desk.domain.text_limits import check_text, limit_for
from triage_desk.services.access import Permission, require
from triage_desk.services.audit import AuditAction, AuditService
from triage_desk.services.passwords import Passwords, check_new_password
from triage_desk.storage import users
from triage_desk.storage.database import Database

log = logging.getLogger(__name__)

WRONG_CREDENTIALS = "The username or password is not right."
_USER = "user"
_MAX_TRACKED_UNKNOWN = 10_000


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_minutes: int = 15


@dataclass
class _Strikes:
    failures: int = 0
    locked_until: datetime | None = None


class AuthService:
    def __init__(self, db: Database, audit: AuditService, *, clock: Callable[[], datetime] = utc_now,
                 passwords: Passwords | None = None, policy: LockoutPolicy | None = None,
                 zone: str = DEFAULT_ZONE) -> None:
        self._db = db
        self._audit = audit
        self._clock = clock
        self._passwords = passwords or Passwords()
        self.policy = policy or LockoutPolicy()
        self._zone = zone
        # Failures against usernames that do not exist, so they lock like real ones (memory only).
        self._unknown: dict[str, _Strikes] = {}

    # --- first run -------------------------------------------------------------------------------

    def needs_first_admin(self) -> bool:
        """True until an admin account exists (even a disabled one: first-run is not a way back in)."""
        with self._db.reader() as s:
            return not any(u.role == Role.ADMIN for u in users.all_users(s))

    def create_first_admin(self, username: str, display_name: str, password: str) -> UserAccount:
        with self._db.session() as s:
            if any(u.role == Role.ADMIN for u in users.all_users(s)):
                raise ValidationError("An administrator already exists; ask them to create your account.")
            user = self._add(s, username, display_name, Role.ADMIN, password)
            self._audit.record_in(s, None, AuditAction.USER_CREATED, _USER, user.id,
                                  detail={"role": Role.ADMIN.value, "first_admin": True})
            return _account(user)

    # --- signing in and out ----------------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> Principal:
        now = self._clock()
        with self._db.session() as s:
            user = users.by_username(s, username.strip())
            if user is None or not user.password_hash:
                self._passwords.burn(password)
                self._audit.record_in(s, None, AuditAction.SIGN_IN_FAILED, detail={"reason": "credentials"})
                error: AuthenticationError = self._unknown_user_failure(username, now)
            else:
                error_or_none = self._check(s, user, password, now)
                if error_or_none is None:
                    principal = Principal(user.id, user.username, user.display_name, Role(user.role), now)
                    self._audit.record_in(s, principal, AuditAction.SIGN_IN, _USER, user.id)
                    log.info("sign-in: user %s (%s)", user.id, user.role)
                    return principal
                error = error_or_none
        # Raised after the commit, so the failure count and its audit event are kept. The log names no
        # username: people type passwords into the username box.
        log.info("sign-in refused: %s", type(error).__name__)
        raise error

    def confirm_password(self, principal: Principal, password: str) -> None:
        """Unlock an idle-locked screen: the same checks (and lockout) as signing in."""
        now = self._clock()
        with self._db.session() as s:
            user = users.by_id(s, principal.user_id)
            if user is None:
                raise AuthenticationError("This account no longer exists; sign in again.")
            error = self._check(s, user, password, now)
            if error is None:
                self._audit.record_in(s, principal, AuditAction.SESSION_UNLOCKED, _USER, user.id)
                return
        raise error

    def record_idle_lock(self, principal: Principal) -> None:
        self._audit.record(principal, AuditAction.SESSION_LOCKED, _USER, principal.user_id)

    def sign_out(self, principal: Principal) -> None:
        self._audit.record(principal, AuditAction.SIGN_OUT, _USER, principal.user_id)

    def change_password(self, principal: Principal, old_password: str, new_password: str) -> None:
        check_new_password(new_password, username=principal.username)
        now = self._clock()
        with self._db.session() as s:
            user = users.by_id(s, principal.user_id)
            if user is None:
                raise AuthenticationError("This account no longer exists; sign in again.")
            error = self._check(s, user, old_password, now)
            if error is None:
                users.update(s, user, {"password_hash": self._passwords.hash(new_password)})
                self._audit.record_in(s, principal, AuditAction.PASSWORD_CHANGED, _USER, user.id)
                return
        raise error

    def _check(self, s: object, user: users.User, password: str, now: datetime) -> AuthenticationError | None:
        """Verify a known user's password, counting failures; None means success."""
        if user.locked_until is not None and user.locked_until > now:
            self._passwords.burn(password)
            self._audit.record_in(s, None, AuditAction.SIGN_IN_FAILED, _USER, user.id,
                                  detail={"reason": "locked"})
            return self._locked_error(user.locked_until)
        if not self._passwords.verify(user.password_hash or "", password):
            user.failed_attempts = (user.failed_attempts or 0) + 1
            if user.failed_attempts >= self.policy.max_failures:
                user.locked_until = now + timedelta(minutes=self.policy.lock_minutes)
                user.failed_attempts = 0
                self._audit.record_in(s, None, AuditAction.ACCOUNT_LOCKED, _USER, user.id,
                                      detail={"minutes": self.policy.lock_minutes})
                return self._locked_error(user.locked_until)
            self._audit.record_in(s, None, AuditAction.SIGN_IN_FAILED, _USER, user.id,
                                  detail={"reason": "credentials"})
            return AuthenticationError(WRONG_CREDENTIALS)
        if not user.active:
            self._audit.record_in(s, None, AuditAction.SIGN_IN_FAILED, _USER, user.id,
                                  detail={"reason": "disabled"})
            return AuthenticationError("This account has been disabled.", hint="Ask an administrator.")
        user.failed_attempts = 0
        user.locked_until = None
        if self._passwords.needs_rehash(user.password_hash or ""):
            users.update(s, user, {"password_hash": self._passwords.hash(password)})  # type: ignore[arg-type]
        return None

    def _unknown_user_failure(self, username: str, now: datetime) -> AuthenticationError:
        if len(self._unknown) > _MAX_TRACKED_UNKNOWN:
            self._unknown.clear()
        strikes = self._unknown.setdefault(username.strip().lower(), _Strikes())
        if strikes.locked_until is not None and strikes.locked_until > now:
            return self._locked_error(strikes.locked_until)
        strikes.failures += 1
        if strikes.failures >= self.policy.max_failures:
            strikes.failures = 0
            strikes.locked_until = now + timedelta(minutes=self.policy.lock_minutes)
            return self._locked_error(strikes.locked_until)
        return AuthenticationError(WRONG_CREDENTIALS)

    def _locked_error(self, until: datetime) -> AccountLockedError:
        when = format_local(until, self._zone, "%H:%M on %d/%m/%Y")
        return AccountLockedError(
            f"Too many failed sign-ins: this account is locked until {when}.",
            locked_until=until, hint="Try again then, or ask an administrator to unlock it.",
        )

    # --- administration --------------------------------------------------------------------------

    def add_user(self, principal: Principal, username: str, display_name: str, role: Role,
                 password: str) -> UserAccount:
        require(principal, Permission.MANAGE_USERS)
        with self._db.session() as s:
            user = self._add(s, username, display_name, role, password)
            self._audit.record_in(s, principal, AuditAction.USER_CREATED, _USER, user.id,
                                  detail={"role": Role(role).value})
            return _account(user)

    def list_users(self, principal: Principal) -> list[UserAccount]:
        require(principal, Permission.MANAGE_USERS)
        with self._db.reader() as s:
            return [_account(u) for u in users.all_users(s)]

    def disable_user(self, principal: Principal, username: str) -> None:
        require(principal, Permission.MANAGE_USERS)
        with self._db.session() as s:
            user = self._existing(s, username)
            last_admin = users.count_active_with_role(s, Role.ADMIN) <= 1
            if user.role == Role.ADMIN and user.active and last_admin:
                raise ValidationError(
                    f"{user.username} is the only active administrator and cannot be disabled.",
                    hint="Create another administrator first.")
            users.update(s, user, {"active": False})
            self._audit.record_in(s, principal, AuditAction.USER_DISABLED, _USER, user.id)

    def unlock_user(self, principal: Principal, username: str) -> None:
        require(principal, Permission.MANAGE_USERS)
        with self._db.session() as s:
            user = self._existing(s, username)
            user.locked_until = None
            user.failed_attempts = 0
            self._audit.record_in(s, principal, AuditAction.USER_UNLOCKED, _USER, user.id)

    def _existing(self, s: object, username: str) -> users.User:
        # Only admins reach here, so saying "no such user" reveals nothing they could not list.
        user = users.by_username(s, username.strip())  # type: ignore[arg-type]
        if user is None:
            raise ValidationError(f"There is no user called '{username}'.")
        return user

    def _add(self, s: object, username: str, display_name: str, role: Role, password: str) -> users.User:
        username = username.strip()
        display_name = display_name.strip()
        if not username or not display_name:
            raise ValidationError("A user needs a username and a display name.")
        check_text("Username", username, limit_for("users.username"))
        check_text("Display name", display_name, limit_for("users.display_name"))
        if any(c.isspace() for c in username):
            raise ValidationError("A username cannot contain spaces.")
        try:
            role = Role(role)
        except ValueError:
            raise ValidationError(f"'{role}' is not a role; use one of: "
                                  f"{', '.join(r.value for r in Role)}.") from None
        check_new_password(password, username=username)
        if users.by_username(s, username) is not None:  # type: ignore[arg-type]
            raise ValidationError(f"The username '{username}' is already taken.")
        return users.add(s, site_id=self._db.site_id, username=username,  # type: ignore[arg-type]
                         display_name=display_name, role=role.value,
                         password_hash=self._passwords.hash(password), now=self._clock())


def _account(user: users.User) -> UserAccount:
    return UserAccount(user.id, user.username, user.display_name, Role(user.role), user.active,
                       user.locked_until)
