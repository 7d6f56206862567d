"""NHS number validation (modulus 11).

Digits 1-9 are weighted 10..2 and summed; check digit = 11 - (sum mod 11); 11 means 0 and
10 means the number is invalid. Displayed as 3-3-4 digits.
"""

from __future__ import annotations

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def check_digit(first_nine: str) -> int | None:
    """Check digit for nine digits, or None when no valid check digit exists (remainder gives 10)."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("check_digit needs exactly nine digits")
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid(text: str) -> bool:
    """True for a 10-digit NHS number (spaces and hyphens allowed) whose check digit is right."""
    stripped = text.replace(" ", "").replace("-", "")
    if len(stripped) != 10 or not stripped.isdigit():
        return False
    expected = check_digit(stripped[:9])
    return expected is not None and expected == int(stripped[9])


def problem(text: str) -> str | None:
    """A plain-English reason the text is not a valid NHS number, or None if it is valid."""
    stripped = text.replace(" ", "").replace("-", "")
    if not stripped:
        return "NHS number is empty."
    if not stripped.isdigit():
        return "NHS number must contain only digits (spaces and hyphens are allowed)."
    if len(stripped) != 10:
        return f"NHS number must have 10 digits; this has {len(stripped)}."
    if not is_valid(stripped):
        return "NHS number check digit does not match: a digit has probably been mistyped."
    return None


def normalise(text: str) -> str:
    """Ten bare digits (no validation)."""
    return digits_only(text)


def format_nhs(text: str) -> str:
    """Display form 3-3-4, e.g. '943 476 5919'."""
    d = digits_only(text)
    if len(d) != 10:
        return text
    return f"{d[:3]} {d[3:6]} {d[6:]}"
