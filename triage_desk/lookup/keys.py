"""Search keys stored beside each person so candidate retrieval can use plain indexes.

Normalised forms fold case, accents, apostrophes, hyphens and spaces ("O'Brien" -> "obrien",
"Smith-Jones" -> "smithjones"); the phonetic key (Double Metaphone's primary code via jellyfish's
Metaphone) lets "Shaun" find "Sean". Changing any function here changes stored keys: bump
KEYS_VERSION so the database re-indexes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish

# 2: the stored given-name keys are those of the first given name only ("Mary Ann" -> "mary"),
#    because callers give the name a person goes by, not their middle names; phone_key also
#    understands the 0044 international prefix.
# 3: each part of a family name of two or more parts ("Smith-Jones", "Garcia Lopez") is a key of
#    its own (table person_name_parts), so "Jones" finds Smith-Jones.
# The desk compares this with site_meta.person_keys_version and re-indexes in batches when they
# differ (services/search_index.py).
KEYS_VERSION = 3

_NON_ALNUM = re.compile(r"[^a-z0-9]")
_PART_SEPARATORS = re.compile(r"[\s\-]+")  # not apostrophes: O'Brien is one name, not O + Brien


@lru_cache(maxsize=65536)  # scoring folds the same stored names over and over
def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: accents stripped, punctuation and spaces removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", ascii_only)


def name_key(name: str) -> str:
    return fold(name)


@lru_cache(maxsize=65536)
def phonetic_key(name: str) -> str:
    folded = re.sub(r"[^a-z]", "", fold(name))
    return jellyfish.metaphone(folded).upper() if folded else ""


def postcode_key(postcode: str) -> str:
    """UK postcode without spaces, upper-case: ' ls1 4ap' -> 'LS14AP'."""
    return fold(postcode).upper()


def phone_key(phone: str) -> str:
    """Digits in national form: '+44 (0)7700 900123', '0044 7700 900123', '07700900123' -> '07700900123'."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("0044"):  # international dialling prefix typed instead of '+'
        digits = digits[2:]
    if digits.startswith("440"):
        digits = digits[2:]
    elif digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


def first_given(given: str) -> str:
    """The first of several given names: the one the stored given-name keys are made from."""
    parts = given.split()
    return parts[0] if parts else ""


def person_keys(given: str, family: str, postcode: str = "", phone: str = "") -> dict[str, str]:
    """Every stored search key of a person (or, without postcode and phone, of an alias)."""
    first = first_given(given)
    return {
        "given_norm": name_key(first),
        "family_norm": name_key(family),
        "given_phonetic": phonetic_key(first),
        "family_phonetic": phonetic_key(family),
        "postcode_norm": postcode_key(postcode),
        "phone_norm": phone_key(phone),
    }


def family_part_keys(family: str) -> list[tuple[str, str]]:
    """(normalised, phonetic) key of each part of a family name of two or more parts, in order and
    without repeats: "Smith-Jones" -> [("smith", "SM0"), ("jones", "JNS")]. A one-part name has none
    (its whole-name keys serve), nor has a one-letter part ("O Brien" is O'Brien, not O)."""
    parts = [name_key(p) for p in _PART_SEPARATORS.split(family)]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return []
    keys = {(p, phonetic_key(p)): None for p in parts if len(p) > 1}
    return list(keys)
