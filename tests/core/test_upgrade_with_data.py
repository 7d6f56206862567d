"""A desk installed with the first release, holding data, upgrades to the current schema intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import text

from triage_desk.services.demo_data import generate_demo_data
from triage_desk.storage.database import Database
from triage_desk.storage.engine import create_sqlite_engine
from triage_desk.storage.migrate import alembic_config, head_revision

TABLES = ("users", "persons", "person_aliases", "safety_warnings", "response_plans", "contacts")


def _first_release_database(path: Path, source: Path) -> None:
    """Schema 0001, filled with the columns 0001 had, copied from a database of realistic data."""
    engine = create_sqlite_engine(path)
    command.upgrade(alembic_config(engine), "0001")
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    for table in TABLES:
        columns = ", ".join(row[1] for row in conn.execute(f"PRAGMA main.table_info({table})"))
        conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM src.{table}")
    conn.commit()
    conn.execute("DETACH DATABASE src")
    conn.close()


def test_first_schema_with_data_upgrades_without_loss(tmp_path: Path) -> None:
    source = Database.open(tmp_path / "source.db")
    generate_demo_data(source, persons=60, contacts=240, seed=5)
    source.close()
    path = tmp_path / "desk.db"
    _first_release_database(path, tmp_path / "source.db")
    with sqlite3.connect(path) as conn:
        before = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    upgraded = Database.open(path, backups_dir=tmp_path / "backups")
    assert upgraded.migration.before == "0001" and upgraded.migration.after == head_revision()
    assert upgraded.migration.backup is not None and upgraded.migration.backup.exists()
    with upgraded.reader() as s:
        after = {t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}
        foreign_keys_on = s.execute(text("PRAGMA foreign_keys")).scalar_one()
        triggers = {r[0] for r in s.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))}
    upgraded.close()
    assert after == before and before["contacts"] == 240 and before["person_aliases"] > 0
    assert foreign_keys_on == 1
    assert "contacts_signed_no_update" in triggers
