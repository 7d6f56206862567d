"""Validate entered or imported person details and attach their search keys.

Shared by "create person from entered details" and the CSV import so both refuse the same things
with the same words: no name at all, a date of birth that is not a real past date, an NHS number
that fails the modulus-11 check, a postcode that is not a UK postcode.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from triage_desk.domain import nhs_number
from triage_desk.domain.clock import utc_now
from triage_desk.domain.errors import ValidationError
from triage_desk.domain.lookup_records import PersonInput
from triage_desk.lookup import dob as dob_rules
from triage_desk.lookup.keys import name_key, person_keys, postcode_key
from triage_desk.lookup.query import FULL_POSTCODE


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def parse_aliases(text: str) -> tuple[tuple[str, str], ...]:
    """'Bill Smith; SMITH, Billy; Jones' -> (given, family) pairs; a lone word is a family name."""
    pairs = []
    for chunk in text.split(";"):
        chunk = chunk.strip()
        if not chunk:
            continue
        if "," in chunk:
            family, given = (p.strip() for p in chunk.split(",", 1))
        else:
            *given_parts, family = chunk.split()
            given = " ".join(given_parts)
        pairs.append((given, family))
    return tuple(pairs)


def build_person_input(
    *,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: str | date | None = None,
    sex: str | None = None,
    address: str | None = None,
    postcode: str | None = None,
    phone: str | None = None,
    nhs: str | None = None,
    external_ref: str | None = None,
    aliases: Sequence[tuple[str, str]] = (),
    today: date | None = None,
) -> PersonInput:
    today = today or utc_now().date()
    given, family = given_name.strip(), family_name.strip()
    if not (name_key(given) or name_key(family)):
        raise ValidationError("A given name or a family name is needed.")
    dob: date | None = None
    birth_year: int | None = None
    if isinstance(date_of_birth, date):
        dob = date_of_birth
    elif _clean(date_of_birth):
        text = str(date_of_birth).strip()
        if text.isdigit() and len(text) == 4:
            birth_year = int(text)  # only the year is known
        else:
            dob, problem = dob_rules.parse_dob(text, today)
            if dob is None:
                reason = problem or f"'{text}' is not a date (use DD/MM/YYYY)."
                raise ValidationError(f"Date of birth: {reason}")
    nhs_clean = _clean(nhs)
    if nhs_clean:
        problem = nhs_number.problem(nhs_clean)
        if problem:
            raise ValidationError(problem)
        nhs_clean = nhs_number.normalise(nhs_clean)
    postcode_clean = _clean(postcode)
    if postcode_clean:
        if not FULL_POSTCODE.match(postcode_key(postcode_clean)):
            raise ValidationError(f"Postcode: '{postcode_clean}' is not a UK postcode.")
        key = postcode_key(postcode_clean)
        postcode_clean = f"{key[:-3]} {key[-3:]}"
    return PersonInput(
        given_name=given,
        family_name=family,
        date_of_birth=dob,
        estimated_birth_year=birth_year,
        sex=_clean(sex),
        address=_clean(address),
        postcode=postcode_clean,
        phone=_clean(phone),
        nhs_number=nhs_clean,
        external_ref=_clean(external_ref),
        aliases=tuple(aliases),
        keys=person_keys(given, family, postcode_clean or "", phone or ""),
        alias_keys=tuple(person_keys(g, f) for g, f in aliases),
    )
