"""``triage-desk demo-data``: fill the database with synthetic records for demos and benchmarks."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from triage_desk.services.app import open_app


def _count(text: str) -> int:
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be zero or more")
    return value


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "demo-data",
        parents=[common],
        help="add synthetic demo records (refused on a database holding real records)",
        description="Add realistic synthetic English records: persons with aliases, safety warnings, "
        "response plans and several years of contacts, with s136 monitors for the detentions among "
        "them. The database is marked as demo data and "
        "nothing is ever queued for sync.",
    )
    p.add_argument("--persons", type=_count, default=2000, help="number of persons (default 2000)")
    p.add_argument("--contacts", type=_count, default=8000,
                   help="number of contact records, s136 monitors included (default 8000)")
    p.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")
    p.set_defaults(handler=run)


class ProgressLine:
    """One updating line on a terminal; on a pipe or log file, one line per 10% step."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self._stage: str | None = None
        self._last_step = -1
        self._width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        pct = 100 if total == 0 else done * 100 // total
        text = f"{stage} {done:,}/{total:,} ({pct}%)"
        if self.tty:
            if stage != self._stage and self._stage is not None:
                self.stream.write("\n")
                self._width = 0
            self.stream.write("\r" + text.ljust(self._width))
            self._width = len(text)
        else:
            step = pct // 10
            if stage == self._stage and step == self._last_step:
                return
            self._last_step = step
            self.stream.write(text + "\n")
        self._stage = stage
        self.stream.flush()

    def finish(self) -> None:
        if self.tty and self._stage is not None:
            self.stream.write("\n")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    app = open_app(args.data_dir)
    progress = ProgressLine(sys.stderr)
    try:
        summary = app.load_demo_data(
            persons=args.persons, contacts=args.contacts, seed=args.seed, progress=progress
        )
    finally:
        progress.finish()
        label = app.database_label
        app.close()
    rate = (summary.persons + summary.contacts) / summary.seconds if summary.seconds else 0.0
    print(
        f"Demo data (seed {summary.seed}) added to {label} in {summary.seconds:.1f} s ({rate:,.0f} rows/s):"
    )
    print(f"  persons          {summary.persons:>10,}")
    print(f"  aliases          {summary.aliases:>10,}")
    print(f"  safety warnings  {summary.safety_warnings:>10,}")
    print(f"  response plans   {summary.response_plans:>10,}")
    print(f"  contacts         {summary.contacts:>10,}")
    print(f"    s136 monitors  {summary.s136_monitors:>10,}")
    print(f"  demo authors     {summary.users:>10,}  (cannot sign in)")
    print("Demo sign-in accounts (passwords published in docs/access.md; demo databases only):")
    for username, role, password in app.demo_accounts():
        print(f"  {username:<16} {role:<11} password: {password}")
    print("The database is marked as demo data; nothing from it will be synced.")
    return 0
