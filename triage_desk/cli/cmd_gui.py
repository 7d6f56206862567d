"""``triage-desk`` / ``triage-desk gui``: start the application."""

from __future__ import annotations

import argparse
import os
import sys


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("gui", parents=[common], help="start the application (the default)")
    p.add_argument("--no-demo", action="store_true", help="do not load demo data into a new database")
    p.add_argument(
        "--quit-after-shown",
        action="store_true",
        help="print 'shown' and exit once the main window is up (start-up measurement)",
    )
    p.set_defaults(handler=run)


def display_problem() -> str | None:
    """Why Qt could not open a window here, or None. Qt itself would abort (SIGABRT) instead."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
        "  Run it on a desktop, or under a virtual screen:  xvfb-run -a triage-desk\n"
        "  or without any window system:                   QT_QPA_PLATFORM=offscreen triage-desk selftest"
    )


def run(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem:
        print(f"triage-desk: {problem}", file=sys.stderr)
        return 2
    # The configuration modules (paths, settings, logging, and the stdlib they use) load before Qt:
    # once PySide6 is imported, its __feature__ hook reads the source of every module imported after
    # it, about 0.2 ms each (a known PySide cost; napari/napari#8584).
    import triage_desk.services.config  # noqa: F401
    from triage_desk.ui.app import run_gui  # Qt is imported only here

    return run_gui(data_dir=args.data_dir, load_demo=not args.no_demo, quit_after_shown=args.quit_after_shown)
