"""SQLCipher at rest: round trip, unreadable without the key, conversion without loss, clear refusals."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from keyring.backends import fail

from tests.memory_keyring import MemoryKeyring, memory_keyring_installed
from triage_desk.cli import main
from triage_desk.domain.errors import (
    DatabaseUnreadableError,
    EncryptionUnavailableError,
    PermissionDeniedError,
)
from triage_desk.domain.ids import new_id
from triage_desk.domain.roles import Role
from triage_desk.services.app import open_app
from triage_desk.services.encryption import encrypt_database
from triage_desk.storage.database import Database
from triage_desk.storage.models import Person

KEY = "ab" * 32
NAME = "Zoë 👩🏽‍⚕️ O'Brien"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    with memory_keyring_installed() as backend:
        yield backend


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _add_person(db: Database) -> str:
    person_id = new_id()
    with db.session() as s:
        s.add(Person(id=person_id, origin_site=db.site_id, given_name=NAME, nhs_number="9434765919"))
    return person_id


def _plain_sqlite_fails(path: Path) -> str:
    with pytest.raises(sqlite3.DatabaseError) as failure:
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    return str(failure.value)


def test_encrypted_round_trip_and_unreadable_without_the_key(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    db = Database.open(path, key=KEY)
    person_id = _add_person(db)
    db.close()
    assert _plain_sqlite_fails(path) == "file is not a database"
    assert b"9434765919" not in path.read_bytes() and b"O'Brien" not in path.read_bytes()
    again = Database.open(path, key=KEY)
    with again.reader() as s:
        person = s.get(Person, person_id)
        assert person is not None and person.given_name == NAME
    again.close()


def test_the_wrong_key_is_refused_and_the_file_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    Database.open(path, key=KEY).close()
    before = path.read_bytes()
    with pytest.raises(DatabaseUnreadableError, match="cannot be opened with the key"):
        Database.open(path, key="cd" * 32)
    assert path.read_bytes() == before


def test_converting_keeps_every_row_and_opens_with_the_keyring_key(tmp_path: Path,
                                                                   memory_keyring: MemoryKeyring) -> None:
    app = open_app(tmp_path)
    admin = _admin(app)
    person_id = _add_person(app.db)
    audit_rows = app.audit.verify(admin).events_checked
    result = encrypt_database(app.db, admin)
    app.close()
    assert result.plaintext_backup is None and not list(tmp_path.glob("*plaintext*"))
    assert _plain_sqlite_fails(tmp_path / "triage-desk.db") == "file is not a database"
    reopened = open_app(tmp_path)  # finds the key in the keyring by itself
    with reopened.db.reader() as s:
        person = s.get(Person, person_id)
        assert person is not None and person.given_name == NAME
    report = reopened.audit.verify(admin)
    # every audit event survived, plus the verify and the encryption records, still chained
    assert report.intact and report.events_checked == audit_rows + 2
    reopened.close()


def test_plaintext_backup_only_when_asked(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    app = open_app(tmp_path)
    result = encrypt_database(app.db, _admin(app), keep_plaintext_backup=True)
    app.close()
    assert result.plaintext_backup is not None
    with sqlite3.connect(result.plaintext_backup) as conn:
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 1


def test_no_keyring_backend_is_a_clear_refusal_not_a_plaintext_fallback(tmp_path: Path,
                                                                          no_keyring: None) -> None:
    app = open_app(tmp_path)
    admin = _admin(app)
    app.db.engine.dispose()
    before = (tmp_path / "triage-desk.db").read_bytes()
    with pytest.raises(EncryptionUnavailableError, match="needs the system keyring"):
        encrypt_database(app.db, admin)
    app.close()
    assert (tmp_path / "triage-desk.db").read_bytes() == before


def test_only_admins_encrypt(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    app = open_app(tmp_path)
    admin = _admin(app)
    app.auth.add_user(admin, "sam", "Sam", Role.SUPERVISOR, "supervisor password")
    sam = app.auth.sign_in("sam", "supervisor password")
    with pytest.raises(PermissionDeniedError, match="Encrypting the database needs the admin role"):
        encrypt_database(app.db, sam)
    app.close()
    assert sqlite3.connect(tmp_path / "triage-desk.db").execute("SELECT 1").fetchone() == (1,)


def test_an_encrypted_database_without_its_key_says_so(tmp_path: Path,
                                                       memory_keyring: MemoryKeyring) -> None:
    app = open_app(tmp_path)
    encrypt_database(app.db, _admin(app))
    app.close()
    memory_keyring.store.clear()
    with pytest.raises(DatabaseUnreadableError, match="keyring holds no key"):
        open_app(tmp_path)


def test_cli_encrypt_database(tmp_path: Path, memory_keyring: MemoryKeyring,  # type: ignore[no-untyped-def]
                              monkeypatch, capsys) -> None:
    base = ["--data-dir", str(tmp_path)]
    monkeypatch.setenv("TRIAGE_DESK_PASSWORD", "admin password 1")
    assert main([*base, "init", "--admin-user", "root", "--admin-name", "Rosa Root"]) == 0
    assert main([*base, "--user", "root", "encrypt-database"]) == 0
    assert "all checked" in capsys.readouterr().out
    assert _plain_sqlite_fails(tmp_path / "triage-desk.db") == "file is not a database"
    assert main([*base, "--user", "root", "audit", "verify"]) == 0


def _admin(app):  # type: ignore[no-untyped-def]
    app.auth.create_first_admin("root", "Rosa Root", "admin password 1")
    return app.auth.sign_in("root", "admin password 1")
