"""s136 detentions in the shape of the Home Office Annual Data Requirement (ADR).

Source: the F3 s136/s135 monitor records (``form_id = 's136-monitor'``) whose power is s136(1),
created in the period. Each section is one GROUP BY on a value of the form answers; only the
age is banded afterwards (grouping by exact age first keeps it portable and tiny).

Categories follow reference/domain.md §5: age band, gender, ethnicity (officer-perceived and
self-defined, grouped White / Black / Asian / Mixed / Chinese or other / Not stated), first place
of safety, vehicle, and the reasons the ADR asks about, recorded as codes only: whether an
ambulance was requested and a reason recorded when a police vehicle was used, whether the
Regulations' conditions were all met when a police station was used, and the reason for any
extension. The free-text reasons themselves are never exported. The age bands are our choice,
with under-18s split because a police station is never lawful for them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from triage_desk.reports import labels
from triage_desk.reports.periods import Period
from triage_desk.reports.queries import answer, in_period
from triage_desk.reports.summary import S136_FORM, AdrTable, CountRow, CountTable, Filters
from triage_desk.storage.models import Contact

AGE_BANDS = ((0, 10, "Under 11"), (11, 17, "11–17"), (18, 24, "18–24"), (25, 34, "25–34"),
             (35, 44, "35–44"), (45, 54, "45–54"), (55, 64, "55–64"), (65, 200, "65 and over"))
ETHNIC_GROUPS = (
    ("white", "White"), ("black", "Black or Black British"), ("asian", "Asian or Asian British"),
    ("mixed", "Mixed"), ("chinese_other", "Chinese or other ethnic group"), ("not_stated", "Not stated"),
)


def ethnic_group(code: str | None) -> str:
    """ONS 2021 category -> ADR 5+1 group key."""
    if not code or code == "not_stated":
        return "not_stated"
    if code == "asian_chinese" or code.startswith("other_"):
        return "chinese_other"
    prefix = code.split("_", 1)[0]
    return prefix if prefix in {"white", "black", "asian", "mixed"} else "chinese_other"


def age_band(age: int | None) -> str:
    if age is None:
        return "Not known"
    return next((name for lo, hi, name in AGE_BANDS if lo <= age <= hi), "Not known")


def _scope(period: Period, filters: Filters) -> ColumnElement[bool]:
    is_s136 = func.coalesce(answer("power_used"), "s136_1") == "s136_1"
    return and_(in_period(period, filters, S136_FORM), is_s136)


def _group(session: Session, where: ColumnElement[bool], expr: ColumnElement) -> dict:
    stmt = select(expr, func.count()).where(where).group_by(expr)
    return {value: int(n) for value, n in session.execute(stmt)}


def _coded(key: str, title: str, counts: dict, list_name: str | None = None,
           names: dict[str, str] | None = None) -> CountTable:
    rows = []
    for code, n in sorted(counts.items(), key=lambda kv: (kv[0] is None, -kv[1], str(kv[0]))):
        if names is not None:
            text = names.get(code, labels.NOT_RECORDED if code is None else str(code))
        else:
            text = labels.label(list_name or key, code)
        rows.append(CountRow(code, text, n))
    return CountTable(key, title, tuple(rows))


def adr_table(session: Session, period: Period, filters: Filters) -> AdrTable:
    where = _scope(period, filters)
    detentions = int(session.execute(select(func.count()).select_from(Contact).where(where)).scalar_one())

    ages: dict[str, int] = {}
    for age, n in _group(session, where, Contact.answers["age"].as_integer()).items():
        ages[age_band(age)] = ages.get(age_band(age), 0) + n
    band_order = [b[2] for b in AGE_BANDS] + ["Not known"]
    age_rows = tuple(CountRow(b, b, ages[b]) for b in band_order if ages.get(b))

    sections = [CountTable("age_band", "Age band", age_rows),
                _coded("gender", "Gender", _group(session, where, answer("sex_gender")), "sex_gender")]
    group_names = dict(ETHNIC_GROUPS)
    for key, field, title in (("ethnicity_officer", "ethnicity_officer", "Ethnicity (officer-perceived)"),
                              ("ethnicity_self", "ethnicity_self", "Ethnicity (self-defined)")):
        grouped: dict[str, int] = {}
        for code, n in _group(session, where, answer(field)).items():
            grouped[ethnic_group(code)] = grouped.get(ethnic_group(code), 0) + n
        rows = tuple(CountRow(g, group_names[g], grouped[g]) for g, _ in ETHNIC_GROUPS if grouped.get(g))
        sections.append(CountTable(key, title, rows))
    sections.append(_coded("place_of_safety", "First place of safety",
                           _group(session, where, answer("first_pos")), "place_of_safety"))
    sections.append(_coded("vehicle", "Vehicle used", _group(session, where, answer("vehicle")), "vehicle"))
    sections.append(_reasons(session, where))
    return AdrTable(detentions, tuple(sections))


def _reasons(session: Session, where: ColumnElement[bool]) -> CountTable:
    """The coded 'reasons' figures, one pass."""
    police_vehicle = answer("vehicle") == "police_vehicle"
    station = answer("first_pos") == "police_station"
    reason = answer("police_vehicle_reason")

    def count_if(cond: ColumnElement[bool]) -> ColumnElement:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    items = (
        ("pv_ambulance_requested", "Police vehicle used: ambulance had been requested",
         and_(police_vehicle, answer("ambulance_requested") == "yes")),
        ("pv_reason_recorded", "Police vehicle used: reason recorded",
         and_(police_vehicle, reason.is_not(None), reason != "")),
        ("pv_reason_missing", "Police vehicle used: no reason recorded",
         and_(police_vehicle, func.coalesce(reason, "") == "")),
        ("ps_conditions_met", "Police station used: conditions in the Regulations met",
         and_(station, answer("imminent_risk") == "yes", answer("no_other_pos") == "yes",
              answer("hcp_available") == "yes")),
        ("ext_condition", "Extension: condition makes it necessary to complete the assessment",
         answer("extension_reason") == "condition_prevents_assessment"),
        ("ext_intoxication", "Extension: too intoxicated to be assessed",
         answer("extension_reason") == "intoxication"),
        ("ext_physical", "Extension: needs physical treatment first",
         answer("extension_reason") == "physical_treatment"),
    )
    stmt = select(*[count_if(cond).label(key) for key, _, cond in items]).where(where)
    row = session.execute(stmt).one()._mapping
    return CountTable("reasons", "Reasons", tuple(CountRow(k, text, int(row[k])) for k, text, _ in items))


def handover_minutes(session: Session, period: Period, filters: Filters) -> list[float]:
    """Minutes from arrival at the place of safety to handover, per F3 record with both times.

    The times live in the answers as ISO text, so the few s136 records of a period are read and
    subtracted here rather than parsed by each database's own date functions."""
    stmt = select(answer("pos_arrived_at"), answer("handover_at")).where(
        and_(in_period(period, filters, S136_FORM), answer("pos_arrived_at").is_not(None),
             answer("handover_at").is_not(None))
    )
    out = []
    for arrived, handover in session.execute(stmt):
        try:
            delta = datetime.fromisoformat(handover) - datetime.fromisoformat(arrived)
        except (TypeError, ValueError):
            continue  # an unreadable time is a data-quality problem, not a reason to fail the report
        out.append(delta.total_seconds() / 60)
    return out
