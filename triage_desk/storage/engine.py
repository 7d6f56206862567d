"""Open the local SQLite database safely.

A file that is not a SQLite database, or whose schema cannot be read, raises
DatabaseUnreadableError with the path and what to do. Nothing here ever deletes, truncates or
recreates an existing file: a nurse's records matter more than a clean start.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from triage_desk.domain.errors import DatabaseUnreadableError

SQLITE_HEADER = b"SQLite format 3\x00"


def check_database_file(path: Path) -> None:
    """Refuse, with a clear message, a file that exists but is not a readable SQLite database."""
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseUnreadableError(f"The database path {path} is a folder, not a file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseUnreadableError(
            f"The database file {path} cannot be read: {exc.strerror}.",
            hint="Check the file's permissions. The file has not been changed.",
        ) from exc
    if header == b"":
        return  # an empty file (e.g. created by touch) is a new database
    if header != SQLITE_HEADER:
        raise DatabaseUnreadableError(
            f"The file {path} is not a Triage Desk database "
            "(it is not SQLite, or its first page is damaged).",
            hint="The file has not been changed. Restore it from the backups folder or ask your "
            "supervisor; start with --data-dir to use a different folder meanwhile.",
        )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnreadableError(
            f"The database file {path} is damaged and cannot be opened ({exc}).",
            hint="The file has not been changed. Restore it from the backups folder or ask your "
            "supervisor; start with --data-dir to use a different folder meanwhile.",
        ) from exc


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # NORMAL is durable in WAL mode against a killed process (only an OS crash can lose the last
    # commit), and much faster than FULL for the autosave-on-every-change drafts.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_sqlite_engine(path: Path | None) -> Engine:
    """Engine for a local SQLite file (or in-memory when ``path`` is None, for tests)."""
    if path is None:
        # One shared connection, or every session would see its own empty memory database.
        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
