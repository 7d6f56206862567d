"""Shift summaries and their exports: the one API the summary view and ``triage-desk export`` call.

Pseudonymised is the default. An identifiable export is a separate method that requires a
supervisor or admin role and a reason, and reports itself to ``audit`` before any file is written
(a failed or cancelled export was still an attempt to read identifiable data). Roles and the
audit log belong to another issue: callers pass ``role``, ``actor`` and an ``audit`` callback now,
and the composition root wires the real audit log later.

PDF rendering needs Qt, so it lives in ``ui/reports/pdf_export.py``; this service builds the
summary it renders.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import PermissionDeniedError, ValidationError
from triage_desk.domain.roles import Role
from triage_desk.reports import contact_rows, queries
from triage_desk.reports.build import build_summary
from triage_desk.reports.contact_rows import ExportCancelledError, ProgressFn
from triage_desk.reports.csv_export import write_csv
from triage_desk.reports.periods import Period
from triage_desk.reports.pseudonymise import Pseudonymiser
from triage_desk.reports.summary import Filters, ShiftSummary
from triage_desk.reports.xlsx_export import write_xlsx
from triage_desk.storage.database import Database

log = logging.getLogger(__name__)

AuditFn = Callable[..., None]
TABULAR_FORMATS = ("csv", "xlsx")
IDENTIFIABLE_ROLES = (Role.SUPERVISOR.value, Role.ADMIN.value)

__all__ = ["ExportCancelledError", "ReportService", "log_audit"]


def log_audit(*, action: str, reason: str, period: Period, rows: int, actor: str) -> None:
    """Stand-in audit sink until the audit log lands: the application log, never the export."""
    log.warning("AUDIT %s by %s: %s rows, %s, reason: %s", action, actor, rows, period.describe(), reason)


class ReportService:
    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._clock = clock

    def teams(self) -> list[str]:
        with self._db.reader() as s:
            return queries.teams(s)

    def summary(self, period: Period, filters: Filters | None = None, *, generated_by: str) -> ShiftSummary:
        with self._db.reader() as s:
            return build_summary(
                s, period, filters or Filters(), generated_by=generated_by,
                generated_at=self._clock(), is_demo=self._db.is_demo,
            )

    def export(
        self,
        fmt: str,
        path: Path,
        period: Period,
        filters: Filters | None = None,
        *,
        generated_by: str,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Path]:
        """A pseudonymised CSV or XLSX export; returns the files written."""
        return self._export(fmt, path, period, filters or Filters(), generated_by, False, progress, cancelled)

    def export_identifiable(
        self,
        fmt: str,
        path: Path,
        period: Period,
        filters: Filters | None = None,
        *,
        role: str,
        actor: str,
        reason: str,
        audit: AuditFn,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Path]:
        """The deliberate, audited export with names and NHS numbers: supervisors and admins only."""
        self.check_identifiable(role, reason)
        filters = filters or Filters()
        with self._db.reader() as s:
            rows = contact_rows.count_rows(s, period, filters)
        audit(action="export_identifiable", reason=reason.strip(), period=period, rows=rows, actor=actor)
        return self._export(fmt, path, period, filters, actor, True, progress, cancelled)

    @staticmethod
    def check_identifiable(role: str, reason: str) -> None:
        if role not in IDENTIFIABLE_ROLES:
            raise PermissionDeniedError(
                "Only a supervisor or an administrator can export identifiable data.",
                hint="Export the pseudonymised summary instead, or ask a supervisor.",
            )
        if not reason or not reason.strip():
            raise ValidationError(
                "An identifiable export needs a reason.",
                hint="Say why identifiable data is needed (it is recorded in the audit log).",
            )

    def _export(
        self, fmt: str, path: Path, period: Period, filters: Filters, generated_by: str,
        identifiable: bool, progress: ProgressFn | None, cancelled: Callable[[], bool] | None,
    ) -> list[Path]:
        if fmt not in TABULAR_FORMATS:
            raise ValidationError(f"Unknown export format {fmt!r}.", hint="Use csv or xlsx.")
        summary = self.summary(period, filters, generated_by=generated_by)
        writer = write_csv if fmt == "csv" else write_xlsx
        with self._db.reader() as s:
            rows = contact_rows.iter_rows(
                s, period, filters, Pseudonymiser(), identifiable=identifiable,
                progress=progress, cancelled=cancelled,
            )
            return writer(path, summary, contact_rows.columns(identifiable), rows, identifiable=identifiable)
