"""How much text each field may hold, and one check that says so in words a user understands.

SQLite does not enforce ``VARCHAR(n)``, but the PostgreSQL hub does: a 300-character name saved on
a desk would be accepted locally and then rejected at sync, far from the person who typed it. So the
limits are checked at entry, in characters (as PostgreSQL counts them: an emoji is one character),
and they must equal the column sizes in ``storage/models.py`` (a test compares the two).

Free-text columns (``Text``) have no size in the schema; they get a generous limit so a long
pasted letter fits but a runaway paste of megabytes does not.
"""

from __future__ import annotations

from triage_desk.domain.errors import ValidationError

# Roughly ten printed pages: more than any clinical note, far less than a pasted log file.
FREE_TEXT = 20_000

LIMITS: dict[str, int] = {
    "persons.given_name": 200,
    "persons.family_name": 200,
    "persons.sex": 20,
    "persons.gender": 60,
    "persons.ethnicity": 10,
    "persons.address": 500,
    "persons.postcode": 10,
    "persons.phone": 40,
    "persons.nhs_number": 10,
    "persons.external_ref": 100,
    "person_aliases.given_name": 200,
    "person_aliases.family_name": 200,
    "safety_warnings.category": 40,
    "safety_warnings.detail": FREE_TEXT,
    "response_plans.what_helps": FREE_TEXT,
    "response_plans.triggers": FREE_TEXT,
    "response_plans.who_to_contact": FREE_TEXT,
    "response_plans.care_coordinator": 200,
    "contacts.incident_ref": 60,
    "contacts.team": 60,
    "contacts.desk": 60,
    "amendments.reason": FREE_TEXT,
    "services.name": 200,
    "services.category": 60,
    "services.phone": 40,
    "services.hours": 200,
    "services.area": 200,
    "services.notes": FREE_TEXT,
    "users.username": 64,
    "users.display_name": 200,
    "audit_events.purpose": 500,
}


def limit_for(column: str) -> int:
    """The limit for ``"table.column"``; a KeyError names a column nobody has given a limit."""
    return LIMITS[column]


def check_text(field_label: str, value: str | None, limit: int) -> str | None:
    """Return ``value`` unchanged if it fits; otherwise raise ValidationError naming field and limit.

    Everything else is kept exactly as typed (SQL fragments, emoji, right-to-left marks, tabs):
    parameters are always bound, never formatted into SQL. The one refusal is the NUL character,
    which PostgreSQL text cannot store, so it would fail at sync instead of here.
    """
    if value is None:
        return None
    if "\x00" in value:
        raise ValidationError(
            f"{field_label} contains an invisible NUL character, which cannot be stored.",
            hint="Retype the text instead of pasting it.",
        )
    if len(value) > limit:
        raise ValidationError(
            f"{field_label} is too long: {len(value):,} characters; the limit is {limit:,}.",
            hint="Shorten it, or put the detail in the notes.",
        )
    return value
