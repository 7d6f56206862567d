"""Turn a query into index keys for candidate retrieval ("blocking" in record-linkage terms).

Retrieval must stay on indexes (200,000 persons, a keystroke's latency), so every way a true match
can hide behind a typing error needs its own cheap, indexed key:
- the family name as typed (equality and prefix, for as-you-type) and its phonetic key;
- the same with given and family swapped, and for each part of a double-barrelled name typed;
- each of those against the stored parts of double-barrelled names (Jones finds Smith-Jones);
- the given name's phonetic key plus those of its variants (Bill finds William);
- the date of birth as typed and day/month swapped; dates one digit off or with two adjacent
  digits transposed are only used together with a name key, or a common date would flood the cap;
- the family name alone (prefix, phonetic) only when no given name was typed: with a given name,
  the family-prefix-plus-initial block covers given-name typos without flooding the cap;
- postcode, phone and NHS number by equality. A district alone ("LS1") only scores: as a
  retrieval key it is thousands of rows.
"""

from __future__ import annotations

import re

from triage_desk.domain.lookup_records import NameBlock, SearchKeys
from triage_desk.lookup import dob as dob_rules
from triage_desk.lookup.keys import name_key, phonetic_key
from triage_desk.lookup.query import FULL_POSTCODE, LookupQuery
from triage_desk.lookup.variants import NameVariants, default_variants


def given_phonetics(given: str, variants: NameVariants) -> tuple[str, ...]:
    if not name_key(given):
        return ()
    keys = {phonetic_key(given)} | {phonetic_key(v) for v in variants.variants_of(given)}
    return tuple(sorted(k for k in keys if k))


def _block(family: str, given: str, variants: NameVariants) -> NameBlock | None:
    family_norm = name_key(family)
    if not family_norm:
        return None
    given_norm = name_key(given)
    return NameBlock(
        family_norm=family_norm,
        family_phonetic=phonetic_key(family),
        given_phonetics=given_phonetics(given, variants),
        given_initial=given_norm[:1],
    )


def name_blocks(query: LookupQuery, variants: NameVariants) -> tuple[NameBlock, ...]:
    blocks: list[NameBlock | None] = []
    if query.family:
        blocks.append(_block(query.family, query.given, variants))
        # One-letter parts are particles or initials ("O Brien"), not names worth a block of their own.
        parts = [p for p in re.split(r"[\s\-]+", query.family) if len(name_key(p)) > 1]
        if len(parts) > 1:  # Smith-Jones may be recorded as Smith, or as Jones
            blocks.extend(_block(part, query.given, variants) for part in parts)
    if query.given:
        # Names swapped (Smith John for John Smith); with no family name this is the only block.
        blocks.append(_block(query.given, query.family, variants))
    unique: dict[NameBlock, None] = {b: None for b in blocks if b is not None}
    return tuple(unique)


def near_dates(query: LookupQuery) -> tuple[tuple, tuple]:  # type: ignore[type-arg]
    if query.dob is None:
        return (), ()
    exact = {query.dob}
    if (swap := dob_rules.swapped(query.dob)) is not None:
        exact.add(swap)
    near = dob_rules.one_digit_off(query.dob) | dob_rules.transposed(query.dob)
    return tuple(sorted(exact)), tuple(sorted(near - exact))


def search_keys(query: LookupQuery, variants: NameVariants | None = None) -> SearchKeys:
    variants = variants or default_variants()
    dobs, near = near_dates(query)
    blocks = name_blocks(query, variants)
    single = phonetic_key(query.family) if query.family and not query.given else ""
    full = query.postcode if FULL_POSTCODE.match(query.postcode) else ""
    return SearchKeys(
        names=blocks,
        single_token_phonetic=single,
        dobs=dobs,
        near_dobs=near if blocks else (),
        postcode=full,
        phone=query.phone,
        nhs_number=query.nhs_number,
    )
