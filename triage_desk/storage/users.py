"""User accounts: the queries and writes the auth service needs, and nothing else.

Users are reference data that sync through the hub like every synced table: each write here puts
its change in the outbox in the same transaction (username, display name, role, password hash,
active flag; never a password). Failed sign-ins and lockouts are desk-local
(:data:`~triage_desk.storage.synced_tables.DESK_LOCAL`) and are changed directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage_desk.domain.ids import new_id
from triage_desk.storage import outbox, synced_writes
from triage_desk.storage.models import User


def by_username(session: Session, username: str) -> User | None:
    # Usernames are compared case-insensitively: "JSmith" and "jsmith" must not be two people.
    return session.execute(
        select(User).where(func.lower(User.username) == username.lower(), User.deleted.is_(False))
    ).scalar_one_or_none()


def by_id(session: Session, user_id: str) -> User | None:
    return session.get(User, user_id)


def count_active_with_role(session: Session, role: str) -> int:
    return session.execute(
        select(func.count()).select_from(User).where(
            User.role == role, User.active.is_(True), User.deleted.is_(False)
        )
    ).scalar_one()


def all_users(session: Session) -> list[User]:
    query = select(User).where(User.deleted.is_(False)).order_by(User.username)
    return list(session.execute(query).scalars())


def add(session: Session, *, site_id: str, username: str, display_name: str, role: str,
        password_hash: str, now: datetime) -> User:
    user = User(id=new_id(), origin_site=site_id, username=username, display_name=display_name, role=role,
                password_hash=password_hash, active=True, failed_attempts=0, locked_until=None,
                created_at=now, updated_at=now, version=1, deleted=False)
    session.add(user)
    session.flush()
    outbox.record_insert(session, user)
    return user


def update(session: Session, user: User, changes: Mapping[str, Any]) -> User:
    """Change synced fields of an account (password hash, active, role, display name), bump its
    version and queue the edit for the hub."""
    updated: User = synced_writes.update_record(session, "users", user.id, changes, user.version)
    return updated
