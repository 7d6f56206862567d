"""Bring a database to the current schema with Alembic, copying the file first.

Runs at every start. When the database is behind, a consistent copy (SQLite backup API, so the
WAL's contents are included) is written to ``backups/`` before the first migration step. A database
from a newer version of Triage Desk is refused rather than touched.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from triage_desk.domain.errors import DatabaseTooNewError, MigrationError
from triage_desk.storage.engine import is_encrypted_engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type]
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(source: Path, backups_dir: Path, label: str) -> Path:
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups_dir / f"{source.stem}-{stamp}-{label}.db"
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def backup_encrypted(engine: Engine, source: Path, backups_dir: Path, label: str) -> Path:
    """An encrypted database is copied as it is (still encrypted, same key) after a WAL checkpoint."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backups_dir / f"{source.stem}-{stamp}-{label}.db"
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(source, target)
    return target


def migrate(engine: Engine, *, database_file: Path | None, backups_dir: Path | None) -> MigrationResult:
    config = alembic_config(engine)
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    assert head is not None
    before = current_revision(engine)
    if before == head:
        return MigrationResult(before, head, None)
    if before is not None:
        known = {rev.revision for rev in script.walk_revisions()}
        if before not in known:
            raise DatabaseTooNewError(
                f"This database was written by a newer version of Triage Desk (schema {before}).",
                hint="Install the newer version; this one will not open it, so nothing is lost.",
            )
    backup = None
    has_tables = bool(inspect(engine).get_table_names())
    if database_file is not None and backups_dir is not None and has_tables:
        if is_encrypted_engine(engine):
            backup = backup_encrypted(engine, database_file, backups_dir, f"before-{head}")
        else:
            backup = backup_sqlite(database_file, backups_dir, f"before-{head}")
        log.info("database backed up before migration to %s", backup.name)
    try:
        command.upgrade(config, "head")
    except Exception as exc:
        where = f" A copy taken before the migration is at {backup}." if backup else ""
        raise MigrationError(f"Updating the database schema failed: {exc}.{where}") from exc
    log.info("database migrated from %s to %s", before, head)
    return MigrationResult(before, head, backup)


def has_revision(engine: Engine, revision: str) -> bool:
    """Whether the database's schema includes ``revision`` (it is the current one or an ancestor)."""
    current = current_revision(engine)
    if current is None:
        return False
    script = ScriptDirectory.from_config(alembic_config(engine))
    if revision not in {rev.revision for rev in script.walk_revisions()}:
        return False  # required by something newer than this version of Triage Desk
    return any(rev.revision == revision for rev in script.iterate_revisions(current, "base"))
