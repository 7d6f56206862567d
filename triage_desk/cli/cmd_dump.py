"""``triage-desk dump --format jsonl``: canonical, sorted dump of all synced records.

For comparing replicas (desk against desk, or against the hub with --hub). Administrator use; the
role check arrives with the access-control issue.
"""

from __future__ import annotations

import argparse

from triage_desk.services.app import open_app
from triage_desk.services.sync_dump import dump_lines


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("dump", parents=[common], help="canonical dump of synced records (admin)")
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    p.add_argument("--hub", metavar="URL", default=None, help="dump the hub at URL instead of this desk")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    app = open_app(args.data_dir)
    try:
        for line in dump_lines(app.db, args.hub):
            print(line)
        return 0
    finally:
        app.close()
