"""Open the local SQLite database safely.

A file that is not a SQLite database, or whose schema cannot be read, raises
DatabaseUnreadableError with the path and what to do.

An encrypted database (SQLCipher 4, via the ``sqlcipher3`` wheel) is opened when the caller passes
its key: a 64-hex-digit raw key, used as ``PRAGMA key = "x'…'"`` so no slow passphrase derivation
runs on every connection. Storage never fetches keys itself; the services layer gets them from
the OS keyring (``platform/secrets.py``). Nothing here ever deletes, truncates or
recreates an existing file: a nurse's records matter more than a clean start.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from types import ModuleType

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from triage_desk.domain.errors import DatabaseUnreadableError

SQLITE_HEADER = b"SQLite format 3\x00"


_RAW_KEY = re.compile(r"[0-9a-f]{64}")


def key_pragma(key: str) -> str:
    """``PRAGMA key`` for a raw 256-bit key; the format check also rules out SQL in the key."""
    if not _RAW_KEY.fullmatch(key):
        raise ValueError("a database key must be 64 lowercase hex digits")
    return f"PRAGMA key = \"x'{key}'\""


def sqlcipher_module() -> ModuleType:
    from sqlcipher3 import dbapi2  # imported only when an encrypted database is in use

    return dbapi2


def is_encrypted_file(path: Path) -> bool:
    """A non-empty file without the SQLite header: SQLCipher's (or garbage; the key decides)."""
    if not path.is_file() or path.stat().st_size == 0:
        return False
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER


def check_encrypted_file(path: Path, key: str) -> None:
    try:
        conn = sqlcipher_module().connect(str(path))
        try:
            conn.execute(key_pragma(key))
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except Exception as exc:  # sqlcipher3's DatabaseError is its own class, not sqlite3's
        raise DatabaseUnreadableError(
            f"The encrypted database {path} cannot be opened with the key held for it ({exc}).",
            hint="The file has not been changed. If this computer's keyring was reset, the key is "
            "lost with it: restore from the hub or a backup.",
        ) from exc


def check_database_file(path: Path, *, key: str | None = None) -> None:
    """Refuse, with a clear message, a file that exists but is not a readable SQLite database."""
    if not path.exists():
        return
    if key is not None and is_encrypted_file(path):
        check_encrypted_file(path, key)
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
    _apply_pragmas(cursor)
    cursor.close()


def _apply_pragmas(cursor: sqlite3.Cursor) -> None:
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # NORMAL is durable in WAL mode against a killed process (only an OS crash can lose the last
    # commit), and much faster than FULL for the autosave-on-every-change drafts.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")


def create_sqlite_engine(path: Path | None, *, key: str | None = None) -> Engine:
    """Engine for a local SQLite file (in-memory when ``path`` is None, for tests); SQLCipher with ``key``."""
    if path is None:
        # One shared connection, or every session would see its own empty memory database.
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    elif key is not None:
        engine = create_engine(f"sqlite:///{path}", module=sqlcipher_module())
        pragma = key_pragma(key)

        def _unlock_then_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute(pragma)  # must be the first statement on the connection
            _apply_pragmas(cursor)
            cursor.close()

        event.listen(engine, "connect", _unlock_then_pragmas)
        return engine
    else:
        engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def is_encrypted_engine(engine: Engine) -> bool:
    return getattr(engine.dialect.dbapi, "__name__", "").startswith("sqlcipher3")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
