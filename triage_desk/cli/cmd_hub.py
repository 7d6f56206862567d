"""``triage-desk hub init URL`` and ``triage-desk hub set-password URL``."""

from __future__ import annotations

import argparse
import getpass
import sys

from triage_desk.services import sync_service


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "hub", parents=[common], help="create or upgrade a sync hub; store its password"
    )
    sub = p.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    init = sub.add_parser("init", help="create or upgrade the hub schema at URL")
    init.add_argument("url", metavar="URL", help="sqlite:///path/hub.db or postgresql+psycopg://user@host/db")
    init.add_argument("--demo", action="store_true", help="a hub for demonstration data only")
    init.set_defaults(handler=run_init)
    pw = sub.add_parser("set-password", help="store the hub password in the system keyring")
    pw.add_argument("url", metavar="URL")
    pw.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    pw.set_defaults(handler=run_set_password)


def run_init(args: argparse.Namespace) -> int:
    info = sync_service.init_hub_at(args.url, demo=args.demo)
    kind = "demonstration" if info.demo else "real records"
    print(f"Hub {info.label} ready: schema {info.schema_revision}, protocol {info.protocol_version}, {kind}.")
    return 0


def run_set_password(args: argparse.Namespace) -> int:
    # --password-stdin is for provisioning scripts; the prompt never echoes.
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Hub password: ")
    url = sync_service.store_hub_password(args.url, password)
    print(f"Password stored in the system keyring. Use this hub URL in settings: {url}")
    return 0
