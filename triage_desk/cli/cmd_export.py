"""``triage-desk --user NAME export shift``: the shift summary as PDF, CSV or XLSX, headless.

Signed in as a supervisor or admin (the report service refuses anyone else and audits every
export). Pseudonymised unless ``--identifiable --reason`` is given. The PDF is drawn by Qt, which
is imported only inside this handler, offscreen when there is no display.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from triage_desk.cli.auth_args import opened_app, signed_in
from triage_desk.cli.cmd_demo_data import ProgressLine
from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import ValidationError
from triage_desk.reports.periods import PRESETS, Period, as_utc, custom, preset
from triage_desk.reports.summary import Filters, ShiftSummary

FORMATS = ("pdf", "csv", "xlsx")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("export", parents=[common], help="export a shift summary (pdf, csv, xlsx)")
    sub = p.add_subparsers(dest="export_what", metavar="WHAT", required=True)
    s = sub.add_parser(
        "shift", parents=[common], help="shift summary (supervisor or admin; audited)",
        description="Shift summary for a preset shift or a custom range (Europe/London times). "
        "Needs --user NAME of a supervisor or admin; every export is recorded in the audit log. "
        "Pseudonymised by default: no names, NHS numbers, addresses, phone numbers or free text.",
    )
    s.add_argument("--from", dest="start", metavar="ISO", help="start, e.g. 2025-10-25T19:00 (London time)")
    s.add_argument("--to", dest="end", metavar="ISO", help="end (exclusive)")
    s.add_argument("--preset", choices=PRESETS, help="a named shift instead of --from/--to")
    s.add_argument("--team", help="only this team")
    s.add_argument("--desk", help="only this desk")
    s.add_argument("--format", choices=FORMATS, required=True)
    s.add_argument("--out", type=Path, required=True, metavar="FILE")
    s.add_argument("--identifiable", action="store_true", help="include names and NHS numbers (audited)")
    s.add_argument("--reason", default="", help="why identifiable data is needed (required with "
                   "--identifiable; kept in the audit log)")
    s.set_defaults(handler=run)


def _time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        hint = "Use e.g. 2025-10-25T19:00."
        raise ValidationError(f"{text!r} is not an ISO date-time.", hint=hint) from None


def period_from_args(args: argparse.Namespace) -> Period:
    if args.preset:
        # With --from, the preset is taken relative to that moment (e.g. the night before it).
        return preset(args.preset, as_utc(_time(args.start)) if args.start else utc_now())
    if not (args.start and args.end):
        raise ValidationError("Give --preset, or both --from and --to.")
    return custom(_time(args.start), _time(args.end))


def _render_pdf(summary: ShiftSummary, path: Path) -> Path:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from triage_desk.ui.reports.pdf_export import render_pdf  # Qt is imported only here

    return render_pdf(summary, path)


def run(args: argparse.Namespace) -> int:
    period = period_from_args(args)
    filters = Filters(team=args.team, desk=args.desk)
    if args.format == "pdf" and args.identifiable:
        raise ValidationError("A PDF holds only aggregate figures; --identifiable applies to csv and xlsx.")
    progress = ProgressLine(sys.stderr)
    with opened_app(args) as app, signed_in(app, args) as me:
        service = app.reports()
        try:
            if args.format == "pdf":
                files = [service.export_pdf(args.out, period, filters, principal=me, render=_render_pdf)]
            elif args.identifiable:
                files = service.export_identifiable(
                    args.format, args.out, period, filters, principal=me, reason=args.reason,
                    progress=lambda d, t: progress("contacts", d, t),
                )
            else:
                files = service.export(args.format, args.out, period, filters, principal=me,
                                       progress=lambda d, t: progress("contacts", d, t))
        finally:
            progress.finish()
    for f in files:
        print(f)
    return 0
