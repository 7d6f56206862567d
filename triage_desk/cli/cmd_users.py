"""``triage-desk users add|list|disable|unlock``: account administration (admin only)."""

from __future__ import annotations

import argparse
import json

from triage_desk.cli.auth_args import opened_app, read_new_password, signed_in
from triage_desk.domain.clock import format_local
from triage_desk.domain.roles import Role


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("users", parents=[common], help="manage user accounts (admin)")
    sub = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", parents=[common], help="create an account")
    add.add_argument("name", help="the new username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--display-name", required=True, help="full name as shown on records")
    add.set_defaults(handler=run_add)
    listing = sub.add_parser("list", parents=[common], help="list accounts")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=run_list)
    disable = sub.add_parser("disable", parents=[common], help="stop an account signing in")
    disable.add_argument("name")
    disable.set_defaults(handler=run_disable)
    unlock = sub.add_parser("unlock", parents=[common], help="lift a lock after failed sign-ins")
    unlock.add_argument("name")
    unlock.set_defaults(handler=run_unlock)


def run_add(args: argparse.Namespace) -> int:
    with opened_app(args) as app, signed_in(app, args) as me:
        password = read_new_password(args.name)
        account = app.auth.add_user(me, args.name, args.display_name, Role(args.role), password)
        print(f"Created {account.role.value} account '{account.username}' ({account.display_name}).")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with opened_app(args) as app, signed_in(app, args) as me:
        accounts = app.auth.list_users(me)
        zone = app.settings.timezone
        rows = [{"username": a.username, "display_name": a.display_name, "role": a.role.value,
                 "active": a.active, "locked_until": format_local(a.locked_until, zone)} for a in accounts]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        state = "active" if row["active"] else "disabled"
        if row["locked_until"]:
            state += f", locked until {row['locked_until']}"
        print(f"{row['username']:<24} {row['role']:<11} {state:<32} {row['display_name']}")
    return 0


def run_disable(args: argparse.Namespace) -> int:
    with opened_app(args) as app, signed_in(app, args) as me:
        app.auth.disable_user(me, args.name)
        print(f"Disabled '{args.name}': it can no longer sign in.")
    return 0


def run_unlock(args: argparse.Namespace) -> int:
    with opened_app(args) as app, signed_in(app, args) as me:
        app.auth.unlock_user(me, args.name)
        print(f"Unlocked '{args.name}'.")
    return 0
