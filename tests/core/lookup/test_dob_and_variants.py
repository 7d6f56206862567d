from __future__ import annotations

from datetime import date

from triage_desk.lookup import dob
from triage_desk.lookup.variants import default_variants


def test_day_month_swap() -> None:
    assert dob.swapped(date(1985, 3, 12)) == date(1985, 12, 3)
    assert dob.swapped(date(1985, 3, 13)) is None  # no 13th month
    assert dob.swapped(date(1985, 3, 3)) is None  # same date


def test_one_digit_off_includes_typical_slips_and_only_real_dates() -> None:
    near = dob.one_digit_off(date(1985, 3, 12))
    assert date(1985, 3, 13) in near
    assert date(1986, 3, 12) in near
    assert date(1985, 8, 12) in near
    assert date(1985, 3, 12) not in near
    assert all(dob.digits_differing(d, date(1985, 3, 12)) == 1 for d in near)


def test_transposed_digits() -> None:
    assert date(1958, 3, 12) in dob.transposed(date(1985, 3, 12))


def test_us_order_date_is_accepted() -> None:
    parsed, problem = dob.parse_dob("03/25/1990", date(2026, 1, 1))
    assert parsed == date(1990, 3, 25) and problem is None


def test_variant_table_links_nicknames() -> None:
    v = default_variants()
    assert v.are_variants("Bill", "William")
    assert v.are_variants("Kate", "Katherine")
    assert v.are_variants("Kate", "Catherine")
    assert not v.are_variants("Bill", "Robert")
    assert "william" in v.variants_of("BILLY")


def test_variant_table_has_the_expected_breadth() -> None:
    assert len(default_variants().groups) >= 150


def test_unknown_name_is_its_own_only_variant() -> None:
    assert default_variants().variants_of("Zebedee") == frozenset({"zebedee"})
