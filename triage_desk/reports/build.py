"""Assemble a :class:`ShiftSummary` from the aggregate queries, in one read transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from triage_desk.reports import queries, s136_adr
from triage_desk.reports.periods import Period
from triage_desk.reports.summary import Filters, ShiftSummary

NOTES = (
    "Contacts are triage contact records (F1) started in the period; times are Europe/London.",
    "Police deployment avoided: recommended police action 'No deployment — refer'.",
    "ED diversion: outcome crisis team face-to-face, safe haven / crisis café or NHS 111 MH option.",
    "Medians and 90th percentiles interpolate between ranks (as PostgreSQL percentile_cont).",
)


def build_summary(
    session: Session,
    period: Period,
    filters: Filters,
    *,
    generated_by: str,
    generated_at: datetime,
    is_demo: bool,
) -> ShiftSummary:
    statuses = queries.status_counts(session, period, filters)
    flags = queries.flag_counts(session, period, filters)
    handovers = s136_adr.handover_minutes(session, period, filters)
    return ShiftSummary(
        period=period,
        filters=filters,
        generated_at=generated_at,
        generated_by=generated_by,
        is_demo=is_demo,
        contacts=sum(statuses.values()),
        signed=statuses.get("signed", 0),
        drafts=statuses.get("draft", 0),
        tables=tuple(queries.count_table(session, period, filters, key) for key, *_ in queries.COUNT_TABLES),
        s136=queries.s136_figures(flags),
        police_deployments_avoided=flags["deployments_avoided"],
        ed_diversions=flags["ed_diversions"],
        timings=queries.timings(session, period, filters, handovers),
        police_station_pos=queries.police_station_pos(session, period, filters),
        under_18=flags["under_18"],
        safeguarding_referrals=flags["safeguarding_contacts"]
        + queries.safeguarding_forms(session, period, filters),
        follow_ups_open=flags["follow_ups_open"],
        data_quality=queries.data_quality(session, period, filters),
        by_hour=queries.by_hour(session, period, filters),
        adr=s136_adr.adr_table(session, period, filters),
        notes=NOTES,
    )
