"""``triage-desk sync [--hub URL]`` (one cycle) and ``triage-desk sync status``."""

from __future__ import annotations

import argparse
import sys

from triage_desk.services.app import open_app
from triage_desk.services.sync_service import SyncService
from triage_desk.sync.progress import SyncProgress


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("sync", parents=[common], help="sync once with the hub, or show sync status")
    p.add_argument("action", nargs="?", choices=["status"], help="status: show where sync stands")
    p.add_argument("--hub", metavar="URL", default=None, help="hub URL (default: settings hub_url)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--verify", action="store_true", help="run the integrity check even if nothing moved")
    p.set_defaults(handler=run)


def _progress(p: SyncProgress) -> None:
    if p.phase in ("push", "pull") and p.message:
        print(f"  {p.phase}: {p.message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    app = open_app(args.data_dir)
    try:
        service = SyncService(app.db, app.settings)
        if args.action == "status":
            return _status(service)
        report = service.sync_now(args.hub, progress=None if args.quiet else _progress, verify=args.verify)
        pushed = ", ".join(f"{n} {k}" for k, n in report.pushed.items() if n) or "nothing"
        print(f"Synced with {report.hub_label} in {report.duration_s:.2f}s.")
        print(f"Sent: {pushed}. Received: {report.pulled} changes in {report.pages} pages.")
        if report.conflicts or report.rejected:
            print(f"{report.conflicts} conflicts and {report.rejected} rejected changes wait in quarantine.")
        if report.integrity is not None:
            if report.integrity.ok:
                print("Integrity check: desk matches the hub.")
            else:
                fixed = "fixed" if report.integrity.ok_after_resync else "STILL DIFFERENT"
                print(
                    f"Integrity check: {', '.join(report.integrity.mismatched)} differed; "
                    f"re-fetched {sum(report.integrity.resynced.values())} rows ({fixed})."
                )
        if not report.initial_sync_complete:
            print("First sync not complete yet: run sync again to continue.")
        return 0
    finally:
        app.close()


def _status(service: SyncService) -> int:
    st = service.status()
    print(f"Hub: {st.hub_label or 'never synced'}")
    print(f"Pending changes: {st.pending}")
    print(f"In quarantine (conflicts/rejected): {st.quarantined}")
    print(f"Cursor: {st.cursor}  first sync complete: {'yes' if st.initial_sync_complete else 'no'}")
    print(f"Last success: {st.last_success_at.isoformat() if st.last_success_at else 'never'}")
    if st.last_error:
        print(f"Last error: {st.last_error}")
    return 0
