from __future__ import annotations

from collections.abc import Iterator

import pytest

from triage_desk.services.lookup_service import LookupService
from triage_desk.storage.database import Database


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database.open(None)
    yield database
    database.close()


@pytest.fixture
def lookup(db: Database) -> LookupService:
    return LookupService(db)


@pytest.fixture
def people(lookup: LookupService) -> dict[str, str]:
    """A small register; keys are short labels used by the tests."""

    def add(label: str, **details: object) -> tuple[str, str]:
        return label, lookup.create_person(actor_user_id=None, **details)  # type: ignore[arg-type]

    return dict(
        [
            add(
                "william",
                given_name="William",
                family_name="Smith",
                date_of_birth="12/03/1985",
                postcode="LS1 4AP",
                phone="07700 900123",
                nhs="943 476 5919",
            ),
            add(
                "catherine",
                given_name="Catherine",
                family_name="O'Brien",
                date_of_birth="21/07/1990",
                aliases=[("Kate", "Murphy")],
            ),
            add("john", given_name="John", family_name="Smith-Jones", date_of_birth="01/01/1970"),
            add(
                "zoe", given_name="Zoë", family_name="Lefèvre", date_of_birth="05/11/2001", postcode="M1 1AE"
            ),
            add("mohammed", given_name="Mohammed", family_name="Khan", date_of_birth="30/06/1978"),
            add("william2", given_name="William", family_name="Smithson", date_of_birth="14/02/1960"),
        ]
    )
