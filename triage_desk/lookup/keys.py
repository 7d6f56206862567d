"""Search keys stored beside each person so candidate retrieval can use plain indexes.

Normalised forms fold case, accents, apostrophes, hyphens and spaces ("O'Brien" -> "obrien",
"Smith-Jones" -> "smithjones"); the phonetic key (Double Metaphone's primary code via jellyfish's
Metaphone) lets "Shaun" find "Sean". Changing any function here changes stored keys: bump
KEYS_VERSION so the database re-indexes.
"""

from __future__ import annotations

import re
import unicodedata

import jellyfish

KEYS_VERSION = 1

_NON_ALNUM = re.compile(r"[^a-z0-9]")


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: accents stripped, punctuation and spaces removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", ascii_only)


def name_key(name: str) -> str:
    return fold(name)


def phonetic_key(name: str) -> str:
    folded = re.sub(r"[^a-z]", "", fold(name))
    return jellyfish.metaphone(folded).upper() if folded else ""


def postcode_key(postcode: str) -> str:
    """UK postcode without spaces, upper-case: ' ls1 4ap' -> 'LS14AP'."""
    return fold(postcode).upper()


def phone_key(phone: str) -> str:
    """Digits in national form: '+44 (0)7700 900123' and '07700900123' both -> '07700900123'."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("440"):
        digits = digits[2:]
    elif digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits
