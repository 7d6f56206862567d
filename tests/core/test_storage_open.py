"""Opening the local database: pragmas, migrations with a backup first, and refusing bad files."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from triage_desk.domain.errors import DatabaseTooNewError, DatabaseUnreadableError
from triage_desk.storage import migrate as migrate_module
from triage_desk.storage.database import Database
from triage_desk.storage.models import Person


def _open(tmp_path: Path) -> Database:
    return Database.open(tmp_path / "desk.db", backups_dir=tmp_path / "backups")


def test_new_database_is_migrated_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = _open(tmp_path)
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert db.migration.before is None
    assert db.migration.after == migrate_module.head_revision()
    assert db.migration.backup is None  # nothing to back up in a brand-new file
    db.close()


def test_site_id_is_stable_across_opens(tmp_path: Path) -> None:
    first = _open(tmp_path)
    site = first.site_id
    first.close()
    again = _open(tmp_path)
    assert again.site_id == site and len(site) == 32
    again.close()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = _open(tmp_path)
    with pytest.raises(Exception, match="FOREIGN KEY"), db.session() as s:
        s.execute(
            text(
                "INSERT INTO person_aliases (id, person_id, kind, given_name, family_name, given_norm, "
                "family_norm, given_phonetic, family_phonetic, version, origin_site, created_at, "
                "updated_at, deleted) VALUES ('a', 'no-such-person', 'alias', '', '', '', '', '', '', 1, "
                "'x', '2024-01-01', '2024-01-01', 0)"
            )
        )
    db.close()


def test_naive_datetimes_are_refused(tmp_path: Path) -> None:
    db = _open(tmp_path)
    with pytest.raises(Exception, match="naive datetime"), db.session() as s:
        s.add(Person(id="p1", origin_site="x", created_at=datetime(2024, 1, 1)))
    db.close()


def test_aware_datetimes_round_trip_as_utc(tmp_path: Path) -> None:
    db = _open(tmp_path)
    moment = datetime(2024, 3, 31, 1, 30, tzinfo=UTC)
    with db.session() as s:
        s.add(Person(id="p1", origin_site="x", created_at=moment, updated_at=moment))
    with db.reader() as s:
        stored = s.get(Person, "p1")
        assert stored is not None and stored.created_at == moment and stored.created_at.tzinfo is not None
    db.close()


def test_garbage_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseUnreadableError, match="not a Triage Desk database"):
        Database.open(path, backups_dir=tmp_path / "backups")
    assert path.read_bytes() == before


def test_damaged_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    db = _open(tmp_path)
    db.close()
    path = tmp_path / "desk.db"
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the header, wreck the schema page
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with pytest.raises(DatabaseUnreadableError, match="damaged"):
        Database.open(path, backups_dir=tmp_path / "backups")
    assert path.read_bytes() == bytes(data)


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    db = _open(tmp_path)
    with db.session() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    db.close()
    with pytest.raises(DatabaseTooNewError, match="newer version"):
        _open(tmp_path)


def test_migration_takes_a_backup_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database behind the code is copied to backups/ (data included) before it is upgraded."""
    db = _open(tmp_path)
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    with db.session() as s:
        s.add(Person(id="p1", given_name="Ada", origin_site="x", created_at=moment, updated_at=moment))
    db.close()

    # A newer release: the shipped migrations plus one more step.
    newer = tmp_path / "migrations"
    shutil.copytree(migrate_module.MIGRATIONS_DIR, newer)
    (newer / "versions" / "9001_add_column.py").write_text(
        '"""test step"""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '9001'\ndown_revision = {migrate_module.head_revision()!r}\n"
        "branch_labels = None\ndepends_on = None\n"
        "def upgrade():\n"
        "    with op.batch_alter_table('persons') as b:\n"
        "        b.add_column(sa.Column('test_extra', sa.String(10)))\n"
        "def downgrade():\n    pass\n"
    )
    monkeypatch.setattr(migrate_module, "MIGRATIONS_DIR", newer)

    upgraded = _open(tmp_path)
    assert upgraded.migration.before != upgraded.migration.after == "9001"
    backup = upgraded.migration.backup
    assert backup is not None and backup.parent == tmp_path / "backups"
    upgraded.close()
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT given_name FROM persons").fetchall() == [("Ada",)]
        columns = [row[1] for row in conn.execute("PRAGMA table_info(persons)")]
        assert "test_extra" not in columns
    with sqlite3.connect(tmp_path / "desk.db") as conn:
        assert "test_extra" in [row[1] for row in conn.execute("PRAGMA table_info(persons)")]
