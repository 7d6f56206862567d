"""Argument parsing and dispatch.

Each subcommand lives in its own module with ``register(subparsers)``; the handler returns an exit
status. A :class:`TriageDeskError` becomes a one-line reason on stderr and exit status 1, never a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from triage_desk import __version__
from triage_desk.cli import cmd_gui
from triage_desk.domain.errors import TriageDeskError

# Subcommand modules, imported when the full parser is built. One entry per line: feature branches
# add theirs without colliding.
_COMMANDS = (
    "cmd_gui",
    "cmd_init",
    "cmd_demo_data",
    "cmd_forms",
    "cmd_lookup",
    "cmd_import",
    "cmd_selftest",
    "cmd_paths",
    "cmd_users",
    "cmd_audit",
    "cmd_retention",
    "cmd_encrypt",
    "cmd_export",
    "cmd_guide",
    "cmd_hub",
    "cmd_sync",
    "cmd_dump",
)


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
    from triage_desk.cli.auth_args import add_user_arguments  # headless commands only

    add_user_arguments(parser, common)
    parser.add_argument("--version", action="version", version=f"triage-desk {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMANDS:
        importlib.import_module(f"triage_desk.cli.{name}").register(subparsers, common)
    return parser


def _split_data_dir(argv: list[str]) -> tuple[list[str], list[str]]:
    """Leading ``--data-dir DIR`` options, and the rest."""
    prefix, rest = [], list(argv)
    while rest and (rest[0] == "--data-dir" or rest[0].startswith("--data-dir=")):
        take = 2 if rest[0] == "--data-dir" else 1
        prefix, rest = prefix + rest[:take], rest[take:]
    return prefix, rest


def _is_gui_start(argv: list[str]) -> bool:
    """True for ``triage-desk [--data-dir DIR] [gui] [gui options]``: the start-up a nurse waits on."""
    _prefix, rest = _split_data_dir(argv)
    if any(t in ("-h", "--help", "--version") for t in rest[:1]):
        return False
    first_positional = next((t for t in rest if not t.startswith("-")), None)
    return first_positional in (None, "gui") and (not rest or rest[0] == "gui" or rest[0].startswith("--"))


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="triage-desk")
    parser.add_argument("--data-dir", metavar="DIR", default=None)
    sub = parser.add_subparsers(dest="command")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS)
    cmd_gui.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if _is_gui_start(args_list):
        # Only the gui subcommand's parser: importing every headless command (and SQLAlchemy with
        # them) would delay the window the nurse is waiting for.
        parser = _gui_parser()
        prefix, rest = _split_data_dir(args_list)
        if not rest or rest[0] != "gui":
            args_list = [*prefix, "gui", *rest]
    else:
        parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args.handler(args))
    except TriageDeskError as exc:
        print(f"triage-desk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("triage-desk: interrupted", file=sys.stderr)
        return 130
