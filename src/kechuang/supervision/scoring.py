"""Scorecard (考核) arithmetic: rates per dimension, the weighted score and the ranking.

Plain Python with no Django imports. For a unit and a year each counted record is an `Item` of one
dimension (milestones met on time, reports on time, indicators on track, notices answered on time),
in the role the unit has on it (lead or supporting). A dimension's rate is

    (lead hits + s × supporting hits) / (lead items + s × supporting items)

with s the plan's supporting-role weight; the score is 100 × Σ wᵢ·rateᵢ / Σ wᵢ over the dimensions
the unit has records in (a dimension without records neither helps nor hurts). A unit with no
records at all has no score and is ranked after every scored unit. Equal scores share a rank
(1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

DIMENSIONS = ("milestones", "reports", "indicators", "notices")
LEAD, SUPPORT = "lead", "support"
# Scores closer than this are a tie: float sums of the same records must not rank apart.
TIE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Weights:
    milestones: float = 0.4
    reports: float = 0.2
    indicators: float = 0.3
    notices: float = 0.1
    support: float = 0.5

    def of(self, dimension: str) -> float:
        return getattr(self, dimension)


@dataclass(frozen=True)
class Item:
    """One record behind a score: which dimension, in which role, and whether it was on time."""

    dimension: str
    role: str
    on_time: bool
    ref: Hashable = None


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    weight: float
    lead_hits: int
    lead_total: int
    support_hits: int
    support_total: int
    rate: float | None  # None: no records that count (zero denominator)


@dataclass(frozen=True)
class UnitScore:
    dimensions: dict[str, DimensionScore]
    score: float | None

    @property
    def counted(self) -> int:
        return sum(d.lead_total + d.support_total for d in self.dimensions.values())


def dimension_score(dimension: str, items: Iterable[Item], weights: Weights) -> DimensionScore:
    lead_hits = lead_total = support_hits = support_total = 0
    for item in items:
        if item.dimension != dimension:
            continue
        if item.role == SUPPORT:
            support_total += 1
            support_hits += item.on_time
        else:
            lead_total += 1
            lead_hits += item.on_time
    denominator = lead_total + weights.support * support_total
    rate = (lead_hits + weights.support * support_hits) / denominator if denominator > 0 else None
    return DimensionScore(
        dimension, weights.of(dimension), lead_hits, lead_total, support_hits, support_total, rate
    )


def unit_score(items: Iterable[Item], weights: Weights) -> UnitScore:
    items = list(items)
    dimensions = {name: dimension_score(name, items, weights) for name in DIMENSIONS}
    scored = [d for d in dimensions.values() if d.rate is not None and d.weight > 0]
    total_weight = sum(d.weight for d in scored)
    score = 100 * sum(d.weight * d.rate for d in scored) / total_weight if total_weight > 0 else None
    return UnitScore(dimensions, score)


def rank(scores: Mapping[Hashable, float | None]) -> dict[Hashable, int | None]:
    """Competition ranking by score, highest first; unscored units get None."""
    ordered = sorted(((key, s) for key, s in scores.items() if s is not None), key=lambda pair: -pair[1])
    ranks: dict[Hashable, int | None] = {key: None for key, s in scores.items() if s is None}
    head: float | None = None
    current = 0
    for position, (key, score) in enumerate(ordered, start=1):
        if head is None or head - score > TIE_TOLERANCE:
            head, current = score, position
        ranks[key] = current
    return ranks
