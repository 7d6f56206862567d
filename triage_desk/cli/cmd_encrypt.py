"""``triage-desk encrypt-database``: encrypt the local database in place (admin)."""

from __future__ import annotations

import argparse

from triage_desk.cli.auth_args import opened_app, signed_in
from triage_desk.services.access import Permission, require
from triage_desk.services.encryption import encrypt_database


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("encrypt-database", parents=[common],
                              help="encrypt the local database with SQLCipher; key in the system keyring")
    p.add_argument("--keep-plaintext-backup", action="store_true",
                   help="keep an unencrypted copy beside it (delete it securely yourself afterwards)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with opened_app(args) as app:
        with signed_in(app, args) as me:
            require(me, Permission.ENCRYPT_DATABASE)
        # Signed out and about to close the app's connection: the file must be idle to be swapped.
        result = encrypt_database(app.db, me, keep_plaintext_backup=args.keep_plaintext_backup)
    print(f"Encrypted the database: {result.tables} tables, {result.rows} rows, all checked.")
    if result.plaintext_backup:
        print(f"Unencrypted copy kept at {result.plaintext_backup}: delete it securely when done.")
    return 0
