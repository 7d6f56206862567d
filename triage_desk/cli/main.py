"""Argument parsing and dispatch.

Each subcommand lives in its own module with ``register(subparsers)``; the handler returns an exit
status. A :class:`TriageDeskError` becomes a one-line reason on stderr and exit status 1, never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from triage_desk import __version__
from triage_desk.cli import cmd_dump, cmd_gui, cmd_hub, cmd_init, cmd_paths, cmd_sync
from triage_desk.domain.errors import TriageDeskError

_COMMANDS = (cmd_gui, cmd_init, cmd_paths, cmd_hub, cmd_sync, cmd_dump)


def build_parser() -> argparse.ArgumentParser:
    data_dir_help = "keep the database, settings and logs in DIR (portable use, tests)"
    parser = argparse.ArgumentParser(
        prog="triage-desk",
        description="Structured triage records, history lookup and pathway guidance.",
    )
    parser.add_argument("--data-dir", metavar="DIR", default=None, help=data_dir_help)
    # Every subcommand accepts --data-dir too; SUPPRESS keeps a value given before the subcommand.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=data_dir_help)
    parser.add_argument("--version", action="version", version=f"triage-desk {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _COMMANDS:
        module.register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "gui"])
    try:
        return int(args.handler(args))
    except TriageDeskError as exc:
        print(f"triage-desk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("triage-desk: interrupted", file=sys.stderr)
        return 130
