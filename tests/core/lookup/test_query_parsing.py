from __future__ import annotations

from datetime import date

import pytest

from triage_desk.lookup.keys import name_key, phone_key, postcode_key
from triage_desk.lookup.query import build_query, parse_free_text

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("O'Brien", "obrien"),
        ("Smith-Jones", "smithjones"),
        ("Zoë", "zoe"),
        ("  SMITH ", "smith"),
        ("Ó Súilleabháin", "osuilleabhain"),
        ("d’Arcy", "darcy"),
    ],
)
def test_name_normalisation_folds_case_accents_apostrophes_hyphens(typed: str, key: str) -> None:
    assert name_key(typed) == key


def test_free_text_splits_name_dob_and_postcode() -> None:
    q = parse_free_text("john smith 12/3/85 LS1 4AP", TODAY)
    assert (q.given, q.family) == ("john", "smith")
    assert q.dob == date(1985, 3, 12)
    assert q.postcode == "LS14AP"
    assert q.problems == ()


def test_family_comma_given_order() -> None:
    q = parse_free_text("SMITH, John", TODAY)
    assert (q.given, q.family) == ("John", "SMITH")


def test_capitalised_family_name_first_is_recognised() -> None:
    q = parse_free_text("SMITH John", TODAY)
    assert (q.given, q.family) == ("John", "SMITH")


def test_spaced_nhs_number_is_recognised() -> None:
    q = parse_free_text("943 476 5919", TODAY)
    assert q.nhs_number == "9434765919"
    assert not q.has_name


def test_invalid_nhs_number_is_reported_and_not_searched() -> None:
    q = parse_free_text("943 476 5918", TODAY)
    assert q.nhs_number == ""
    assert len(q.problems) == 1 and "check digit" in q.problems[0]
    assert not q.is_searchable


def test_explicit_nhs_option_with_wrong_length_is_reported() -> None:
    q = build_query(nhs="94347659", today=TODAY)
    assert q.nhs_number == "" and "10 digits" in q.problems[0]


def test_phone_and_year_and_age() -> None:
    q = parse_free_text("kate +44 (0)7700 900123 1985", TODAY)
    assert q.phone == "07700900123"
    assert q.birth_year == 1985
    assert parse_free_text("smith aged 40", TODAY).age == 40
    assert parse_free_text("smith 40yo", TODAY).age == 40


def test_wordy_date_and_two_digit_year() -> None:
    assert parse_free_text("jo bloggs 5 March 1990", TODAY).dob == date(1990, 3, 5)
    assert parse_free_text("jo bloggs 1/2/05", TODAY).dob == date(2005, 2, 1)


def test_future_and_impossible_dates_are_problems() -> None:
    assert "future" in parse_free_text("smith 1/1/2030", TODAY).problems[0]
    assert "not a real date" in parse_free_text("smith 31/02/1990", TODAY).problems[0]


def test_house_number_starts_an_address_not_a_name() -> None:
    q = parse_free_text("Bill Smith 22 Acacia Avenue LS1", TODAY)
    assert (q.given, q.family) == ("Bill", "Smith")
    assert q.address == "22 Acacia Avenue"
    assert q.postcode == "LS1"


@pytest.mark.parametrize(
    ("typed", "key"), [(" ls1 4ap", "LS14AP"), ("SW1A 1AA", "SW1A1AA"), ("m11ae", "M11AE")]
)
def test_postcode_normalisation(typed: str, key: str) -> None:
    assert postcode_key(typed) == key


@pytest.mark.parametrize("typed", ["+44 (0)7700 900123", "07700 900123", "0044 7700 900123", "+447700900123"])
def test_phone_normalisation(typed: str) -> None:
    assert phone_key(typed) == "07700900123"


def test_explicit_fields_override_free_text() -> None:
    q = build_query("john smith 12/3/85", name="Jones, Mary", dob="1990", postcode="ls1 4ap", today=TODAY)
    assert (q.given, q.family) == ("Mary", "Jones")
    assert q.dob is None and q.birth_year == 1990
    assert q.postcode == "LS14AP"


def test_bad_postcode_option_is_reported() -> None:
    q = build_query("smith", postcode="not a postcode", today=TODAY)
    assert q.postcode == "" and "not a UK postcode" in q.problems[0]
