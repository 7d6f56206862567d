from __future__ import annotations

from datetime import date

from triage_desk.domain.lookup_records import AliasRecord, CandidateRecord
from triage_desk.lookup.keys import person_keys
from triage_desk.lookup.query import parse_free_text
from triage_desk.lookup.scoring import LIKELY, POSSIBLE, WEAK, score_candidate
from triage_desk.lookup.variants import default_variants

TODAY = date(2026, 11, 21)


def record(
    given: str,
    family: str,
    dob: date | None = None,
    postcode: str = "",
    nhs: str | None = None,
    aliases: tuple[AliasRecord, ...] = (),
) -> CandidateRecord:
    k = person_keys(given, family, postcode)
    return CandidateRecord(
        id="p1",
        given_name=given,
        family_name=family,
        date_of_birth=dob,
        estimated_birth_year=None,
        address=None,
        postcode=postcode or None,
        phone=None,
        nhs_number=nhs,
        given_norm=k["given_norm"],
        family_norm=k["family_norm"],
        given_phonetic=k["given_phonetic"],
        family_phonetic=k["family_phonetic"],
        postcode_norm=k["postcode_norm"],
        phone_norm="",
        aliases=aliases,
    )


def score(text: str, candidate: CandidateRecord):  # type: ignore[no-untyped-def]
    return score_candidate(parse_free_text(text, TODAY), candidate, default_variants())


def test_exact_name_and_dob_is_likely() -> None:
    s = score("William Smith 12/03/1985", record("William", "Smith", date(1985, 3, 12)))
    assert s.band == LIKELY
    assert s.reasons == ("given name matches", "family name matches", "date of birth matches")
    assert s.score == 100


def test_name_alone_is_never_likely() -> None:
    assert score("William Smith", record("William", "Smith")).band == POSSIBLE


def test_reasons_explain_sound_alike_and_swapped_dob() -> None:
    s = score("William Smyth 3/12/1985", record("William", "Smith", date(1985, 3, 12)))
    assert "family name sounds alike (Smith)" in s.reasons
    assert "date of birth day and month swapped" in s.reasons
    assert s.band == LIKELY


def test_nickname_and_one_digit_dob() -> None:
    s = score("Bill Smith 12/03/1986", record("William", "Smith", date(1985, 3, 12)))
    assert "given name is a variant (Bill / William)" in s.reasons
    assert "date of birth one digit different (12/03/1985)" in s.reasons


def test_swapped_names_are_recognised() -> None:
    s = score("Smith William 12/03/1985", record("William", "Smith", date(1985, 3, 12)))
    assert "names in swapped order" in s.reasons
    assert s.band == LIKELY


def test_different_person_with_same_dob_is_weak_with_conflicts() -> None:
    s = score("Sarah Connor 12/03/1985", record("William", "Smith", date(1985, 3, 12)))
    assert s.band == WEAK
    assert "family name differs (Smith)" in s.conflicts


def test_conflicting_nhs_number_pulls_a_name_match_down() -> None:
    s = score("William Smith 401 023 2137", record("William", "Smith", nhs="9434765919"))
    assert "NHS number differs" in s.conflicts
    assert s.band == WEAK


def test_alias_match_names_the_alias() -> None:
    k = person_keys("Kate", "Murphy")
    alias = AliasRecord(
        "Kate", "Murphy", k["given_norm"], k["family_norm"], k["given_phonetic"], k["family_phonetic"]
    )
    s = score("Kate Murphy", record("Catherine", "O'Brien", aliases=(alias,)))
    assert "matched alias 'Kate Murphy'" in s.reasons
    assert s.band == POSSIBLE


def test_age_fits_estimated_age() -> None:
    s = score("William Smith aged 41", record("William", "Smith", date(1985, 3, 12)))
    assert "age fits (41)" in s.reasons
    s = score("William Smith aged 70", record("William", "Smith", date(1985, 3, 12)))
    assert "age 41" in s.conflicts


def test_postcode_district_only() -> None:
    s = score("William Smith LS1 9ZZ", record("William", "Smith", postcode="LS1 4AP"))
    assert "same postcode district (LS1)" in s.reasons
