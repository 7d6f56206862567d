"""Rank scored candidates and package what one lookup found."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from triage_desk.domain.lookup_records import CandidateRecord
from triage_desk.lookup.query import LookupQuery
from triage_desk.lookup.scoring import ScoredCandidate, best_possible, score_candidate
from triage_desk.lookup.variants import NameVariants, default_variants

DEFAULT_LIMIT = 20
# Below this a candidate shares almost nothing with the query; showing it only adds noise.
MIN_POINTS = 1.0


@dataclass(frozen=True)
class LookupResult:
    query: LookupQuery
    candidates: tuple[ScoredCandidate, ...]
    problems: tuple[str, ...]
    retrieved: int  # candidates pulled from the database before scoring
    elapsed_ms: float = 0.0

    @property
    def has_likely(self) -> bool:
        return any(c.band == "likely" for c in self.candidates)


def rank(
    query: LookupQuery,
    records: Iterable[CandidateRecord],
    *,
    limit: int = DEFAULT_LIMIT,
    variants: NameVariants | None = None,
) -> list[ScoredCandidate]:
    variants = variants or default_variants()
    ceiling = best_possible(query)  # the same for every candidate of this query
    scored = [score_candidate(query, r, variants, ceiling) for r in records]
    kept = [s for s in scored if s.points >= MIN_POINTS]
    kept.sort(key=lambda s: (-s.points, -s.score, s.person.family_norm, s.person.given_norm, s.person.id))
    return kept[:limit]
