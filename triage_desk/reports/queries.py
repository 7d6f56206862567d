"""Aggregate queries behind the shift summary. The database does the counting.

Every figure is a GROUP BY or a single SUM(CASE ...) pass over the contacts whose ``created_at``
(when the MHP started the record) falls in the period: ``created_at`` is always present and
indexed, while a police receipt time may be missing on a record that is itself a data-quality
problem. Medians and 90th percentiles let the database sort one column and fetch two rows per
percentile (:func:`sql.sql_percentiles`). Values held in the form answers (s136 questions, police
action, follow-up owner) are read with SQLAlchemy's JSON accessors, which compile to
``json_extract`` on SQLite and ``->>`` on PostgreSQL.

Definitions a supervisor may ask about (also printed in the export notes):
- *police deployment avoided*: the recommended police action was "No deployment — refer";
- *ED diversion*: the outcome was a community crisis alternative to the emergency department
  (crisis team face-to-face, safe haven / crisis café, NHS 111 mental-health option);
- *under 18*: the recorded age (or estimated age) is under 18, or, when neither was recorded,
  the linked person's date of birth makes them under 18 on the day of the contact;
- *safeguarding referral*: a safeguarding-referral form (F5) in the period, or a contact whose
  outcome or referrals include children's or adult social care, MARAC/IDVA or Operation Encompass;
- *follow-up still open*: a follow-up owner was recorded and the follow-up is not marked done.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, Text, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

from triage_desk.reports import labels
from triage_desk.reports.periods import LONDON, Period
from triage_desk.reports.sql import (
    Scope,
    dialect,
    hour_bucket,
    parse_utc_hour,
    percentile_cont,
    seconds_between,
    sql_percentiles,
    years_before,
)
from triage_desk.reports.summary import (
    CONTACT_FORM,
    S136_FORM,
    SAFEGUARDING_FORM,
    CountRow,
    CountTable,
    DataQuality,
    Filters,
    HourCount,
    S136Figures,
    Timing,
)
from triage_desk.storage.models import Contact, Person

ED_ALTERNATIVE_OUTCOMES = ("crisis_team_f2f", "safe_haven", "nhs111_mh_option")
SAFEGUARDING_CODES = ("childrens_social_care", "adult_social_care_s42", "marac_idva", "operation_encompass")
DATA_QUALITY_LIMIT = 1000  # ids listed per problem; a supervisor cannot chase more in one shift

# (summary key, Contact column, code list, title)
COUNT_TABLES = (
    ("outcome", "outcome_code", "outcome", "Contacts by outcome"),
    ("triage_code", "triage_code", "triage_code", "Contacts by UK MHTS triage code"),
    ("rcrp_decision", "rcrp_decision", "rcrp_decision", "Right Care Right Person decision"),
    ("contact_mode", "contact_mode", "contact_mode", "Contact mode"),
    ("requester_type", "requester_type", "requester_type", "Requester type"),
    ("location_type", "location_type", "location_type", "Location type"),
)
# Tables whose every code is listed even at zero, so charts keep the same bars from shift to shift.
SHOW_ZEROS = {"triage_code"}
PERCENTILES = (0.5, 0.9)


def answer(key: str) -> ColumnElement:
    return Contact.answers[key].as_string()


def in_period(period: Period, filters: Filters, form: str | None = CONTACT_FORM) -> ColumnElement[bool]:
    conds = [Contact.created_at >= period.start, Contact.created_at < period.end]
    if form is not None:
        conds.append(Contact.form_id == form)
    if filters.team:
        conds.append(Contact.team == filters.team)
    if filters.desk:
        conds.append(Contact.desk == filters.desk)
    return and_(*conds)


def contacts_scope(period: Period, filters: Filters, form: str | None = CONTACT_FORM) -> Scope:
    return Scope(Contact.__table__, in_period(period, filters, form))


def status_counts(session: Session, period: Period, filters: Filters) -> dict[str, int]:
    stmt = select(Contact.status, func.count()).where(in_period(period, filters)).group_by(Contact.status)
    return {status: int(n) for status, n in session.execute(stmt)}


def count_table(session: Session, period: Period, filters: Filters, key: str) -> CountTable:
    _, column_name, list_name, title = next(t for t in COUNT_TABLES if t[0] == key)
    column = getattr(Contact, column_name)
    stmt = select(column, func.count()).where(in_period(period, filters)).group_by(column)
    counts = {code: int(n) for code, n in session.execute(stmt)}
    known = labels.codelist(list_name)
    rows = [
        CountRow(code, lab, counts.get(code, 0))
        for code, lab in known.items()
        if counts.get(code) or key in SHOW_ZEROS
    ]
    rows += [CountRow(code, code, n) for code, n in sorted(counts.items(), key=lambda kv: str(kv[0]))
             if code is not None and code not in known]
    if counts.get(None):
        rows.append(CountRow(None, labels.NOT_RECORDED, counts[None]))
    if key not in SHOW_ZEROS:
        rows.sort(key=lambda r: (r.code is None, -r.count))
    return CountTable(key, title, tuple(rows))


def _yes(key: str) -> ColumnElement:
    return answer(key) == "yes"


def _count_if(condition: ColumnElement[bool]) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def flag_counts(session: Session, period: Period, filters: Filters) -> dict[str, int]:
    """Every yes/no style figure of the F1 contacts in one pass over the period's rows."""
    d = dialect(session)
    age = func.coalesce(Contact.answers["age"].as_integer(), Contact.answers["estimated_age"].as_integer())
    under_18 = or_(
        age < 18,
        and_(age.is_(None), Person.date_of_birth > years_before(d, Contact.created_at, 18, period)),
    )
    referrals_text = cast(Contact.answers["referrals"], Text)
    safeguarding = or_(
        Contact.outcome_code.in_(SAFEGUARDING_CODES),
        *[referrals_text.like(f'%"{code}"%') for code in SAFEGUARDING_CODES],
    )
    owner = answer("follow_up_owner")
    columns = {
        "s136_considered": _count_if(_yes("s136_considered")),
        "s136_consulted": _count_if(_yes("s136_consulted")),
        "s136_used": _count_if(_yes("s136_used")),
        "s136_avoided": _count_if(and_(_yes("s136_considered"), answer("s136_used") == "no")),
        "deployments_avoided": _count_if(answer("police_action") == "no_deployment_refer"),
        "ed_diversions": _count_if(Contact.outcome_code.in_(ED_ALTERNATIVE_OUTCOMES)),
        "under_18": _count_if(under_18),
        "safeguarding_contacts": _count_if(safeguarding),
        "follow_ups_open": _count_if(
            and_(owner.is_not(None), owner != "", func.coalesce(answer("follow_up_done"), "") != "yes")
        ),
    }
    stmt = (
        select(*[c.label(k) for k, c in columns.items()])
        .select_from(Contact.__table__.outerjoin(Person.__table__, Person.id == Contact.person_id))
        .where(in_period(period, filters))
    )
    row = session.execute(stmt).one()
    return {k: int(v) for k, v in row._mapping.items()}


def form_count(session: Session, period: Period, filters: Filters, form: str,
               condition: ColumnElement[bool] | None = None) -> int:
    where = in_period(period, filters, form)
    if condition is not None:
        where = and_(where, condition)
    return int(session.execute(select(func.count()).select_from(Contact).where(where)).scalar_one())


def s136_figures(flags: dict[str, int]) -> S136Figures:
    return S136Figures(
        considered=flags["s136_considered"], consulted=flags["s136_consulted"],
        used=flags["s136_used"], avoided=flags["s136_avoided"],
    )


def timings(
    session: Session, period: Period, filters: Filters, handover_minutes: list[float]
) -> tuple[Timing, ...]:
    """Police receipt to MHP involvement and to advice (in SQL), and s136 handover (from F3)."""
    d = dialect(session)
    scope = contacts_scope(period, filters)
    out = []
    for key, title, end in (
        ("receipt_to_mhp", "Police receipt to MHP involvement", Contact.mhp_involved_at),
        ("receipt_to_advice", "Police receipt to advice given", Contact.advice_given_at),
    ):
        seconds = seconds_between(d, Contact.call_received_at, end)
        n, (median, p90) = sql_percentiles(session, seconds, scope, PERCENTILES)
        out.append(Timing(key, title, n, _minutes(median), _minutes(p90)))
    ordered = sorted(handover_minutes)
    out.append(Timing(
        "s136_handover", "s136 arrival at place of safety to handover", len(ordered),
        _round(percentile_cont(ordered, 0.5)), _round(percentile_cont(ordered, 0.9)),
    ))
    return tuple(out)


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else _round(seconds / 60)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def data_quality(session: Session, period: Period, filters: Filters) -> DataQuality:
    def ids(where: ColumnElement[bool]) -> tuple[str, ...]:
        stmt = select(Contact.id).where(where).order_by(Contact.created_at).limit(DATA_QUALITY_LIMIT)
        return tuple(session.execute(stmt).scalars())

    any_form = in_period(period, filters, form=None)
    contacts = in_period(period, filters)
    # coalesce() hides the status index from the planner: with it, SQLite walked all ~1M signed rows
    # (1.4 s on the benchmark) instead of the period's range of the created_at index (0.02 s).
    status = func.coalesce(Contact.status, "")
    signed = status == "signed"
    return DataQuality(
        drafts_not_signed=ids(and_(any_form, status == "draft")),
        missing_outcome=ids(and_(contacts, signed, Contact.outcome_code.is_(None))),
        missing_timings=ids(and_(contacts, signed, or_(
            Contact.call_received_at.is_(None), Contact.mhp_involved_at.is_(None),
            Contact.advice_given_at.is_(None),
        ))),
    )


def by_hour(session: Session, period: Period, filters: Filters) -> tuple[HourCount, ...]:
    """Contacts per local hour of day, starting at the period's first local hour."""
    d = dialect(session)
    bucket = hour_bucket(d, Contact.created_at)
    stmt = select(bucket, func.count()).where(in_period(period, filters)).group_by(bucket)
    counts = dict.fromkeys(range(24), 0)
    for key, n in session.execute(stmt):
        hour = parse_utc_hour(key).astimezone(LONDON).hour if d == "sqlite" else int(key)
        counts[hour] += int(n)
    # The wall-clock hours the period covers, in order: a night spanning October's change shows
    # 01 once (both 01s counted in it), one spanning March's has no 01 at all.
    shown: list[int] = []
    moment = period.start
    while moment < period.end and len(shown) < 24:
        hour = moment.astimezone(LONDON).hour
        if hour not in shown:
            shown.append(hour)
        moment += timedelta(hours=1)
    return tuple(HourCount(h, counts[h]) for h in shown)


def teams(session: Session) -> list[str]:
    """Team names A-Z whatever their case (sorted here: database collations differ)."""
    stmt = select(Contact.team).where(Contact.team.is_not(None)).distinct()
    return sorted(session.execute(stmt).scalars(), key=lambda t: (t.casefold(), t))


def safeguarding_forms(session: Session, period: Period, filters: Filters) -> int:
    return form_count(session, period, filters, SAFEGUARDING_FORM)


def police_station_pos(session: Session, period: Period, filters: Filters) -> int:
    return form_count(session, period, filters, S136_FORM, answer("first_pos") == "police_station")
