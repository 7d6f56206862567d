"""What the nurse typed, turned into a :class:`LookupQuery`.

Two entry points: :func:`parse_free_text` for one search box ("john smith 12/3/85 LS1 4AP",
"943 476 5919", "SMITH, John age 40") and :func:`build_query` for separate fields (CLI flags, form
fields), where an explicit field wins over the same part found in the free text.

An NHS number that fails the modulus-11 check is reported in ``problems`` and *not* searched: a
mistyped number would otherwise silently find nobody, or the wrong person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from triage_desk.domain import nhs_number
from triage_desk.domain.clock import utc_now
from triage_desk.lookup import dob as dob_rules
from triage_desk.lookup.keys import name_key, phone_key, postcode_key

FULL_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
OUTWARD_CODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")

_NHS_SPACED = re.compile(r"(?<![\d+])([1-9]\d{2})[ -](\d{3})[ -](\d{4})(?!\d)")
_PHONE = re.compile(r"(?<![\w+])((?:\+44\s?\(?0?\)?\s?|0)\d(?:[\s-]?\d){8,9})(?!\d)")
_POSTCODE = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s+(\d[A-Za-z]{2})\b")
_WORDY_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\s+(\d{2,4})\b")
_AGE = re.compile(
    r"(?:\b(?:age|aged)\s*(\d{1,3})\b|\b(\d{1,3})\s*(?:yo|y/o|yrs?|years?(?:\s+old)?)\b|~\s*(\d{1,3})\b)",
    re.I,
)


@dataclass(frozen=True)
class LookupQuery:
    given: str = ""
    family: str = ""
    middle: tuple[str, ...] = ()
    dob: date | None = None
    birth_year: int | None = None
    age: int | None = None
    postcode: str = ""  # normalised: full ("LS14AP") or just the outward code ("LS1")
    phone: str = ""  # national digits
    nhs_number: str = ""  # ten digits, only when valid
    address: str = ""
    problems: tuple[str, ...] = ()
    today: date = field(default_factory=lambda: utc_now().date())

    @property
    def postcode_is_full(self) -> bool:
        return bool(FULL_POSTCODE.match(self.postcode))

    @property
    def has_name(self) -> bool:
        return bool(name_key(self.given) or name_key(self.family))

    @property
    def is_searchable(self) -> bool:
        return bool(
            self.has_name or self.dob or self.birth_year or self.postcode or self.phone or self.nhs_number
        )

    def describe(self) -> str:
        """What will be searched, in words (shown above the results and in CLI output)."""
        parts = []
        if self.has_name:
            parts.append(f"name {' '.join(p for p in (self.given, *self.middle, self.family) if p)}")
        if self.dob:
            parts.append(f"date of birth {self.dob:%d/%m/%Y}")
        elif self.birth_year:
            parts.append(f"born {self.birth_year}")
        if self.age is not None:
            parts.append(f"age about {self.age}")
        for label, value in (("postcode", self.postcode), ("phone", self.phone), ("address", self.address)):
            if value:
                parts.append(f"{label} {value}")
        if self.nhs_number:
            parts.append(f"NHS number {nhs_number.format_nhs(self.nhs_number)}")
        return ", ".join(parts) or "nothing searchable"


# Family-name prefixes that are typed as a word of their own but never a given name or an initial:
# "O Brien" is O'Brien, "Mc Donald" is McDonald. (Not D', L', Van, De...: those are also initials or
# given names, and the parts of a double-barrelled name are searched anyway.)
PARTICLES = frozenset({"o", "mc"})


def join_particles(tokens: list[str], comma_after: int | None = None) -> tuple[list[str], int | None]:
    """Join a particle to the word after it ("O", "Brien" -> "O Brien"), never across the comma."""
    out: list[str] = []
    new_comma = comma_after
    i = 0
    while i < len(tokens):
        token = tokens[i]
        joinable = i + 1 < len(tokens) and (comma_after is None or i + 1 != comma_after)
        if joinable and name_key(token) in PARTICLES:
            out.append(f"{token} {tokens[i + 1]}")
            if comma_after is not None and i < comma_after:
                new_comma = (new_comma or 0) - 1
            i += 2
        else:
            out.append(token)
            i += 1
    return out, new_comma


def split_name(tokens: list[str], comma_after: int | None = None) -> tuple[str, str, tuple[str, ...]]:
    """(given, family, middle names) from name tokens in typed order.

    "SMITH, John" (comma) and "SMITH John" (one token in capitals, the police convention) put the
    family name first; otherwise the last token is the family name. One token is taken as a
    family name: scoring still tries it against given names. A particle typed apart stays with
    its name ("Catherine O Brien" is Catherine O'Brien, not Catherine O. Brien).
    """
    tokens = [t for t in tokens if name_key(t)]
    tokens, comma_after = join_particles(tokens, comma_after)
    if not tokens:
        return "", "", ()
    if comma_after is not None and 0 < comma_after < len(tokens):
        family = " ".join(tokens[:comma_after])
        rest = tokens[comma_after:]
        return rest[0], family, tuple(rest[1:])
    if len(tokens) == 1:
        return "", tokens[0], ()
    capitals = [i for i, t in enumerate(tokens) if t.isupper() and len(t) > 1]
    if len(capitals) == 1 and len(tokens) > 1:
        family = tokens.pop(capitals[0])
        return tokens[0], family, tuple(tokens[1:])
    return tokens[0], tokens[-1], tuple(tokens[1:-1])


def _nhs_problem_text(text: str, problem: str) -> str:
    """E.g. "NHS number 943 476 5918 is invalid (check digit) — not searched", shown under the box."""
    digits = nhs_number.digits_only(text)
    shown = nhs_number.format_nhs(digits) if len(digits) == 10 else text.strip()
    if "check digit" in problem:
        return f"NHS number {shown} is invalid (check digit) — not searched"
    return f"NHS number {shown} is invalid: {problem} — not searched"


def _nhs_from(text: str, problems: list[str]) -> str:
    problem = nhs_number.problem(text)
    if problem:
        problems.append(_nhs_problem_text(text, problem))
        return ""
    return nhs_number.normalise(text)


def parse_free_text(text: str, today: date | None = None) -> LookupQuery:
    today = today or utc_now().date()
    problems: list[str] = []
    found: dict[str, object] = {}

    def take(pattern: re.Pattern[str], handler) -> None:  # type: ignore[no-untyped-def]
        nonlocal text
        while m := pattern.search(text):
            handler(m)
            text = text[: m.start()] + " " + text[m.end() :]

    take(_NHS_SPACED, lambda m: found.setdefault("nhs", _nhs_from(m[0], problems)))
    take(_PHONE, lambda m: found.setdefault("phone", phone_key(m[1])))
    take(_POSTCODE, lambda m: found.setdefault("postcode", postcode_key(m[1] + m[2])))
    take(_AGE, lambda m: found.setdefault("age", int(m[1] or m[2] or m[3])))

    def wordy_date(m: re.Match[str]) -> None:
        parsed, problem = dob_rules.parse_dob(m[0], today)
        if parsed or problem:
            found.setdefault("dob", parsed)
            if problem:
                problems.append(problem)

    take(_WORDY_DATE, wordy_date)

    names: list[str] = []
    address: list[str] = []
    comma_after: int | None = None
    in_address = False
    for raw in re.findall(r",|[^\s,]+", text):
        token = raw.strip()
        if token == ",":  # noqa: S105 - a comma, not a password
            if names and comma_after is None and not in_address:
                comma_after = len(names)
            in_address = False
            continue
        upper = token.upper()
        digits = token.replace("-", "")
        if dob_rules.NUMERIC_DATE.match(token) or dob_rules.ISO_DATE.match(token):
            parsed, problem = dob_rules.parse_dob(token, today)
            found.setdefault("dob", parsed)
            if problem:
                problems.append(problem)
        elif digits.isdigit() and len(digits) == 10 and not digits.startswith("0"):
            found.setdefault("nhs", _nhs_from(token, problems))
        elif digits.isdigit() and len(digits) == 4 and 1880 <= int(digits) <= today.year:
            found.setdefault("year", int(digits))
        elif FULL_POSTCODE.match(upper) or OUTWARD_CODE.match(upper):
            found.setdefault("postcode", upper)
        elif re.fullmatch(r"\d{1,4}[A-Za-z]?", token):
            in_address = True  # a house number starts an address (names come before it)
            address.append(token)
        elif in_address:
            address.append(token)  # everything after a house number, up to a comma, is address
        elif re.search(r"[^\W\d_]", token):
            names.append(token)
    given, family, middle = split_name(names, comma_after)
    dob_value = found.get("dob")
    return LookupQuery(
        given=given,
        family=family,
        middle=middle,
        dob=dob_value if isinstance(dob_value, date) else None,
        birth_year=found.get("year"),  # type: ignore[arg-type]
        age=found.get("age"),  # type: ignore[arg-type]
        postcode=str(found.get("postcode", "")),
        phone=str(found.get("phone", "")),
        nhs_number=str(found.get("nhs", "")),
        address=" ".join(address),
        problems=tuple(problems),
        today=today,
    )


def build_query(
    text: str = "",
    *,
    name: str | None = None,
    dob: str | None = None,
    age: int | None = None,
    postcode: str | None = None,
    phone: str | None = None,
    nhs: str | None = None,
    address: str | None = None,
    today: date | None = None,
) -> LookupQuery:
    """Free text plus explicit fields; an explicit field replaces what the free text said."""
    query = parse_free_text(text, today)
    problems = list(query.problems)
    changes: dict[str, object] = {}
    if name is not None:
        tokens = re.findall(r",|[^\s,]+", name)
        comma = tokens.index(",") if "," in tokens else None
        given, family, middle = split_name([t for t in tokens if t != ","], comma)
        changes.update(given=given, family=family, middle=middle)
    if dob is not None:
        stripped = dob.strip()
        if re.fullmatch(r"\d{4}", stripped):
            changes.update(dob=None, birth_year=int(stripped))
        else:
            parsed, problem = dob_rules.parse_dob(stripped, query.today)
            if parsed is None:
                problems.append(problem or f"'{stripped}' is not a date of birth (use DD/MM/YYYY).")
            changes.update(dob=parsed)
    if age is not None:
        changes["age"] = age
    if postcode is not None:
        key = postcode_key(postcode)
        if key and not (FULL_POSTCODE.match(key) or OUTWARD_CODE.match(key)):
            problems.append(f"'{postcode.strip()}' is not a UK postcode - not searched.")
            key = ""
        changes["postcode"] = key
    if phone is not None:
        changes["phone"] = phone_key(phone)
    if nhs is not None:
        changes["nhs_number"] = _nhs_from(nhs, problems)
    if address is not None:
        changes["address"] = address.strip()
    return replace(query, problems=tuple(problems), **changes)  # type: ignore[arg-type]
