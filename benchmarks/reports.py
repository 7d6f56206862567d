"""Shift-summary speed on a large database: figures, PDF and CSV for one month.

Builds (or reuses, with ``--data-dir``) a demo database of 1,000,000 contacts, then times a
one-month summary beside the raw aggregate SQL the summary is made of (one GROUP BY and the
ranked-percentile sort, as plain text SQL through the driver), all in the same run.

    .venv/bin/python benchmarks/reports.py --data-dir /tmp/bench_reports/data
    (builds it first if empty: demo-data --persons 200000 --contacts 1000000, a few minutes)

Targets: figures < 2 s, PDF < 5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from triage_desk.domain.principal import Principal  # noqa: E402
from triage_desk.domain.roles import Role  # noqa: E402
from triage_desk.reports.periods import custom  # noqa: E402
from triage_desk.reports.summary import Filters  # noqa: E402
from triage_desk.services.app import open_app  # noqa: E402
from triage_desk.services.report_service import ReportService  # noqa: E402
from triage_desk.storage import bulk  # noqa: E402

RAW_GROUP_BY = (
    "SELECT outcome_code, count(*) FROM contacts WHERE created_at >= ? AND created_at < ? "
    "AND form_id = 'triage-contact' GROUP BY outcome_code"
)
RAW_PERCENTILE = (
    "SELECT strftime('%s', mhp_involved_at) - strftime('%s', call_received_at) AS s FROM contacts "
    "WHERE created_at >= ? AND created_at < ? AND form_id = 'triage-contact' AND s IS NOT NULL "
    "ORDER BY s LIMIT 2 OFFSET ?"
)


def best(fn: Callable[[], object], runs: int = 3) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "td-bench-reports")
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    args = parser.parse_args()

    app = open_app(args.data_dir)
    if bulk.row_count(app.db.engine, "contacts") == 0:
        print(f"building {args.contacts:,} contacts in {args.data_dir} ...")
        app.load_demo_data(persons=args.persons, contacts=args.contacts, seed=1)
    total = bulk.row_count(app.db.engine, "contacts")
    with app.db.engine.connect() as conn:
        latest = conn.exec_driver_sql("SELECT max(created_at) FROM contacts").scalar_one()

    end = datetime.fromisoformat(str(latest)).replace(tzinfo=UTC)
    period = custom(end - timedelta(days=30), end, "Last 30 days")
    params = (period.start.strftime("%Y-%m-%d %H:%M:%S.%f"), period.end.strftime("%Y-%m-%d %H:%M:%S.%f"))
    service = ReportService(app.db, app.audit)
    # Exports are audited and need a supervisor: the benchmark exports as one (each run adds an event).
    me = Principal("benchmark", "benchmark", "Benchmark", Role.SUPERVISOR, datetime.now(UTC))

    summary = service.summary(period, Filters(), generated_by="benchmark")
    n = summary.contacts

    def raw() -> None:
        with app.db.engine.connect() as conn:
            conn.exec_driver_sql(RAW_GROUP_BY, params).all()
            conn.exec_driver_sql(RAW_PERCENTILE, (*params, n // 2)).all()

    from triage_desk.ui.reports.pdf_export import render_pdf

    out = Path(tempfile.mkdtemp())
    rows = [
        ("raw SQL: one GROUP BY + one ranked sort", *best(raw), None),
        ("summary figures (all tables, percentiles, ADR)", *best(
            lambda: service.summary(period, Filters(), generated_by="b")), 2.0),
        ("summary figures, one team", *best(
            lambda: service.summary(period, Filters(team="Street triage"), generated_by="b")), 2.0),
        ("PDF (figures + 3 charts + layout)", *best(lambda: service.export_pdf(
            out / "s.pdf", period, principal=me, render=render_pdf)), 5.0),
        ("CSV export (rows + summary)", *best(
            lambda: service.export("csv", out / "s.csv", period, principal=me), 1), None),
    ]
    print(f"\n{total:,} contacts in the database; {n:,} in the month "
          f"{period.local_start():%d/%m/%Y} – {period.local_end():%d/%m/%Y}\n")
    print(f"{'what':<50} {'best s':>8} {'median s':>9} {'target':>7}")
    for what, fastest, median, target in rows:
        mark = "" if target is None else f"< {target:g}" + (" ok" if fastest < target else " MISSED")
        print(f"{what:<50} {fastest:>8.3f} {median:>9.3f} {mark:>7}")
    app.close()


if __name__ == "__main__":
    main()
