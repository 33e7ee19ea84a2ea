"""Reads of plans and indicators: progress figures and chart series, as plain data.

The pages and the API take their figures from here; templates never aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet

from kechuang.core.codes import Message

from .choices import ObservationStatus, ProgressStatus
from .messages import with_reason
from .models import Indicator, Observation, Plan, StatusOverride
from .progress import (
    Baseline,
    Progress,
    Target,
    Thresholds,
    annual_values,
    choose_target,
    evaluate,
    expected_value,
    parse_relative,
    resolve_target,
)


def thresholds() -> Thresholds:
    return Thresholds(
        on_track=settings.KECHUANG_PROGRESS_ON_TRACK,
        at_risk=settings.KECHUANG_PROGRESS_AT_RISK,
        equal_tolerance=settings.KECHUANG_PROGRESS_EQUAL_TOLERANCE,
    )


@dataclass(frozen=True)
class Figure:
    """A verified observation as progress reads it: no model instance, no evidence file."""

    year: int
    period: str
    value: float


def verified_figures(indicators: QuerySet[Indicator]) -> dict[int, list[Figure]]:
    """The verified figures of many indicators in one query, by indicator id, in year order.

    Plain tuples rather than Observation instances: a dashboard reads thousands of them.
    """
    figures: dict[int, list[Figure]] = {}
    rows = (
        Observation.objects.filter(indicator__in=indicators, status=ObservationStatus.VERIFIED)
        .order_by("indicator_id", "year", "period").values_list("indicator_id", "year", "period", "value")
    )
    for indicator_id, year, period, value in rows:
        figures.setdefault(indicator_id, []).append(Figure(year, period, value))
    return figures


def _verified(indicator: Indicator) -> list[Observation] | list[Figure]:
    """Verified figures, from `verified_figures` attached by `with_progress_data` when there."""
    attached = getattr(indicator, "verified_observations", None)
    return list(indicator.observations.verified()) if attached is None else attached


def engine_inputs(indicator: Indicator, observations: list[Observation] | None = None) -> dict:
    """The progress engine's keyword arguments for an indicator; only verified observations count.

    Pass `observations` (or prefetch with `with_progress_data`) to evaluate many indicators without
    a query each.
    """
    if observations is None:
        observations = _verified(indicator)
    baseline = None
    if indicator.baseline_value is not None:
        baseline = Baseline(indicator.baseline_year, indicator.baseline_value)
    targets = [Target(t.year, t.value, t.comparator, t.relative or None, t.year_unknown) for t in indicator.targets.all()]
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


def no_target_contract() -> dict[str, Any]:
    """The contract object for an indicator without targets: unknown, with the reason."""
    return with_reason({
        "status": ProgressStatus.UNKNOWN.value,
        "reasons": [Message("no_target").as_json()],
        "target": {"year": None, "value": None},
        "expected": None,
        "completion": None,
        "latest": None,
        "forecast": None,
        "required_annual_growth": None,
    })


def progress_contract(indicator: Indicator, as_of: int) -> dict[str, Any]:
    """Exactly the object `kechuang progress` prints, for a stored indicator."""
    progress = indicator_progress(indicator, as_of)
    return no_target_contract() if progress is None else with_reason(progress.as_contract())


def status_override(indicator: Indicator, as_of: int) -> StatusOverride | None:
    prefetched = getattr(indicator, "year_overrides", None)
    if prefetched is not None:
        return next((o for o in prefetched if o.year == as_of), None)
    return indicator.status_overrides.filter(year=as_of).first()


def with_progress_data(queryset: QuerySet[Indicator], as_of: int | None = None) -> list[Indicator]:
    """The indicators with what progress needs (targets, verified figures, the year's overrides).

    A constant number of queries however many indicators there are. The plan is not joined: its
    source file and text would come along once per indicator.
    """
    overrides = StatusOverride.objects.select_related("created_by")
    if as_of is not None:
        overrides = overrides.filter(year=as_of)
    indicators = list(queryset.select_related("responsible_unit").prefetch_related(
        "targets", Prefetch("status_overrides", queryset=overrides, to_attr="year_overrides"),
    ))
    figures = verified_figures(queryset)
    for indicator in indicators:
        indicator.verified_observations = figures.get(indicator.pk, [])
    return indicators


@dataclass
class IndicatorRow:
    """One indicator on the plan dashboard, as of a year."""

    indicator: Indicator
    # The contract object (status, reason, target, expected, completion, latest, forecast,
    # required_annual_growth); `progress` is the engine's full result, None without targets.
    contract: dict[str, Any]
    progress: Progress | None
    override: StatusOverride | None
    # Verified annual values up to as_of, [(year, value)], for the trend sparkline.
    sparkline: list[tuple[int, float]] = field(default_factory=list)

    @property
    def computed_status(self) -> str:
        return self.contract["status"]

    @property
    def status(self) -> str:
        """The status to show first: the bureau's override where there is one."""
        return self.override.status if self.override is not None else self.computed_status

    @property
    def status_label(self) -> str:
        return str(ProgressStatus(self.status).label)

    @property
    def computed_status_label(self) -> str:
        return str(ProgressStatus(self.computed_status).label)


def indicator_row(indicator: Indicator, as_of: int) -> IndicatorRow:
    """An IndicatorRow; query-free when the indicator came through `with_progress_data`."""
    verified = _verified(indicator)
    progress = indicator_progress(indicator, as_of, verified)
    series = annual_values([(o.year, o.period or None, o.value) for o in verified])
    return IndicatorRow(
        indicator=indicator,
        contract=no_target_contract() if progress is None else with_reason(progress.as_contract()),
        progress=progress,
        override=status_override(indicator, as_of),
        sparkline=[(year, value) for year, value in series.items() if year <= as_of],
    )


def plan_overview(plan: Plan, as_of: int, indicators: QuerySet[Indicator] | None = None) -> list[IndicatorRow]:
    """Every indicator of a plan with its progress, override and sparkline, in plan order.

    Four queries whatever the number of indicators. Pass `indicators` (a filtered queryset of the
    plan's indicators) to show a subset.
    """
    queryset = plan.indicators.all() if indicators is None else indicators.filter(plan=plan)
    rows = []
    for indicator in with_progress_data(queryset, as_of):
        indicator.plan = plan  # the plan at hand, rather than a copy of it (and its source file) per indicator
        rows.append(indicator_row(indicator, as_of))
    return rows


def status_counts(rows: list[IndicatorRow]) -> dict[str, int]:
    """How many indicators show each status (override first), in ProgressStatus order."""
    counts = {status: 0 for status in ProgressStatus.values}
    for row in rows:
        counts[row.status] += 1
    return counts


def indicator_chart(indicator: Indicator, as_of: int) -> dict[str, Any]:
    """Plain series for the indicator page's ECharts chart.

    `expected`: the path from baseline to the evaluated target, one point a year; `actual`: verified
    annual values up to as_of; `forecast`: the trend forecast point and `forecast_line` from the
    latest value to it; `targets`: every target resolved to a value (markers); `years`: the x axis.
    Points are [year, value] pairs.
    """
    inputs = engine_inputs(indicator)
    baseline: Baseline | None = inputs["baseline"]
    series = annual_values(inputs["observations"])
    actual = [[year, value] for year, value in series.items() if year <= as_of]
    chart: dict[str, Any] = {
        "name": indicator.name,
        "unit": indicator.unit,
        "as_of": as_of,
        "baseline": None if baseline is None else {"year": baseline.year, "value": baseline.value},
        "actual": actual,
        "expected": [],
        "targets": [],
        "forecast": None,
        "forecast_line": [],
        "years": [],
    }
    targets: list[Target] = inputs["targets"]
    for target in sorted(targets, key=lambda t: (t.year is None, t.year or 0)):
        value, _reason = resolve_target(target, baseline)
        if value is not None:
            chart["targets"].append({"year": target.year, "value": value, "comparator": target.comparator})
    if targets:
        chosen = choose_target(targets, as_of)
        value, _reason = resolve_target(chosen, baseline)
        if chosen.year is not None and value is not None and baseline is not None and baseline.year is not None:
            geometric = chosen.relative is not None and parse_relative(chosen.relative).kind == "annual_growth"
            for year in range(baseline.year, chosen.year + 1):
                point = expected_value(baseline, value, chosen.year, year, geometric=geometric)
                if point is not None:
                    chart["expected"].append([year, point])
        progress = evaluate(**inputs, as_of=as_of, thresholds=thresholds())
        if progress.forecast is not None and progress.latest is not None:
            forecast = progress.forecast
            chart["forecast"] = {"year": forecast.year, "value": forecast.value, "meets_target": forecast.meets_target}
            chart["forecast_line"] = [[progress.latest.year, progress.latest.value], [forecast.year, forecast.value]]
    years = {point[0] for key in ("actual", "expected", "forecast_line") for point in chart[key]}
    years |= {t["year"] for t in chart["targets"] if t["year"] is not None}
    if baseline is not None and baseline.year is not None:
        years.add(baseline.year)
    chart["years"] = sorted(years)
    return chart


def deletion_summary(indicator: Indicator) -> dict[str, int]:
    """What deleting an indicator would remove, for its confirmation page."""
    counts = dict(
        indicator.observations.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "targets": indicator.targets.count(),
        "observations": sum(counts.values()),
        "verified": counts.get(ObservationStatus.VERIFIED, 0),
        "overrides": indicator.status_overrides.count(),
    }
