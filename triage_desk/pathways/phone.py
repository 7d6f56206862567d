"""UK phone numbers in the services directory: validate and normalise for display."""

from __future__ import annotations

import re

_SHORT = {"999", "111", "112", "101"}
HINT = "Write a UK number such as 01632 960123, 020 7946 0123 or 0808 157 0123."


def phone_problem(text: str) -> str | None:
    """None if ``text`` is a dialable UK number; otherwise what is wrong and what to do."""
    digits = re.sub(r"[\s\-()]", "", text or "")
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    if not digits:
        return "no phone number. " + HINT
    if not digits.isdigit():
        return (
            f"'{text}' contains characters other than digits, spaces, brackets, '-' or a leading +44. " + HINT
        )
    if digits in _SHORT or re.fullmatch(r"116\d{3}", digits):
        return None
    if not digits.startswith("0") or digits.startswith("00"):
        return f"'{text}' is not a UK number (it must start with 0 or +44). " + HINT
    if digits[1] not in "1235789":
        return f"'{text}': UK numbers do not start 0{digits[1]}. " + HINT
    if len(digits) not in (10, 11):
        return f"'{text}' has {len(digits)} digits; UK numbers have 10 or 11. " + HINT
    return None
