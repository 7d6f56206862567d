"""``triage-desk init``: create or migrate the local database."""

from __future__ import annotations

import argparse

from triage_desk.services.app import open_app


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("init", parents=[common], help="create or migrate the local database")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    app = open_app(args.data_dir)
    try:
        result = app.db.migration
        if result.before is None:
            print(f"Created database {app.database_label} (schema {result.after}).")
        elif result.changed:
            print(f"Migrated {app.database_label} from {result.before} to {result.after}.")
            print(f"Copy of the database before migrating: {result.backup}")
        else:
            print(f"Database {app.database_label} is up to date (schema {result.after}).")
        print(f"Site id: {app.db.site_id}")
        return 0
    finally:
        app.close()
