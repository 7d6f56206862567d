from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.accounts import PURPOSE, sign_in_everyone
from triage_desk.domain.principal import Principal
from triage_desk.lookup.ranking import LookupResult
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
def staff(db: Database, lookup: LookupService) -> dict[str, Principal]:
    """Signed-in admin, supervisor and two clinicians (keys: role names, "clinician2")."""
    return sign_in_everyone(db, lookup.audit)


@pytest.fixture
def me(staff: dict[str, Principal]) -> Principal:
    """The clinician doing the lookups."""
    return staff["clinician"]


Search = Callable[..., LookupResult]


@pytest.fixture
def search(lookup: LookupService, me: Principal) -> Search:
    """``search(text, limit=…)`` as the clinician, with a purpose (every lookup needs one)."""
    return lambda text, **kw: lookup.search(text, principal=me, purpose=PURPOSE, **kw)


@pytest.fixture
def people(lookup: LookupService, me: Principal) -> dict[str, str]:
    """A small register; keys are short labels used by the tests."""

    def add(label: str, **details: object) -> tuple[str, str]:
        return label, lookup.create_person(principal=me, **details)  # type: ignore[arg-type]

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
