"""Convert a plaintext database file to SQLCipher in place, without losing a row.

1. checkpoint the WAL into the main file and count the rows of every table;
2. ``sqlcipher_export`` into a new file beside it, encrypted with the key;
3. open the new file with the key and compare every table's row count and the integrity check;
4. only then swap: the new file replaces the old one with an atomic rename.

Until step 4 the original is untouched, so any failure leaves the desk as it was. The plaintext
copy is kept only when asked for: a plaintext backup beside an encrypted database defeats the point.
Nothing else may have the database open meanwhile (the command line closes the app's own engine).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from triage_desk.domain.errors import DatabaseUnreadableError, TriageDeskError
from triage_desk.storage.engine import is_encrypted_file, key_pragma, sqlcipher_module


@dataclass(frozen=True)
class EncryptionResult:
    tables: int
    rows: int
    plaintext_backup: Path | None


def _row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    # Table names come from sqlite_master itself, quoted: nothing user-typed reaches this SQL.
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def encrypt_file(path: Path, key: str, *, keep_plaintext_backup: bool = False) -> EncryptionResult:
    if not path.is_file():
        raise DatabaseUnreadableError(f"There is no database at {path} to encrypt.")
    if is_encrypted_file(path):
        raise TriageDeskError(f"The database {path} is already encrypted (or is not a SQLite file).")
    pragma = key_pragma(key)
    plain = sqlite3.connect(path)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _row_counts(plain)
        user_version = plain.execute("PRAGMA user_version").fetchone()[0]
    finally:
        plain.close()

    staging = path.with_name(path.name + ".encrypting")
    staging.unlink(missing_ok=True)
    cipher = sqlcipher_module()
    conn = cipher.connect(str(path))  # no key: reads the plaintext file
    try:
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(staging), f"x'{key}'"))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()

    check = cipher.connect(str(staging))
    try:
        check.execute(pragma)
        after = _row_counts(check)  # type: ignore[arg-type]
        integrity = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if after != before or integrity != "ok":
        staging.unlink(missing_ok=True)
        raise TriageDeskError("Encrypting the database failed its check (row counts or integrity differ); "
                              "the original database is unchanged.")

    backup = None
    if keep_plaintext_backup:
        backup = path.with_name(path.stem + ".plaintext-backup" + path.suffix)
        shutil.copy2(path, backup)
    os.replace(staging, path)
    # The old WAL and shared-memory files belong to the plaintext file; never pair them with the new one.
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return EncryptionResult(tables=len(after), rows=sum(after.values()), plaintext_backup=backup)
