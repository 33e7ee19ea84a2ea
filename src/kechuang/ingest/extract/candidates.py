"""What the indicator readers collect: candidate indicators, achieved figures (facts) and the parts of a
document (a compilation has several), shared by the prose and the table readers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Candidate:
    name: str
    unit: str | None
    targets: list[dict]
    quote: str
    part: int
    from_table: bool = False
    line: int = 0  # the number of the line it was read from
    scope: str | None = None
    baseline: dict | None = None
    attribute: str | None = None

    def as_gold(self) -> dict:
        return {
            "name": self.name,
            "unit": self.unit,
            "scope": self.scope,
            "baseline": self.baseline,
            "targets": self.targets,
            "attribute": self.attribute,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Fact:
    name: str
    unit: str | None
    value: float | int
    year: int | None


@dataclass
class Part:
    index: int
    horizon: int | None
    start: int | None  # the plan's first year: a figure for an earlier year is a baseline
    scope: str | None
    candidates: list[Candidate] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)  # achieved figures: baselines, level units
