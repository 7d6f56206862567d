"""``triage-desk retention run [--dry-run]`` and ``retention hold``: purge what is due (admin)."""

from __future__ import annotations

import argparse
import json

from triage_desk.cli.auth_args import opened_app, signed_in
from triage_desk.services.retention import RetentionReport


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("retention", parents=[common], help="retention purge and legal holds (admin)")
    sub = p.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    run = sub.add_parser("run", parents=[common], help="purge records past their retention period")
    run.add_argument("--dry-run", action="store_true", help="count what is due; change nothing")
    run.add_argument("--json", action="store_true", help="machine-readable output")
    run.set_defaults(handler=run_purge)
    hold = sub.add_parser("hold", parents=[common], help="place (or --release) a legal hold on a person")
    hold.add_argument("person", metavar="PERSON_ID")
    hold.add_argument("--reason", required=True, help="e.g. the inquiry or claim reference")
    hold.add_argument("--release", action="store_true", help="lift the hold instead")
    hold.set_defaults(handler=run_hold)


def run_purge(args: argparse.Namespace) -> int:
    with opened_app(args) as app, signed_in(app, args) as me:
        report = app.retention.run(me, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(_as_json(report), indent=2))
        return 0
    verb = "Due for purge (dry run, nothing changed)" if report.dry_run else "Purged"
    for record_class, counts in report.purged.items():
        parts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.as_dict().items())
        print(f"{verb} — {record_class.replace('_', ' ')} records: {parts}.")
    print(f"Kept on legal hold although past retention: {report.on_legal_hold} person(s).")
    if report.kept_for_merge_links:
        print(f"Kept because a retained record was merged into them: {report.kept_for_merge_links}.")
    return 0


def _as_json(report: RetentionReport) -> dict[str, object]:
    return {"dry_run": report.dry_run, "on_legal_hold": report.on_legal_hold,
            "kept_for_merge_links": report.kept_for_merge_links,
            "classes": {k: v.as_dict() for k, v in report.purged.items()}}


def run_hold(args: argparse.Namespace) -> int:
    with opened_app(args) as app, signed_in(app, args) as me:
        app.retention.set_legal_hold(me, args.person, not args.release, args.reason)
    placed = "Legal hold placed: retention will not purge this person."
    print("Legal hold lifted." if args.release else placed)
    return 0
