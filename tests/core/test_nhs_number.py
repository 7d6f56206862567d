"""NHS number modulus-11 check."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from triage_desk.domain import nhs_number


def test_known_valid_and_invalid_numbers() -> None:
    assert nhs_number.is_valid("943 476 5919")
    assert nhs_number.is_valid("9434765919")
    assert not nhs_number.is_valid("9434765918")
    assert nhs_number.problem("943 476 591") == "NHS number must have 10 digits; this has 9."
    assert "check digit" in (nhs_number.problem("9434765918") or "")
    assert nhs_number.format_nhs("9434765919") == "943 476 5919"


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    while True:
        nine = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
        check = nhs_number.check_digit(nine)
        if check is not None:
            return nine + str(check)


@given(valid_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_error_is_caught(number: str, position: int, delta: int) -> None:
    assert nhs_number.is_valid(number)
    wrong = str((int(number[position]) + delta) % 10)
    mistyped = number[:position] + wrong + number[position + 1 :]
    assert not nhs_number.is_valid(mistyped)
