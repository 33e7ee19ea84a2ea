"""Reads of plans and indicators: progress figures and chart series, as plain data."""

from __future__ import annotations

from django.conf import settings

from .models import Indicator, Observation, StatusOverride
from .progress import Baseline, Progress, Target, Thresholds, evaluate


def thresholds() -> Thresholds:
    return Thresholds(
        on_track=settings.KECHUANG_PROGRESS_ON_TRACK,
        at_risk=settings.KECHUANG_PROGRESS_AT_RISK,
        equal_tolerance=settings.KECHUANG_PROGRESS_EQUAL_TOLERANCE,
    )


def engine_inputs(indicator: Indicator, observations: list[Observation] | None = None) -> dict:
    """The progress engine's keyword arguments for an indicator; only verified observations count.

    Pass `observations` (and prefetch `targets`) to evaluate many indicators without a query each.
    """
    if observations is None:
        observations = list(indicator.observations.verified())
    baseline = None
    if indicator.baseline_value is not None:
        baseline = Baseline(indicator.baseline_year, indicator.baseline_value)
    targets = [Target(t.year, t.value, t.comparator, t.relative or None) for t in indicator.targets.all()]
    return {
        "baseline": baseline,
        "targets": targets,
        "observations": [(o.year, o.period or None, o.value) for o in observations],
        "direction": indicator.direction or None,
    }


def indicator_progress(
    indicator: Indicator, as_of: int, observations: list[Observation] | None = None
) -> Progress | None:
    """The engine's verdict on an indicator as of a year; None when it has no target."""
    inputs = engine_inputs(indicator, observations)
    if not inputs["targets"]:
        return None
    return evaluate(**inputs, as_of=as_of, thresholds=thresholds())


def status_override(indicator: Indicator, as_of: int) -> StatusOverride | None:
    return indicator.status_overrides.filter(year=as_of).first()
