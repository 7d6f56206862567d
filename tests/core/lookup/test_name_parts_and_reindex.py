"""Issue #4: each part of a double-barrelled family name finds the person, O'Brien however typed, and
stored search keys rebuilt by themselves when the way keys are computed changes (KEYS_VERSION).

All through the real search on a migrated database: what a nurse types, and who comes back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, text

from tests.accounts import PURPOSE
from tests.core.lookup.conftest import Search
from triage_desk.domain.ids import new_id
from triage_desk.domain.principal import Principal
from triage_desk.lookup import keys as lookup_keys
from triage_desk.lookup.keys import person_keys
from triage_desk.services.app import open_app
from triage_desk.services.lookup_service import LookupService
from triage_desk.services.search_index import SearchIndex
from triage_desk.storage import person_keys_index, synced_writes
from triage_desk.storage.database import Database
from triage_desk.storage.models import Person, PersonNamePart


@pytest.fixture
def register(lookup: LookupService, me: Principal) -> dict[str, str]:
    def add(given: str, family: str, **more: object) -> str:
        return lookup.create_person(principal=me, given_name=given, family_name=family,  # type: ignore[arg-type]
                                    date_of_birth="01/01/1970", **more)

    return {
        "john smith-jones": add("John", "Smith-Jones"),
        "mary jones": add("Mary", "Jones"),
        "peter smith": add("Peter", "Smith"),
        "catherine o'brien": add("Catherine", "O'Brien"),
        "ann garcia lopez": add("Ann", "Garcia Lopez"),
        "kate": add("Kate", "Murphy", aliases=[("Kate", "Murphy-Hall")]),
    }


def found(search: Search, typed: str) -> list[str]:
    return [c.person_id for c in search(typed).candidates]


# --- double-barrelled names: each part is a key ------------------------------------------------------

@pytest.mark.parametrize("typed", ["Jones", "jones", "Smith", "SMITH", "John Jones", "john smith",
                                   "JONES, John", "Jones 1/1/1970"])
def test_either_part_finds_a_double_barrelled_name(search: Search, register: dict[str, str],
                                                   typed: str) -> None:
    assert register["john smith-jones"] in found(search, typed)


def test_the_plain_name_still_ranks_first_for_the_plain_name(search: Search, register: dict[str, str],
                                                            ) -> None:
    assert found(search, "Mary Jones")[0] == register["mary jones"]
    assert found(search, "John Jones")[0] == register["john smith-jones"]
    [why] = [c for c in search("John Jones").candidates if c.person_id == register["john smith-jones"]]
    assert "family name matches part of 'Smith-Jones'" in why.reasons


@pytest.mark.parametrize("typed", ["Lopez", "Garcia", "ann lopez"])
def test_a_two_word_family_name_is_found_by_either_word(search: Search, register: dict[str, str],
                                                        typed: str) -> None:
    assert register["ann garcia lopez"] in found(search, typed)


def test_a_double_barrelled_alias_is_found_by_its_part(search: Search, register: dict[str, str]) -> None:
    assert register["kate"] in found(search, "Kate Hall")


@pytest.mark.parametrize("typed", ["O'Brien", "obrien", "OBrien", "O Brien", "o brien", "Catherine O Brien",
                                   "catherine obrien", "O'BRIEN, Catherine", "O BRIEN Catherine"])
def test_o_brien_however_it_is_typed(search: Search, register: dict[str, str], typed: str) -> None:
    assert found(search, typed)[0] == register["catherine o'brien"]


# --- written by someone else: sync, a bulk insert, a rename -----------------------------------------

def test_a_person_written_outside_the_lookup_is_found_by_a_part(db: Database, search: Search,
                                                                register: dict[str, str]) -> None:
    person_id = new_id()  # as sync applies a person from another desk: straight into the table
    with db.session() as s:
        synced_writes.create_person(s, db.site_id, id=person_id, given_name="Lee", family_name="Wong-Taylor",
                                    **person_keys("Lee", "Wong-Taylor"))
    assert person_id in found(search, "Taylor")
    assert person_id in found(search, "lee wong")


def test_a_renamed_person_is_no_longer_found_by_the_old_part(db: Database, search: Search,
                                                             register: dict[str, str]) -> None:
    person_id = register["john smith-jones"]
    with db.session() as s:
        version = s.get(Person, person_id).version  # type: ignore[union-attr]
        synced_writes.update_record(s, "persons", person_id, {"family_name": "Smith",
                                                              **person_keys("John", "Smith")}, version)
    assert person_id not in found(search, "Jones")
    assert person_id in found(search, "John Smith")


def test_a_merged_double_barrelled_name_finds_the_kept_person(lookup: LookupService, search: Search,
                                                              staff: dict[str, Principal],
                                                              register: dict[str, str]) -> None:
    keep, gone = register["peter smith"], register["john smith-jones"]
    lookup.merge_persons(keep, gone, principal=staff["supervisor"])
    hits = found(search, "Jones")
    assert keep in hits and gone not in hits  # the duplicate's name lives on as the survivor's alias


def test_deleting_a_person_leaves_no_name_parts_behind(db: Database, search: Search,
                                                       register: dict[str, str]) -> None:
    found(search, "Jones")  # parts are current
    person_id = register["john smith-jones"]
    with db.session() as s:
        s.execute(delete(Person).where(Person.id == person_id))  # as the retention purge does
    with db.reader() as s:
        assert s.query(PersonNamePart).filter_by(person_id=person_id).count() == 0


# --- re-indexing when KEYS_VERSION changes ---------------------------------------------------------

def _make_stale(db: Database) -> None:
    """Keys as an older release might have left them: wrong name keys and no name parts."""
    with db.session() as s:
        s.execute(text(
            "UPDATE persons SET family_norm = 'old', family_phonetic = 'OLD', given_phonetic = ''"
        ))
        s.execute(text("UPDATE person_aliases SET family_norm = 'old', family_phonetic = 'OLD'"))
        s.execute(delete(PersonNamePart))


def _stored_keys(db: Database) -> dict[str, dict[str, str]]:
    with db.reader() as s:
        return {p.id: {k: getattr(p, k) for k in person_keys("", "")} for p in s.query(Person)}


def _expected_keys(db: Database) -> dict[str, dict[str, str]]:
    with db.reader() as s:
        return {p.id: person_keys(p.given_name, p.family_name, p.postcode or "", p.phone or "")
                for p in s.query(Person)}


@pytest.mark.parametrize("stored_before", ["bump", "absent"])
def test_stale_keys_are_rebuilt_in_batches_when_the_version_changes(
        db: Database, lookup: LookupService, me: Principal, register: dict[str, str],
        monkeypatch: pytest.MonkeyPatch, stored_before: str) -> None:
    search = lambda typed: lookup.search(typed, principal=me, purpose=PURPOSE)  # noqa: E731
    assert found(search, "Jones")  # the index is current
    _make_stale(db)
    if stored_before == "bump":  # a new release computes keys differently
        monkeypatch.setattr(lookup_keys, "KEYS_VERSION", lookup_keys.KEYS_VERSION + 1)
    else:  # a database from before the version was stored
        with db.session() as s:
            key = person_keys_index.KEYS_VERSION_META
            s.execute(text("DELETE FROM site_meta WHERE key = :k"), {"k": key})
    assert _stored_keys(db) != _expected_keys(db)

    restarted = LookupService(db, lookup.audit, index=SearchIndex(db, batch_size=2))  # 6 persons: 3 batches
    hits = [c.person_id for c in restarted.search("John Jones", principal=me, purpose=PURPOSE).candidates]

    assert hits[0] == register["john smith-jones"]
    assert _stored_keys(db) == _expected_keys(db)
    assert register["kate"] in [c.person_id for c in restarted.search(
        "Kate Hall", principal=me, purpose=PURPOSE).candidates]  # aliases re-indexed too
    assert db.meta(person_keys_index.KEYS_VERSION_META) == str(lookup_keys.KEYS_VERSION)


def test_an_interrupted_rebuild_is_finished_by_the_next_search(
        db: Database, lookup: LookupService, me: Principal, register: dict[str, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _make_stale(db)
    monkeypatch.setattr(lookup_keys, "KEYS_VERSION", lookup_keys.KEYS_VERSION + 1)
    real_batch = person_keys_index.reindex_batch
    calls = 0

    def power_cut_on_the_second_batch(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError("disk went away")
        return real_batch(*args, **kwargs)

    monkeypatch.setattr(person_keys_index, "reindex_batch", power_cut_on_the_second_batch)
    first = LookupService(db, lookup.audit, index=SearchIndex(db, batch_size=2))
    with pytest.raises(OSError):
        first.search("Jones", principal=me, purpose=PURPOSE)
    assert db.meta(person_keys_index.KEYS_VERSION_META) != str(lookup_keys.KEYS_VERSION)  # not claimed

    monkeypatch.setattr(person_keys_index, "reindex_batch", real_batch)
    again = LookupService(db, lookup.audit, index=SearchIndex(db, batch_size=2))
    assert register["john smith-jones"] in [
        c.person_id for c in again.search("Jones", principal=me, purpose=PURPOSE).candidates]
    assert _stored_keys(db) == _expected_keys(db)
    assert db.meta(person_keys_index.KEYS_VERSION_META) == str(lookup_keys.KEYS_VERSION)


def test_a_new_database_is_current_from_the_start(tmp_path: Path) -> None:
    app = open_app(tmp_path)
    try:
        assert app.db.meta(person_keys_index.KEYS_VERSION_META) == str(lookup_keys.KEYS_VERSION)
    finally:
        app.close()
