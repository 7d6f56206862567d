"""``triage-desk selftest``: migrate a temporary database, load resources, open the main window.

Exit 0 with "selftest ok: N checks", or 1 with the step that failed. Qt is imported only inside the
handler so that other subcommands never load it.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "selftest",
        parents=[common],
        help="check this installation: database, resources and the main window (offscreen if no display)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        from triage_desk.ui.selftest import run_selftest  # Qt is imported only here
    except ImportError as exc:
        print(f"selftest failed at import: {exc}", file=sys.stderr)
        return 1
    result = run_selftest()
    if result.exit_code == 0:
        print(result.message)
    else:
        print(result.message, file=sys.stderr)
    return result.exit_code
