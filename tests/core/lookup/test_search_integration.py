"""Search against a real (in-memory, migrated) database through the service the UI and CLI use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.accounts import PURPOSE
from tests.core.lookup.conftest import Search
from tests.core.lookup.lookup_helpers import add_contact, add_plan, add_warning
from triage_desk.domain.errors import PermissionDeniedError, ValidationError
from triage_desk.domain.principal import Principal
from triage_desk.services.lookup_service import LookupService
from triage_desk.storage.database import Database
from triage_desk.storage.models import Contact, PersonAlias, SafetyWarning


def top(search: Search, text: str) -> list[str]:
    return [c.person_id for c in search(text).candidates]


def test_misspelt_family_name_finds_the_person(
    lookup: LookupService, people: dict[str, str], search: Search
) -> None:
    result = search("wiliam smyth 12/03/1985")
    assert result.candidates[0].person_id == people["william"]
    assert result.candidates[0].band == "likely"


def test_nickname_and_swapped_dob(lookup: LookupService, people: dict[str, str], search: Search) -> None:
    assert top(search, "bill smith 3/12/85")[0] == people["william"]


def test_swapped_names(lookup: LookupService, people: dict[str, str], search: Search) -> None:
    result = search("Khan Mohammed")
    assert result.candidates[0].person_id == people["mohammed"]
    assert "names in swapped order" in result.candidates[0].reasons


def test_alias_hit(lookup: LookupService, people: dict[str, str], search: Search) -> None:
    result = search("kate murphy")
    assert result.candidates[0].person_id == people["catherine"]


def test_accented_name_found_without_accents(
    lookup: LookupService, people: dict[str, str], search: Search
) -> None:
    assert top(search, "zoe lefevre")[0] == people["zoe"]


def test_apostrophe_name_found_typed_without_it(
    lookup: LookupService, people: dict[str, str], search: Search
) -> None:
    assert top(search, "catherine obrien")[0] == people["catherine"]


def test_part_of_double_barrelled_name(lookup: LookupService, people: dict[str, str], search: Search) -> None:
    assert top(search, "john smith 1/1/1970")[0] == people["john"]


def test_nhs_number_alone_finds_the_person(
    lookup: LookupService, people: dict[str, str], search: Search
) -> None:
    result = search("943 476 5919")
    assert [c.person_id for c in result.candidates] == [people["william"]]
    assert result.candidates[0].band == "likely"


def test_invalid_nhs_number_is_not_searched(
    lookup: LookupService, people: dict[str, str], search: Search
) -> None:
    result = search("943 476 5918")
    assert result.candidates == () and result.retrieved == 0
    assert "check digit" in result.problems[0]


def test_dob_one_digit_wrong_with_name(lookup: LookupService, people: dict[str, str], search: Search) -> None:
    assert top(search, "mohamed kahn 30/06/1987")[0] == people["mohammed"]


def test_stranger_gets_no_likely_candidate(
    lookup: LookupService, people: dict[str, str], search: Search
) -> None:
    assert not search("Sarah Connor 12/03/1985 M1 1AE").has_likely


def test_merged_person_is_no_longer_a_candidate(
    lookup: LookupService, people: dict[str, str], staff: dict[str, Principal], search: Search
) -> None:
    lookup.merge_persons(people["william"], people["william2"], principal=staff["supervisor"])
    assert people["william2"] not in top(search, "william smithson")
    # The merged person's own name was kept as an alias of the survivor.
    assert top(search, "william smithson")[0] == people["william"]


def test_detail_timeline_warnings_plan_and_frequent_prompt(
    db: Database, lookup: LookupService, people: dict[str, str], me: Principal
) -> None:
    pid = people["william"]
    for days in (1, 2, 3):
        add_contact(db, pid, days_ago=days, triage_code="B")
    add_contact(db, pid, days_ago=200)
    add_warning(db, pid, review=date.today() - timedelta(days=1))
    add_warning(db, pid, category="old", active=False)
    add_plan(db, pid, authored_by="u1", approved_by="u1")
    detail = lookup.person_detail(pid, principal=me, purpose=PURPOSE)
    assert [e.triage_code for e in detail.timeline] == ["B", "B", "B", "C"]
    assert detail.timeline[0].when > detail.timeline[-1].when
    assert [w.category for w in detail.warnings] == ["weapons"] and detail.warnings[0].review_overdue
    assert detail.plan is not None and not detail.plan.approved  # self-approval does not count
    assert (detail.counts.last_7_days, detail.counts.last_30_days, detail.counts.last_365_days) == (3, 3, 4)
    expected = "Frequent contact: consider a care review (F7 form; 3+ in 7 days)"
    assert detail.frequent_contact_prompt == expected


def test_no_frequent_prompt_for_occasional_contact(
    db: Database, lookup: LookupService, people: dict[str, str], me: Principal
) -> None:
    add_contact(db, people["zoe"], days_ago=5)
    add_plan(db, people["zoe"], authored_by="u1", approved_by="u2")
    detail = lookup.person_detail(people["zoe"], principal=me, purpose=PURPOSE)
    assert detail.frequent_contact_prompt is None
    assert detail.plan is not None and detail.plan.approved


def test_link_contact(db: Database, lookup: LookupService, people: dict[str, str], me: Principal) -> None:
    contact_id = add_contact(db, people["zoe"], days_ago=1)
    lookup.link_contact(contact_id, people["john"], principal=me)
    assert [
        e.contact_id for e in lookup.person_detail(people["john"], principal=me, purpose=PURPOSE).timeline
    ] == [contact_id]


def _ownership(db: Database) -> dict[str, tuple[str, bool]]:
    with db.reader() as s:
        rows: dict[str, tuple[str, bool]] = {}
        for model in (Contact, SafetyWarning, PersonAlias):
            for row in s.query(model):
                rows[row.id] = (row.person_id, getattr(row, "deleted", False))
        return rows


def test_merge_moves_everything_and_undo_restores_exactly(
    db: Database,
    lookup: LookupService,
    people: dict[str, str],
    me: Principal,
    staff: dict[str, Principal],
    search: Search,
) -> None:
    keep, dup = people["william"], people["catherine"]
    add_contact(db, dup, days_ago=1)
    add_warning(db, dup)
    before = _ownership(db)
    summary = lookup.merge_persons(keep, dup, principal=staff["supervisor"])
    assert len(summary.moved["contacts"]) == 1 and len(summary.moved["person_aliases"]) == 1
    moved_ids = [i for k, ids in summary.moved.items() if k != "created_aliases" for i in ids]
    assert all(_ownership(db)[i][0] == keep for i in moved_ids)
    later = add_contact(db, keep, days_ago=0)  # linked to the survivor after the merge
    with pytest.raises(ValidationError, match="merged"):
        lookup.link_contact(later, dup, principal=me)  # contacts go to the kept record
    undone = lookup.undo_merge(summary.merge_id, principal=staff["admin"])
    assert undone.undone
    after = _ownership(db)
    created = summary.moved["created_aliases"]
    assert {k: v for k, v in after.items() if k not in created and k != later} == before
    assert after[later] == (keep, False)
    assert all(after[a][1] for a in created)  # the alias the merge added is tombstoned
    assert lookup.person_detail(dup, principal=me, purpose=PURPOSE).merged_into_id is None
    assert top(search, "kate murphy")[0] == dup


def test_merge_needs_supervisor_or_admin(
    lookup: LookupService, people: dict[str, str], me: Principal
) -> None:
    with pytest.raises(PermissionDeniedError):
        lookup.merge_persons(people["william"], people["zoe"], principal=me)


def test_merge_refuses_self_and_double_undo(
    lookup: LookupService, people: dict[str, str], staff: dict[str, Principal]
) -> None:
    with pytest.raises(ValidationError):
        lookup.merge_persons(people["zoe"], people["zoe"], principal=staff["supervisor"])
    summary = lookup.merge_persons(people["zoe"], people["john"], principal=staff["supervisor"])
    lookup.undo_merge(summary.merge_id, principal=staff["supervisor"])
    with pytest.raises(ValidationError):
        lookup.undo_merge(summary.merge_id, principal=staff["supervisor"])


def test_create_person_refuses_invalid_nhs_number(lookup: LookupService, me: Principal) -> None:
    with pytest.raises(ValidationError, match="check digit"):
        lookup.create_person(principal=me, given_name="A", family_name="B", nhs="943 476 5918")
