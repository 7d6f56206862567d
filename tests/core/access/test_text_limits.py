"""Awkward text is kept exactly; too much text is refused with a message naming the field and limit."""

from __future__ import annotations

import pytest
from sqlalchemy import String, Text

from triage_desk.domain.errors import ValidationError
from triage_desk.domain.ids import new_id
from triage_desk.domain.text_limits import FREE_TEXT, LIMITS, check_text, limit_for
from triage_desk.storage.database import Database
from triage_desk.storage.models import Base, Person, SafetyWarning

NASTY = [
    "Robert'); DROP TABLE persons;--",
    "O'Brien \" OR 1=1 --",
    "tab\there\r\nnew line\x07bell\x1b[31mred",
    "\u202eevil\u202c right-to-left override",
    "Zoë Ångström-Ø 👩🏽‍⚕️🙂",
    "שלום مرحبا",
]


def test_limits_match_the_column_sizes() -> None:
    for key, limit in LIMITS.items():
        table, column = key.split(".")
        col_type = Base.metadata.tables[table].c[column].type
        if isinstance(col_type, String) and not isinstance(col_type, Text) and col_type.length:
            assert limit == col_type.length, key
        else:
            assert limit == FREE_TEXT, key


@pytest.mark.parametrize("text", NASTY)
def test_awkward_names_round_trip_exactly(db: Database, text: str) -> None:
    person_id = new_id()
    with db.session() as s:
        s.add(Person(id=person_id, origin_site=db.site_id, given_name=check_text("Given name", text, 200),
                     family_name=text[::-1]))
    with db.reader() as s:
        person = s.get(Person, person_id)
        assert person is not None
        assert (person.given_name, person.family_name) == (text, text[::-1])
    with db.reader() as s:
        assert s.query(Person).count() == 1  # and the table is still there


def test_a_long_pasted_note_round_trips_exactly(db: Database) -> None:
    note = ("Pasted from an email ✉️\n" * 800)[: FREE_TEXT]
    person_id, warning_id = new_id(), new_id()
    with db.session() as s:
        s.add(Person(id=person_id, origin_site=db.site_id))
        s.add(SafetyWarning(id=warning_id, origin_site=db.site_id, person_id=person_id, category="violence",
                            detail=check_text("Warning detail", note, limit_for("safety_warnings.detail"))))
    with db.reader() as s:
        warning = s.get(SafetyWarning, warning_id)
        assert warning is not None and warning.detail == note


def test_too_long_names_the_field_and_the_limit() -> None:
    with pytest.raises(ValidationError, match=r"Family name is too long: 201 characters; the limit is 200"):
        check_text("Family name", "x" * 201, limit_for("persons.family_name"))
    too_long = r"Warning detail is too long: 20,001 characters; the limit is 20,000"
    with pytest.raises(ValidationError, match=too_long):
        check_text("Warning detail", "x" * 20_001, limit_for("safety_warnings.detail"))


def test_limits_count_characters_not_bytes() -> None:
    # 200 emoji are 800 UTF-8 bytes but 200 characters, which is what PostgreSQL VARCHAR(200) holds.
    assert check_text("Given name", "🙂" * 200, 200) == "🙂" * 200


def test_nul_is_refused_because_the_hub_cannot_store_it() -> None:
    with pytest.raises(ValidationError, match="NUL"):
        check_text("Notes", "before\x00after", FREE_TEXT)


def test_unknown_columns_have_no_silent_default() -> None:
    with pytest.raises(KeyError):
        limit_for("persons.favourite_colour")
