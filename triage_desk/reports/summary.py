"""The shift summary as plain, immutable data: what the view shows and every export writes.

Nothing here knows about SQL, Qt or file formats, so the same object feeds the in-app tables, the
PDF, CSV and XLSX, and the tests compare it against hand-computed figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from triage_desk.reports.periods import Period

# Whose records count as "contacts": the F1 triage contact record. Other forms (s136 monitor,
# safeguarding referral, ...) are companions of a contact and are counted in their own figures.
CONTACT_FORM = "triage-contact"
S136_FORM = "s136-monitor"
SAFEGUARDING_FORM = "safeguarding-referral"


@dataclass(frozen=True)
class CountRow:
    code: str | None  # None: the field was not recorded
    label: str
    count: int


@dataclass(frozen=True)
class CountTable:
    key: str
    title: str
    rows: tuple[CountRow, ...]

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows)

    def count(self, code: str | None) -> int:
        return next((r.count for r in self.rows if r.code == code), 0)


@dataclass(frozen=True)
class Timing:
    """Minutes between two moments over the contacts where both were recorded."""

    key: str
    title: str
    n: int
    median_minutes: float | None
    p90_minutes: float | None


@dataclass(frozen=True)
class S136Figures:
    considered: int
    consulted: int
    used: int
    avoided: int  # considered, and the answer to "s136 used" was no


@dataclass(frozen=True)
class DataQuality:
    """Records a supervisor should chase, with their contact ids so the UI can open each one."""

    drafts_not_signed: tuple[str, ...]
    missing_outcome: tuple[str, ...]
    missing_timings: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.drafts_not_signed) + len(self.missing_outcome) + len(self.missing_timings)

    def items(self) -> list[tuple[str, str]]:
        """(problem, contact id) pairs in a stable order for lists and exports."""
        out = [("Draft not signed", cid) for cid in self.drafts_not_signed]
        out += [("Signed without an outcome", cid) for cid in self.missing_outcome]
        out += [("Signed with timings missing", cid) for cid in self.missing_timings]
        return out


@dataclass(frozen=True)
class HourCount:
    hour: int  # local (Europe/London) hour of day, 0-23
    count: int


@dataclass(frozen=True)
class AdrTable:
    """s136 detentions in the shape of the Home Office Annual Data Requirement."""

    detentions: int
    sections: tuple[CountTable, ...]

    def section(self, key: str) -> CountTable:
        return next(s for s in self.sections if s.key == key)


@dataclass(frozen=True)
class Filters:
    team: str | None = None
    desk: str | None = None

    def describe(self) -> str:
        parts = [f"team {self.team}" if self.team else "all teams"]
        if self.desk:
            parts.append(f"desk {self.desk}")
        return ", ".join(parts)


@dataclass(frozen=True)
class ShiftSummary:
    period: Period
    filters: Filters
    generated_at: datetime
    generated_by: str
    is_demo: bool
    contacts: int
    signed: int
    drafts: int
    tables: tuple[CountTable, ...]  # outcome, triage code, RCRP, mode, requester, location
    s136: S136Figures
    police_deployments_avoided: int
    ed_diversions: int
    timings: tuple[Timing, ...]
    police_station_pos: int
    under_18: int
    safeguarding_referrals: int
    follow_ups_open: int
    data_quality: DataQuality
    by_hour: tuple[HourCount, ...]
    adr: AdrTable
    notes: tuple[str, ...] = field(default=())

    def table(self, key: str) -> CountTable:
        return next(t for t in self.tables if t.key == key)

    def timing(self, key: str) -> Timing:
        return next(t for t in self.timings if t.key == key)

    def headline(self) -> list[tuple[str, str]]:
        """The single-number figures, labelled, in the order every export shows them."""

        def minutes(value: float | None) -> str:
            return "—" if value is None else f"{value:g}"

        rows: list[tuple[str, str]] = [
            ("Contacts", str(self.contacts)),
            ("Signed", str(self.signed)),
            ("Drafts", str(self.drafts)),
            ("s136 considered", str(self.s136.considered)),
            ("s136 consulted (MHP consulted before detention)", str(self.s136.consulted)),
            ("s136 used", str(self.s136.used)),
            ("s136 avoided", str(self.s136.avoided)),
            ("Police deployments avoided", str(self.police_deployments_avoided)),
            ("Emergency department diversions", str(self.ed_diversions)),
            ("Police station used as place of safety (should be near zero)", str(self.police_station_pos)),
            ("Contacts with under-18s", str(self.under_18)),
            ("Safeguarding referrals", str(self.safeguarding_referrals)),
            ("Follow-ups still open", str(self.follow_ups_open)),
        ]
        for t in self.timings:
            rows.append((f"{t.title}: median minutes (n={t.n})", minutes(t.median_minutes)))
            rows.append((f"{t.title}: 90th percentile minutes (n={t.n})", minutes(t.p90_minutes)))
        rows += [
            ("Data quality: drafts not signed", str(len(self.data_quality.drafts_not_signed))),
            ("Data quality: signed without an outcome", str(len(self.data_quality.missing_outcome))),
            ("Data quality: signed with timings missing", str(len(self.data_quality.missing_timings))),
        ]
        return rows
