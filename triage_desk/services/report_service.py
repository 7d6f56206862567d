"""Shift summaries and their exports: the one API the summary view and ``triage-desk export`` call.

Exports are protected here, not in the callers: every export needs ``Permission.EXPORT``
(supervisor or admin) and writes an ``AuditAction.EXPORT`` event to the access audit log. The
event says who exported, which period and filter, the format, how many contact rows, and whether
the file is pseudonymised or identifiable; it never holds a name, an id or a file path (a path
can carry a name). An identifiable export is a separate method that needs
``Permission.EXPORT_IDENTIFIABLE`` and a reason, which becomes the event's purpose.

The event is written before any file (a failed or cancelled export was still an attempt to read
the data), in its own transaction; a refused export writes nothing.

Pseudonymised is the default. PDF rendering needs Qt, so the caller passes the renderer
(``ui/reports/pdf_export.render_pdf``) to :meth:`ReportService.export_pdf`; this service builds
the summary it renders and does the checking and the auditing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import ValidationError
from triage_desk.domain.principal import Principal
from triage_desk.domain.text_limits import check_text, limit_for
from triage_desk.reports import contact_rows, queries
from triage_desk.reports.build import build_summary
from triage_desk.reports.contact_rows import ExportCancelledError, ProgressFn
from triage_desk.reports.csv_export import write_csv
from triage_desk.reports.periods import Period
from triage_desk.reports.pseudonymise import Pseudonymiser
from triage_desk.reports.summary import Filters, ShiftSummary
from triage_desk.reports.xlsx_export import write_xlsx
from triage_desk.services.access import Permission, allowed, require
from triage_desk.services.audit import AuditAction, AuditService, Purpose
from triage_desk.storage.database import Database

TABULAR_FORMATS = ("csv", "xlsx")
AUDIT_RECORD_TYPE = "shift_summary"
PSEUDONYMISED_PURPOSE = "Shift summary report (pseudonymised: no names, NHS numbers or free text)"
PdfRenderer = Callable[[ShiftSummary, Path], Path]

__all__ = ["ExportCancelledError", "PdfRenderer", "ReportService"]


class ReportService:
    def __init__(self, db: Database, audit: AuditService | None = None, *,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit if audit is not None else AuditService(db, clock=clock)

    @property
    def is_demo(self) -> bool:
        return self._db.is_demo

    def teams(self) -> list[str]:
        with self._db.reader() as s:
            return queries.teams(s)

    def summary(self, period: Period, filters: Filters | None = None, *, generated_by: str) -> ShiftSummary:
        """The figures of a period (aggregate only; viewing them is not an export)."""
        with self._db.reader() as s:
            return build_summary(
                s, period, filters or Filters(), generated_by=generated_by,
                generated_at=self._clock(), is_demo=self._db.is_demo,
            )

    # --- who may export ------------------------------------------------------------------------

    @staticmethod
    def can_export(principal: Principal) -> bool:
        """For greying out buttons; the export methods check again."""
        return allowed(principal, Permission.EXPORT)

    @staticmethod
    def can_export_identifiable(principal: Principal) -> bool:
        return allowed(principal, Permission.EXPORT_IDENTIFIABLE)

    @staticmethod
    def check_identifiable(principal: Principal, reason: str) -> str:
        """Refuse unless ``principal`` may export identifiable data and gave a reason; returns the
        reason as it will be recorded."""
        require(principal, Permission.EXPORT_IDENTIFIABLE)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                "An identifiable export needs a reason.",
                hint="Say why names and identifiers are needed; the reason is kept in the audit log.",
            )
        check_text("Reason for the identifiable export", reason, limit_for("audit_events.purpose"))
        return reason

    # --- exports -------------------------------------------------------------------------------

    def export(
        self,
        fmt: str,
        path: Path,
        period: Period,
        filters: Filters | None = None,
        *,
        principal: Principal,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Path]:
        """A pseudonymised CSV or XLSX export; returns the files written."""
        require(principal, Permission.EXPORT)
        _check_format(fmt)
        filters = filters or Filters()
        self._record(principal, fmt, period, filters, self._count(period, filters), identifiable=False,
                     purpose=PSEUDONYMISED_PURPOSE)
        return self._write(fmt, path, period, filters, principal, False, progress, cancelled)

    def export_identifiable(
        self,
        fmt: str,
        path: Path,
        period: Period,
        filters: Filters | None = None,
        *,
        principal: Principal,
        reason: str,
        progress: ProgressFn | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Path]:
        """The deliberate export with names, dates of birth, NHS numbers and postcodes:
        supervisors and admins only, with a reason; audited before anything is written."""
        reason = self.check_identifiable(principal, reason)
        _check_format(fmt)
        filters = filters or Filters()
        self._record(principal, fmt, period, filters, self._count(period, filters), identifiable=True,
                     purpose=reason)
        self._record_people(principal, fmt, period, filters, reason)
        return self._write(fmt, path, period, filters, principal, True, progress, cancelled)

    def export_pdf(
        self,
        path: Path,
        period: Period,
        filters: Filters | None = None,
        *,
        principal: Principal,
        render: PdfRenderer,
        summary: ShiftSummary | None = None,
    ) -> Path:
        """The printable summary (aggregate figures only). ``summary``, when the caller already
        shows it, must be of the same period and filter; otherwise it is built here."""
        require(principal, Permission.EXPORT)
        filters = filters or Filters()
        if summary is None or summary.period != period or summary.filters != filters:
            summary = self.summary(period, filters, generated_by=principal.display_name)
        self._record(principal, "pdf", period, filters, summary.contacts, identifiable=False,
                     purpose=PSEUDONYMISED_PURPOSE)
        return render(summary, path)

    # --- internals ------------------------------------------------------------------------------

    def _count(self, period: Period, filters: Filters) -> int:
        with self._db.reader() as s:
            return contact_rows.count_rows(s, period, filters)

    def _record(self, principal: Principal, fmt: str, period: Period, filters: Filters, rows: int, *,
                identifiable: bool, purpose: str) -> None:
        detail = {
            "format": fmt,
            "period": period.label,
            "period_start": period.start.astimezone(UTC).isoformat(),
            "period_end": period.end.astimezone(UTC).isoformat(),
            "filter": filters.describe(),
            "rows": rows,
            "identifiable": identifiable,
            "demo": self._db.is_demo,
        }
        self._audit.record(principal, AuditAction.EXPORT, AUDIT_RECORD_TYPE, None,
                           purpose=Purpose(None, purpose), detail=detail)

    def _record_people(self, principal: Principal, fmt: str, period: Period, filters: Filters,
                       reason: str) -> None:
        """One event per person whose identity leaves in the file, so "who has looked at this
        person" lists the export too; all in one transaction, before anything is written."""
        with self._db.session() as s:
            for person_id in contact_rows.person_ids(s, period, filters):
                self._audit.record_in(s, principal, AuditAction.EXPORT, "person", person_id,
                                      purpose=Purpose(None, reason),
                                      detail={"format": fmt, "identifiable": True, "period": period.label})

    def _write(
        self, fmt: str, path: Path, period: Period, filters: Filters, principal: Principal,
        identifiable: bool, progress: ProgressFn | None, cancelled: Callable[[], bool] | None,
    ) -> list[Path]:
        summary = self.summary(period, filters, generated_by=principal.display_name)
        writer = write_csv if fmt == "csv" else write_xlsx
        with self._db.reader() as s:
            rows = contact_rows.iter_rows(
                s, period, filters, Pseudonymiser(), identifiable=identifiable,
                progress=progress, cancelled=cancelled,
            )
            return writer(path, summary, contact_rows.columns(identifiable), rows, identifiable=identifiable)


def _check_format(fmt: str) -> None:
    if fmt not in TABULAR_FORMATS:
        raise ValidationError(f"Unknown export format {fmt!r}.", hint="Use csv or xlsx (or the PDF export).")
