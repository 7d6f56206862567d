"""Who is signed in: the value every protected service call is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from triage_desk.domain.roles import Role


@dataclass(frozen=True)
class Principal:
    """A signed-in user. Immutable: a role change takes effect at the next sign-in."""

    user_id: str
    username: str
    display_name: str
    role: Role
    signed_in_at: datetime


@dataclass(frozen=True)
class UserAccount:
    """An account as an administrator sees it (never the password hash)."""

    user_id: str
    username: str
    display_name: str
    role: Role
    active: bool
    locked_until: datetime | None
