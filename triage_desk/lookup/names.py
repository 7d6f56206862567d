"""Comparing one typed name part with one stored name part, with the reason in words.

Points follow the spirit of Fellegi-Sunter weights: agreement on a rarer, more specific kind of
evidence earns more; a clear disagreement costs points. The reason strings are shown to the nurse,
so they say what matched ("family name sounds alike"), not how it was computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein

from triage_desk.lookup.keys import name_key, phonetic_key
from triage_desk.lookup.variants import NameVariants


@dataclass(frozen=True)
class PartMatch:
    points: float
    reason: str | None = None  # supporting evidence, shown as a reason
    conflict: str | None = None  # evidence against, shown separately


# (exact, variant, phonetic, spelt similarly, prefix base, disagreement)
FAMILY_POINTS = (4.0, 0.0, 3.0, 2.6, 1.0, -2.0)
GIVEN_POINTS = (3.0, 2.6, 2.4, 2.0, 0.8, -1.5)


def similar_spelling(a: str, b: str) -> bool:
    """One typing slip (Levenshtein 1, or 2 in long names) or a very close Jaro-Winkler score."""
    if min(len(a), len(b)) < 3:
        return False
    edits = Levenshtein.distance(a, b)
    return edits <= 1 or (edits <= 2 and min(len(a), len(b)) >= 7) or JaroWinkler.similarity(a, b) >= 0.92


# A pure function of hashable arguments, and one query compares the same typed name with the same
# common stored names ("Smith", "John") hundreds of times: caching it is most of scoring's cost.
@lru_cache(maxsize=131072)
def compare_part(
    typed: str, stored: str, label: str, points: tuple[float, ...], variants: NameVariants | None = None
) -> PartMatch:
    t, s = name_key(typed), name_key(stored)
    if not t:
        return PartMatch(0.0)
    if not s:
        return PartMatch(0.0)
    exact, variant, phonetic, spelt, prefix, differs = points
    if t == s:
        return PartMatch(exact, f"{label} matches")
    tokens = [name_key(p) for p in re.split(r"[\s\-]+", stored) if name_key(p)]
    if len(tokens) > 1 and t in tokens:
        return PartMatch(exact - 0.6, f"{label} matches part of '{stored}'")
    if variants is not None and variant and variants.are_variants(t, s):
        return PartMatch(variant, f"{label} is a variant ({typed.strip()} / {stored})")
    if variants is not None and variant and any(variants.are_variants(t, x) for x in tokens[1:] or ()):
        return PartMatch(variant - 0.4, f"{label} is a variant of part of '{stored}'")
    if phonetic_key(typed) == phonetic_key(stored):
        return PartMatch(phonetic, f"{label} sounds alike ({stored})")
    if similar_spelling(t, s):
        return PartMatch(spelt, f"{label} spelt similarly ({stored})")
    if len(t) == 1 and s.startswith(t):
        return PartMatch(prefix, f"{label} initial matches")
    if len(t) >= 2 and s.startswith(t):
        # Still typing: more of the name typed, more confidence.
        return PartMatch(prefix + (exact - prefix) * 0.6 * len(t) / len(s), f"{label} starts with '{typed}'")
    return PartMatch(differs, conflict=f"{label} differs ({stored})")
