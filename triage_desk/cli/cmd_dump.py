"""``triage-desk dump --format jsonl --user NAME``: canonical, sorted dump of all synced records.

For comparing replicas (desk against desk, or against the hub with --hub). Administrators only: the
dump is every person's record in full.
"""

from __future__ import annotations

import argparse

from triage_desk.cli.auth_args import opened_app, signed_in
from triage_desk.services.sync_dump import dump_lines


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("dump", parents=[common], help="canonical dump of synced records (admin)")
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    p.add_argument("--hub", metavar="URL", default=None, help="dump the hub at URL instead of this desk")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    with opened_app(args) as app, signed_in(app, args) as me:
        lines = dump_lines(app.db, me, args.hub)  # refused here, before anything is printed
        for line in lines:
            print(line)
    return 0
