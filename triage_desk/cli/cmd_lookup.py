"""``triage-desk lookup``: find a person by any mix of name, date of birth, age, postcode, phone and
NHS number; prints ranked candidates with their score, band and the reasons they matched.

Like the GUI, it needs a signed-in user (``--user``) and a purpose (``--incident`` and/or
``--reason``); the search is written to the access audit log (the kinds of criteria, never the text).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from triage_desk.cli.auth_args import opened_app, signed_in
from triage_desk.domain import nhs_number
from triage_desk.domain.errors import PurposeRequiredError, ValidationError
from triage_desk.lookup.query import build_query
from triage_desk.lookup.ranking import DEFAULT_LIMIT, LookupResult
from triage_desk.lookup.scoring import ScoredCandidate
from triage_desk.services.audit import Purpose, require_purpose


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "lookup",
        parents=[common],
        help="find a person in the local history (needs --user and --incident or --reason)",
        description="Free text is split into parts, e.g. 'john smith 12/3/85 LS1 4AP' or '943 476 5919'. "
        "An option replaces the same part found in the free text. Every lookup is recorded in the "
        "access audit log with its purpose: give --incident, --reason, or both.",
    )
    p.add_argument("--incident", metavar="REF", help="the incident reference this lookup is for")
    p.add_argument("--reason", metavar="TEXT", help="why you are looking this person up")
    p.add_argument("query", nargs="*", metavar="QUERY", help="free text: name, date of birth, postcode...")
    p.add_argument("--name", help="name, 'Given Family' or 'FAMILY, Given'")
    p.add_argument("--dob", help="date of birth (DD/MM/YYYY) or just the year")
    p.add_argument("--age", type=int, help="estimated age in years")
    p.add_argument("--postcode", help="full postcode or district (LS1)")
    p.add_argument("--phone", help="phone number")
    p.add_argument("--nhs", help="NHS number (checked with the modulus-11 rule)")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N", help="show at most N candidates")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=run)


def _candidate_json(rank: int, c: ScoredCandidate) -> dict[str, Any]:
    p = c.person
    return {
        "rank": rank,
        "person_id": p.id,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None,
        "postcode": p.postcode,
        "nhs_number": p.nhs_number,
        "score": c.score,
        "points": c.points,
        "band": c.band,
        "reasons": list(c.reasons),
        "conflicts": list(c.conflicts),
    }


def result_json(result: LookupResult) -> dict[str, Any]:
    return {
        "query": result.query.describe(),
        "problems": list(result.problems),
        "retrieved": result.retrieved,
        "elapsed_ms": round(result.elapsed_ms, 1),
        "candidates": [_candidate_json(i, c) for i, c in enumerate(result.candidates, start=1)],
    }


def _print_text(result: LookupResult) -> None:
    print(f"Searched: {result.query.describe()}")
    if not result.candidates:
        print("No matching person found.")
        return
    for i, c in enumerate(result.candidates, start=1):
        p = c.person
        dob = f"{p.date_of_birth:%d/%m/%Y}" if p.date_of_birth else "dob unknown"
        ids = ", ".join(x for x in (p.postcode, nhs_number.format_nhs(p.nhs_number or "")) if x)
        print(f"{i:>2}. {c.band:<8} {c.score:>3}  {p.family_name.upper()}, {p.given_name}  {dob}  {ids}")
        print(f"      because: {'; '.join(c.reasons) or '-'}")
        if c.conflicts:
            print(f"      but: {'; '.join(c.conflicts)}")
        print(f"      id: {p.id}")


def lookup_purpose(args: argparse.Namespace) -> Purpose:
    """The purpose from --incident/--reason, refused (before any password prompt) when neither."""
    try:
        return require_purpose(args.incident, args.reason)
    except PurposeRequiredError as exc:
        raise PurposeRequiredError(
            "A lookup needs a purpose: give --incident REF (the incident reference) or --reason TEXT.",
            hint="For example --incident CC-2026-0412-117, or --reason 'welfare check requested by GP'.",
        ) from exc


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise ValidationError("--limit must be at least 1.")
    purpose = lookup_purpose(args)
    query = build_query(
        " ".join(args.query),
        name=args.name,
        dob=args.dob,
        age=args.age,
        postcode=args.postcode,
        phone=args.phone,
        nhs=args.nhs,
    )
    if not query.is_searchable:
        reason = " ".join(query.problems) or "Nothing to search for: give a name, date of birth, postcode, "
        raise ValidationError(reason if query.problems else reason + "phone or NHS number.")
    with opened_app(args) as app, signed_in(app, args) as me:
        result = app.lookup().search(query, principal=me, purpose=purpose, limit=args.limit)
    for problem in result.problems:
        print(f"triage-desk: warning: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps(result_json(result), indent=2))
    else:
        _print_text(result)
    return 0
