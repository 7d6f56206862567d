"""``triage-desk import persons FILE.csv``: load a person register; bad rows go to FILE.rejects.csv."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from triage_desk.cli.auth_args import opened_app, signed_in
from triage_desk.services.person_import import OPTIONAL, REQUIRED, import_persons_as


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "import",
        parents=[common],
        help="import persons from a CSV file (supervisor or admin; --user)",
        description=f"Columns: {', '.join(REQUIRED + OPTIONAL)}. Rows that fail validation are written "
        "to FILE.rejects.csv with the row number and reason; re-importing a row with the same "
        "external_ref updates that person.",
    )
    p.add_argument("kind", choices=["persons"], help="what the file holds")
    p.add_argument("file", type=Path, metavar="FILE.csv")
    p.set_defaults(handler=run)


def _progress(done: int, total: int) -> None:
    print(f"\rimporting: {done}/{total} rows", end="" if done < total else "\n", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    with opened_app(args) as app, signed_in(app, args) as me:  # supervisors and admins; audited
        report = import_persons_as(me, app.audit, app.db, args.file, progress=_progress)
    print(
        f"{report.created} added, {report.updated} updated, {report.rejected} rejected "
        f"(of {report.rows} rows in {args.file.name})."
    )
    if report.rejects_file:
        print(f"Rejected rows and reasons: {report.rejects_file}")
    return 0
