"""The local database: open (checked), migrate (backed up), and hand out short-lived sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from triage_desk.domain.ids import new_site_id
from triage_desk.storage.engine import check_database_file, create_sqlite_engine, session_factory
from triage_desk.storage.migrate import MigrationResult, migrate
from triage_desk.storage.models import SiteMeta


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    path: Path | None
    site_id: str
    migration: MigrationResult

    @classmethod
    def open(cls, path: Path | None, *, backups_dir: Path | None = None, key: str | None = None) -> Database:
        """Open (creating if absent) and migrate. ``path=None`` gives a private in-memory database.

        ``key`` opens (or creates) a SQLCipher-encrypted file; the caller fetches it from the keyring.
        """
        if path is not None:
            check_database_file(path, key=key)
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_sqlite_engine(path, key=key)
        result = migrate(engine, database_file=path, backups_dir=backups_dir)
        sessions = session_factory(engine)
        site_id = _ensure_site_id(sessions)
        return cls(engine=engine, sessions=sessions, path=path, site_id=site_id, migration=result)

    @classmethod
    def open_url(cls, url: str) -> Database:
        """A desk-schema database at a SQLAlchemy URL (e.g. PostgreSQL), migrated like a local file.

        The reports' SQL has a PostgreSQL branch; its tests run the same figures against such a
        database. No file checks and no backup: the server is the caller's to manage.
        """
        engine = create_engine(url)
        result = migrate(engine, database_file=None, backups_dir=None)
        sessions = session_factory(engine)
        return cls(engine=engine, sessions=sessions, path=None, site_id=_ensure_site_id(sessions),
                   migration=result)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on error, always closed."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def meta(self, key: str) -> str | None:
        with self.reader() as s:
            row = s.get(SiteMeta, key)
            return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.session() as s:
            s.merge(SiteMeta(key=key, value=value))

    @property
    def is_demo(self) -> bool:
        return self.meta("demo_data") == "1"

    def close(self) -> None:
        self.engine.dispose()


def _ensure_site_id(sessions: sessionmaker[Session]) -> str:
    with sessions() as s, s.begin():
        row = s.execute(select(SiteMeta).where(SiteMeta.key == "site_id")).scalar_one_or_none()
        if row is None:
            row = SiteMeta(key="site_id", value=new_site_id())
            s.add(row)
        return row.value
