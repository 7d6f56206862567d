"""Score one candidate against a query: points, a percentage, reasons, conflicts and a band.

Names are compared as typed, swapped (given <-> family) and against every alias; the best reading
wins. Dates of birth tolerate the mistakes ``lookup.dob`` describes. Bands are fixed thresholds on
points, chosen so that a name alone is never "likely" (many people share one), while a name plus an
exact date of birth, or an NHS number, is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from triage_desk.domain.lookup_records import AliasRecord, CandidateRecord
from triage_desk.lookup import dob as dob_rules
from triage_desk.lookup.names import FAMILY_POINTS, GIVEN_POINTS, PartMatch, compare_part
from triage_desk.lookup.query import LookupQuery
from triage_desk.lookup.variants import NameVariants

LIKELY, POSSIBLE, WEAK = "likely", "possible", "weak"
LIKELY_POINTS = 10.0
POSSIBLE_POINTS = 5.0

NHS_MATCH, NHS_DIFFERS = 12.0, -8.0
DOB_EXACT, DOB_SWAPPED, DOB_ONE_DIGIT, DOB_TRANSPOSED, DOB_DIFFERS = 5.0, 4.0, 2.5, 2.5, -3.0
YEAR_MATCH, AGE_FITS, AGE_ROUGHLY = 1.5, 1.5, 0.7
POSTCODE_MATCH, DISTRICT_MATCH = 3.0, 1.0
PHONE_MATCH = 4.0
ADDRESS_SIMILAR = 2.0


@dataclass(frozen=True)
class ScoredCandidate:
    person: CandidateRecord
    points: float
    score: int  # 0-100: share of the best score this query could earn
    band: str
    reasons: tuple[str, ...]
    conflicts: tuple[str, ...]

    @property
    def person_id(self) -> str:
        return self.person.id


def _readings(
    query: LookupQuery, given: str, family: str, variants: NameVariants
) -> list[tuple[PartMatch, PartMatch, str]]:
    """The ways the typed name can be laid over one stored name: as typed, swapped, one-name-as-given."""
    readings = [
        (
            compare_part(query.given, given, "given name", GIVEN_POINTS, variants),
            compare_part(query.family, family, "family name", FAMILY_POINTS, variants),
            "",
        )
    ]
    if query.family and query.given:
        readings.append(
            (
                compare_part(query.family, given, "given name", GIVEN_POINTS, variants),
                compare_part(query.given, family, "family name", FAMILY_POINTS, variants),
                "names in swapped order",
            )
        )
    elif query.family:  # a single typed name may be the given name
        as_given = compare_part(query.family, given, "given name", GIVEN_POINTS, variants)
        readings.append((as_given, PartMatch(0.0), ""))
    return readings


def _name_score(query: LookupQuery, c: CandidateRecord, variants: NameVariants) -> list[PartMatch]:
    names = (query.given, query.family, c.given_name, c.family_name)
    return list(_name_score_cached(*names, c.aliases, variants))


# Per keystroke, hundreds of candidates share a handful of (given, family) pairs ("John Smith"):
# the name evidence depends only on the names, so it is computed once per pair.
@lru_cache(maxsize=65536)
def _name_score_cached(
    q_given: str, q_family: str, given_name: str, family_name: str, aliases: tuple[AliasRecord, ...],
    variants: NameVariants,
) -> list[PartMatch]:
    query = _NameQuery(q_given, q_family)
    forms = [(given_name, family_name, "")]
    for a in aliases:  # an alias with only a family name keeps the person's given name, and so on
        label = f"{a.given_name} {a.family_name}".strip()
        forms.append((a.given_name or given_name, a.family_name or family_name, label))
    best: tuple[float, list[PartMatch]] = (float("-inf"), [])
    for given, family, alias in forms:
        for g, f, note in _readings(query, given, family, variants):  # type: ignore[arg-type]
            parts = [g, f]
            if note:
                parts.append(PartMatch(-0.3, note))
            if alias and (g.reason or f.reason):
                parts.append(PartMatch(-0.2, f"matched alias '{alias}'"))
            total = sum(p.points for p in parts)
            if total > best[0]:
                best = (total, parts)
    return best[1]


@dataclass(frozen=True)
class _NameQuery:
    """The only parts of a query the name evidence reads (so it can be cached on them)."""

    given: str
    family: str


def _dob_score(query: LookupQuery, c: CandidateRecord) -> PartMatch:
    today = query.today
    if query.dob and c.date_of_birth:
        d, s = query.dob, c.date_of_birth
        if d == s:
            return PartMatch(DOB_EXACT, "date of birth matches")
        if dob_rules.swapped(d) == s:
            return PartMatch(DOB_SWAPPED, "date of birth day and month swapped")
        if dob_rules.digits_differing(d, s) == 1:
            return PartMatch(DOB_ONE_DIGIT, f"date of birth one digit different ({s:%d/%m/%Y})")
        if s in dob_rules.transposed(d):
            return PartMatch(DOB_TRANSPOSED, f"date of birth digits transposed ({s:%d/%m/%Y})")
        return PartMatch(DOB_DIFFERS, conflict=f"date of birth differs ({s:%d/%m/%Y})")
    stored_year = c.date_of_birth.year if c.date_of_birth else c.estimated_birth_year
    if stored_year is None:
        return PartMatch(0.0)
    typed_year = query.dob.year if query.dob else query.birth_year
    if typed_year is not None:
        if typed_year == stored_year:
            return PartMatch(YEAR_MATCH, "birth year matches")
        if abs(typed_year - stored_year) <= 2 and not c.date_of_birth:
            return PartMatch(AGE_ROUGHLY, "estimated birth year close")
        return PartMatch(-2.0, conflict=f"born {stored_year}")
    if query.age is not None:
        age = dob_rules.age_on(c.date_of_birth, today) if c.date_of_birth else today.year - stored_year
        gap = abs(age - query.age)
        if gap <= 1:
            return PartMatch(AGE_FITS, f"age fits ({age})")
        if gap <= 3:
            return PartMatch(AGE_ROUGHLY, f"age roughly fits ({age})")
        if gap > 5:
            return PartMatch(-1.5, conflict=f"age {age}")
    return PartMatch(0.0)


def _contact_scores(query: LookupQuery, c: CandidateRecord) -> list[PartMatch]:
    parts = []
    if query.nhs_number and c.nhs_number:
        same = query.nhs_number == c.nhs_number
        parts.append(
            PartMatch(NHS_MATCH, "NHS number matches")
            if same
            else PartMatch(NHS_DIFFERS, conflict="NHS number differs")
        )
    if query.postcode and c.postcode_norm:
        if query.postcode == c.postcode_norm:
            parts.append(PartMatch(POSTCODE_MATCH, "postcode matches"))
        elif c.postcode_norm[:-3] == (query.postcode[:-3] if query.postcode_is_full else query.postcode):
            parts.append(PartMatch(DISTRICT_MATCH, f"same postcode district ({c.postcode_norm[:-3]})"))
        else:
            parts.append(PartMatch(-0.5, conflict=f"postcode differs ({c.postcode})"))
    if query.phone and c.phone_norm:
        parts.append(
            PartMatch(PHONE_MATCH, "phone number matches")
            if query.phone == c.phone_norm
            else PartMatch(-0.3, conflict="phone number differs")
        )
    if query.address and c.address and fuzz.token_set_ratio(query.address.lower(), c.address.lower()) >= 85:
        parts.append(PartMatch(ADDRESS_SIMILAR, "address similar"))
    return parts


def best_possible(query: LookupQuery) -> float:
    total = (GIVEN_POINTS[0] if query.given else 0.0) + (FAMILY_POINTS[0] if query.family else 0.0)
    total += DOB_EXACT if query.dob else YEAR_MATCH if query.birth_year else AGE_FITS if query.age else 0.0
    total += POSTCODE_MATCH if query.postcode_is_full else DISTRICT_MATCH if query.postcode else 0.0
    total += (PHONE_MATCH if query.phone else 0.0) + (NHS_MATCH if query.nhs_number else 0.0)
    return total + (ADDRESS_SIMILAR if query.address else 0.0)


def band_for(points: float, score: int) -> str:
    if points >= LIKELY_POINTS:
        return LIKELY
    if points >= POSSIBLE_POINTS or (score >= 75 and points >= 3.0):
        return POSSIBLE
    return WEAK


def score_candidate(
    query: LookupQuery, c: CandidateRecord, variants: NameVariants, ceiling: float | None = None
) -> ScoredCandidate:
    parts = [*_name_score(query, c, variants), _dob_score(query, c), *_contact_scores(query, c)]
    points = round(sum(p.points for p in parts), 2)
    ceiling = best_possible(query) if ceiling is None else ceiling
    score = max(0, min(100, round(100 * points / ceiling))) if ceiling else 0
    return ScoredCandidate(
        person=c,
        points=points,
        score=score,
        band=band_for(points, score),
        reasons=tuple(p.reason for p in parts if p.reason),
        conflicts=tuple(p.conflict for p in parts if p.conflict),
    )
