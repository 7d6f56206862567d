"""``triage-desk init``: create or migrate the local database, and create the first administrator.

On a new data folder nobody can sign in until an admin exists, so ``init`` offers to create one:
with ``--admin-user NAME --admin-name "Full Name"`` (password from a prompt or
``TRIAGE_DESK_PASSWORD``), or by asking when run at a terminal.
"""

from __future__ import annotations

import argparse

from triage_desk.cli.auth_args import PASSWORD_ENV, can_prompt, opened_app, read_new_password
from triage_desk.services.app import AppServices


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("init", parents=[common], help="create or migrate the local database")
    p.add_argument("--admin-user", metavar="NAME", help="create the first administrator account")
    p.add_argument("--admin-name", metavar="FULL NAME", help="the first administrator's full name")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with opened_app(args) as app:
        result = app.db.migration
        if result.before is None:
            print(f"Created database {app.database_label} (schema {result.after}).")
        elif result.changed:
            print(f"Migrated {app.database_label} from {result.before} to {result.after}.")
            print(f"Copy of the database before migrating: {result.backup}")
        else:
            print(f"Database {app.database_label} is up to date (schema {result.after}).")
        print(f"Site id: {app.db.site_id}")
        _first_admin(app, args)
    return 0


def _first_admin(app: AppServices, args: argparse.Namespace) -> None:
    if not app.auth.needs_first_admin():
        if args.admin_user:
            print("An administrator already exists; --admin-user was ignored.")
        return
    username, full_name = args.admin_user, args.admin_name
    if not username and can_prompt():
        answer = input("No administrator account yet. Create one now? [Y/n] ").strip().lower()
        if answer in ("", "y", "yes"):
            username = input("Username: ").strip()
            full_name = input("Full name: ").strip()
    if not username:
        print("No administrator account yet: run "
              "'triage-desk init --admin-user NAME --admin-name \"Full Name\"'.")
        return
    if not full_name:
        full_name = input("Full name: ").strip() if can_prompt() else ""
    password = read_new_password(username, env=PASSWORD_ENV)
    account = app.auth.create_first_admin(username, full_name or "", password)
    print(f"Created administrator '{account.username}' ({account.display_name}).")
