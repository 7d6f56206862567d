"""Candidate retrieval for the person lookup: indexed queries only, never a scan of persons.

Each "block" is one small query on one index (see ``lookup.blocking`` for why each exists), with
its own LIMIT; the ids are unioned in priority order (exact identifiers first) up to the overall
cap, then the rows and their aliases are loaded in two queries. Prefix search uses a range
(``>= x AND < x || U+FFFF``) rather than LIKE, which SQLite would not serve from the index.
Merged and tombstoned persons are never candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from triage_desk.domain.lookup_records import AliasRecord, CandidateRecord, SearchKeys
from triage_desk.storage.models import Person, PersonAlias

_TOP = "\uffff"


def _prefix(column: Any, prefix: str) -> ColumnElement[bool]:
    return and_(column >= prefix, column < prefix + _TOP)


def _live() -> ColumnElement[bool]:
    return and_(Person.deleted.is_(False), Person.merged_into_id.is_(None))


def _person_ids(*conditions: ColumnElement[bool]) -> Select[tuple[str]]:
    return select(Person.id).where(*conditions, _live())


def _alias_ids(*conditions: ColumnElement[bool]) -> Select[tuple[str]]:
    return (
        select(PersonAlias.person_id)
        .join(Person, Person.id == PersonAlias.person_id)
        .where(*conditions, PersonAlias.deleted.is_(False), _live())
    )


def blocks(keys: SearchKeys) -> Iterable[Select[tuple[str]]]:
    """The retrieval queries for ``keys``, most specific first."""
    if keys.nhs_number:
        yield _person_ids(Person.nhs_number == keys.nhs_number)
    if keys.phone:
        yield _person_ids(Person.phone_norm == keys.phone)
    for b in keys.names:
        if b.given_phonetics:
            given = Person.given_phonetic.in_(b.given_phonetics)
            yield _person_ids(Person.family_norm == b.family_norm, given)
            yield _person_ids(Person.family_phonetic == b.family_phonetic, given)
    if keys.dobs:
        yield _person_ids(Person.date_of_birth.in_(keys.dobs))
    if keys.postcode:
        yield _person_ids(Person.postcode_norm == keys.postcode)
    for b in keys.names:
        yield _alias_ids(PersonAlias.family_norm == b.family_norm)
        if b.family_phonetic:
            yield _alias_ids(PersonAlias.family_phonetic == b.family_phonetic)
        if b.given_initial:
            # A given name misspelt beyond its phonetic key: family prefix plus the same initial.
            yield _person_ids(
                _prefix(Person.family_norm, b.family_norm), _prefix(Person.given_norm, b.given_initial)
            )
        else:
            # Only one name typed (or still typing): family name alone, nearest spellings first.
            yield _person_ids(_prefix(Person.family_norm, b.family_norm)).order_by(Person.family_norm)
            if b.family_phonetic:
                yield _person_ids(Person.family_phonetic == b.family_phonetic)
    if keys.single_token_phonetic:
        yield _person_ids(Person.given_phonetic == keys.single_token_phonetic)
    name_keys = _any_name_key(keys)
    if keys.near_dobs and name_keys is not None:
        yield _person_ids(Person.date_of_birth.in_(keys.near_dobs), name_keys)


def _any_name_key(keys: SearchKeys) -> ColumnElement[bool] | None:
    """Either phonetic key matches, as a filter only: ``|| ''`` keeps SQLite off the phonetic
    indexes (thousands of rows for a common name) so it drives the query from the date index."""
    conditions = []
    if keys.all_given_phonetics:
        conditions.append(Person.given_phonetic.concat("").in_(keys.all_given_phonetics))
    if keys.all_family_phonetics:
        conditions.append(Person.family_phonetic.concat("").in_(keys.all_family_phonetics))
    return or_(*conditions) if conditions else None


def candidate_ids(session: Session, keys: SearchKeys) -> list[str]:
    found: dict[str, None] = {}
    for stmt in blocks(keys):
        room = keys.cap - len(found)
        if room <= 0:
            break
        for (person_id,) in session.execute(stmt.limit(keys.block_limit)):
            found.setdefault(person_id, None)
            if len(found) >= keys.cap:
                break
    return list(found)


_COLUMNS = (
    Person.id,
    Person.given_name,
    Person.family_name,
    Person.date_of_birth,
    Person.estimated_birth_year,
    Person.address,
    Person.postcode,
    Person.phone,
    Person.nhs_number,
    Person.given_norm,
    Person.family_norm,
    Person.given_phonetic,
    Person.family_phonetic,
    Person.postcode_norm,
    Person.phone_norm,
)


def load_candidates(session: Session, ids: list[str]) -> list[CandidateRecord]:
    """Rows for ``ids`` (plain columns, no ORM objects: this runs on every keystroke)."""
    if not ids:
        return []
    aliases: dict[str, list[AliasRecord]] = {}
    a = PersonAlias
    alias_rows = session.execute(
        select(
            a.person_id,
            a.given_name,
            a.family_name,
            a.given_norm,
            a.family_norm,
            a.given_phonetic,
            a.family_phonetic,
            a.kind,
        ).where(a.person_id.in_(ids), a.deleted.is_(False))
    )
    for person_id, *alias in alias_rows:
        aliases.setdefault(person_id, []).append(AliasRecord(*alias))
    rows = session.execute(select(*_COLUMNS).where(Person.id.in_(ids)))
    return [CandidateRecord(*row, aliases=tuple(aliases.get(row[0], ()))) for row in rows]


def find_candidates(session: Session, keys: SearchKeys) -> list[CandidateRecord]:
    return load_candidates(session, candidate_ids(session, keys))
