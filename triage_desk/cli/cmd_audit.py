"""``triage-desk audit verify|show``: check the access log's chain; see who looked at a person."""

from __future__ import annotations

import argparse
import json
import sys

from triage_desk.cli.auth_args import opened_app, signed_in
from triage_desk.domain.clock import format_local


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("audit", parents=[common], help="access audit log (supervisor or admin)")
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", parents=[common],
                            help="check that no audit event was edited, deleted or reordered")
    verify.set_defaults(handler=run_verify)
    show = sub.add_parser("show", parents=[common], help="who accessed a person's record")
    show.add_argument("--person", required=True, metavar="ID", help="the person's record id")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(handler=run_show)


def run_verify(args: argparse.Namespace) -> int:
    with opened_app(args) as app, signed_in(app, args) as me:
        report = app.audit.verify(me)
    if report.intact:
        print(f"Audit log intact: {report.events_checked} events on {len(report.sites)} desk(s).")
        return 0
    print(f"Audit log damaged: {len(report.problems)} problem(s) in {report.events_checked} events.",
          file=sys.stderr)
    for problem in report.problems:
        print(f"  {problem.message}", file=sys.stderr)
    return 1


def run_show(args: argparse.Namespace) -> int:
    with opened_app(args) as app, signed_in(app, args) as me:
        entries = app.audit.who_accessed(me, args.person)
        zone = app.settings.timezone
    rows = [{"when": format_local(e.occurred_at, zone, "%d/%m/%Y %H:%M:%S"), "who": e.username or "",
             "desk": e.desk, "action": e.action, "purpose": e.purpose or ""} for e in entries]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("No recorded access to this person.")
        return 0
    for row in rows:
        print(f"{row['when']}  {row['who']:<20} {row['desk']:<24} {row['action']:<16} {row['purpose']}")
    return 0
