"""User accounts: the queries the auth service needs, and nothing else."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage_desk.domain.ids import new_id
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
    return user
