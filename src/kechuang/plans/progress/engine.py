"""The progress maths: targets, paths, completion, status and forecast for one indicator."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from kechuang.core.codes import CodedError, Message

COMPARATORS = (">=", "<=", "=")
STATUSES = ("achieved", "on_track", "at_risk", "off_track", "unknown")
COMPARATOR_ALIASES = {"≥": ">=", "≤": "<=", "==": "="}
_RELATIVE = re.compile(
    r"^(?:[x×](?P<multiple>\d+(?:\.\d+)?)|(?P<sign>[+-])(?P<amount>\d+(?:\.\d+)?)(?P<unit>pp|%/yr))$"
)
# Resolved targets carry float noise (100 × 1.3 = 130.00000000000003); a value equal to the
# target in every printed digit must meet it.
_EPSILON = 1e-9


@dataclass(frozen=True)
class Relative:
    """A target stated relative to the baseline."""

    kind: str  # "multiple" | "points" | "annual_growth"
    amount: float  # the multiple; the signed percentage points; the signed annual growth as a fraction


@dataclass(frozen=True)
class Target:
    year: int | None  # None: every year (每年), or a year the document masks (year_unknown)
    value: float | None
    comparator: str = ">="
    relative: str | None = None
    # The document gives a year but masks it (20XX, 201*): not a recurring target.
    year_unknown: bool = False


@dataclass(frozen=True)
class Baseline:
    year: int | None
    value: float


@dataclass(frozen=True)
class Thresholds:
    """The bands between on_track, at_risk and off_track.

    `on_track` and `at_risk` bound the latest value's shortfall behind the expected path, as a share
    of the baseline-to-target distance (of the target itself when there is no path).
    """

    on_track: float = 0.05
    at_risk: float = 0.15
    # An "=" target (左右) is met within this share of the target value, either side.
    equal_tolerance: float = 0.05

    def __post_init__(self) -> None:
        if not 0 <= self.on_track <= self.at_risk or self.equal_tolerance < 0:
            raise CodedError("thresholds_invalid")


@dataclass(frozen=True)
class Point:
    year: int
    value: float


@dataclass(frozen=True)
class TargetPoint:
    """The evaluated target; `year` is None for a recurring target, `value` None when unresolvable."""

    year: int | None
    value: float | None


@dataclass(frozen=True)
class Forecast:
    year: int
    value: float
    meets_target: bool


@dataclass(frozen=True)
class Progress:
    status: str
    # Why the status is what it is, when it needs saying; always given for unknown.
    reasons: tuple[Message, ...]
    target: TargetPoint
    expected: float | None
    completion: float | None
    latest: Point | None
    forecast: Forecast | None
    required_annual_growth: float | None
    # What the figures were computed from, so each one can be defended.
    inputs: dict[str, Any]

    def as_contract(self) -> dict[str, Any]:
        """The public JSON object of `kechuang progress` and the progress API, less the reason's
        text: the Django layer adds that (kechuang.plans.messages.with_reason)."""
        return {
            "status": self.status,
            "reasons": [reason.as_json() for reason in self.reasons],
            "target": {"year": self.target.year, "value": _round(self.target.value)},
            "expected": _round(self.expected),
            "completion": _round(self.completion),
            "latest": None if self.latest is None else {"year": self.latest.year, "value": self.latest.value},
            "forecast": None
            if self.forecast is None
            else {
                "year": self.forecast.year,
                "value": _round(self.forecast.value),
                "meets_target": self.forecast.meets_target,
            },
            "required_annual_growth": _round(self.required_annual_growth),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


# --- inputs ------------------------------------------------------------------------------------


def parse_relative(relative: str) -> Relative:
    """`x2`, `x1.3`, `+12pp`, `+15%/yr` (and the falling forms `-2pp`, `-3%/yr`) → Relative."""
    match = _RELATIVE.match(relative.strip()) if isinstance(relative, str) else None
    if match is None:
        raise CodedError("relative_invalid", relative=str(relative))
    if match["multiple"] is not None:
        multiple = float(match["multiple"])
        if multiple <= 0:
            raise CodedError("relative_multiple_not_positive", relative=relative)
        return Relative("multiple", multiple)
    amount = float(match["amount"]) * (-1 if match["sign"] == "-" else 1)
    if match["unit"] == "pp":
        return Relative("points", amount)
    if amount <= -100:
        raise CodedError("relative_decline_too_steep", relative=relative)
    return Relative("annual_growth", amount / 100)


def period_rank(period: Any) -> int:
    """Order of a sub-annual period inside its year; an annual figure (None) outranks them all.

    Accepted: None/"Y"/"年" (the year), month numbers 1–12 or "M1"–"M12" or "YYYY-MM", "Q1"–"Q4",
    "H1"–"H2". Quarterly and monthly figures are read as year-to-date, so the last one stands for
    the year until the annual figure arrives.
    """
    if period is None or period in ("Y", "年", ""):
        return 13
    text = "" if isinstance(period, bool) else str(period).strip().upper()
    month = None
    if match := re.fullmatch(r"(?:\d{4}-)?M?(\d{1,2})", text):
        month = int(match[1])
    elif match := re.fullmatch(r"([QH])([1-4])", text):
        month = int(match[2]) * (3 if match[1] == "Q" else 6)
    if month is not None and 1 <= month <= 12:
        return month
    raise CodedError("period_invalid", period=str(period))


def annual_values(observations: dict[int, float] | list[tuple[Any, ...]]) -> dict[int, float]:
    """One value per year from (year, value) or (year, period, value) observations, in year order."""
    items = list(observations.items()) if isinstance(observations, dict) else list(observations)
    best: dict[int, tuple[int, float]] = {}
    for item in items:
        if len(item) == 2:
            year, value = item
            period = None
        elif len(item) == 3:
            year, period, value = item
        else:
            raise CodedError("observation_shape", observation=repr(item))
        value = float(value)
        if not math.isfinite(value):
            raise CodedError("observation_not_finite", year=year)
        rank = period_rank(period)
        # Equal ranks: the later entry is the later report, which supersedes.
        if int(year) not in best or rank >= best[int(year)][0]:
            best[int(year)] = (rank, value)
    return {year: best[year][1] for year in sorted(best)}


def choose_target(targets: list[Target], as_of: int) -> Target:
    """The nearest target at or after as_of; a recurring one next; else the last dated target."""
    dated = sorted((t for t in targets if t.year is not None), key=lambda t: t.year or 0)
    upcoming = [t for t in dated if t.year is not None and t.year >= as_of]
    if upcoming:
        return upcoming[0]
    recurring = [t for t in targets if t.year is None]
    return recurring[0] if recurring else dated[-1]


def resolve_target(target: Target, baseline: Baseline | None) -> tuple[float | None, Message | None]:
    """The absolute value a dated target stands for, or None with the reason it cannot be had."""
    if target.value is not None:
        return float(target.value), None
    if target.relative is None:
        return None, Message("target_empty")
    relative = parse_relative(target.relative)
    if baseline is None:
        return None, Message("relative_needs_baseline", {"relative": target.relative})
    if relative.kind == "points":
        return _resolved(baseline.value + relative.amount, target.relative)
    if baseline.value <= 0:
        return None, Message("relative_baseline_not_positive", {"baseline": baseline.value, "relative": target.relative})
    if relative.kind == "multiple":
        return _resolved(baseline.value * relative.amount, target.relative)
    if baseline.year is None or target.year is None:
        return None, Message("growth_needs_years", {"relative": target.relative})
    if target.year <= baseline.year:
        return None, Message("growth_years_reversed", {"target_year": target.year, "baseline_year": baseline.year})
    try:
        value = _finite(baseline.value * (1 + relative.amount) ** (target.year - baseline.year))
    except OverflowError:
        value = None
    if value is None:
        return None, Message("target_out_of_range", {"relative": target.relative})
    return value, None


def _resolved(value: float, relative: str) -> tuple[float | None, Message | None]:
    if math.isfinite(value):
        return value, None
    return None, Message("target_out_of_range", {"relative": relative})


def infer_direction(
    comparator: str, direction: str | None, baseline: Baseline | None, target_value: float | None
) -> str:
    """Explicit direction first; else `<=` is lower-is-better, `=` follows the way from baseline."""
    if direction in ("higher", "lower"):
        return direction
    if direction not in (None, ""):
        raise CodedError("direction_invalid", direction=str(direction))
    if comparator == "<=":
        return "lower"
    if (
        comparator == "="
        and baseline is not None
        and target_value is not None
        and target_value < baseline.value
    ):
        return "lower"
    return "higher"


# --- the maths ---------------------------------------------------------------------------------


def meets(value: float, target_value: float, comparator: str, thresholds: Thresholds) -> bool:
    slack = _EPSILON * max(1.0, abs(target_value))
    if comparator == ">=":
        return value >= target_value - slack
    if comparator == "<=":
        return value <= target_value + slack
    return abs(value - target_value) <= thresholds.equal_tolerance * abs(target_value) + slack


def expected_value(
    baseline: Baseline, target_value: float, target_year: int, year: int, *, geometric: bool
) -> float | None:
    """The value on the path from baseline to target in `year` (held at the ends outside them)."""
    if baseline.year is None or target_year <= baseline.year:
        return None
    year = min(max(year, baseline.year), target_year)
    share = (year - baseline.year) / (target_year - baseline.year)
    if geometric and baseline.value > 0 and target_value > 0:
        # In logarithms: the ratio of a tiny baseline to its target can overflow a float.
        log_base = math.log(baseline.value)
        return _finite(math.exp(log_base + (math.log(target_value) - log_base) * share))
    return _finite(baseline.value + (target_value - baseline.value) * share)


def completion(latest: float, target_value: float, baseline: Baseline | None, direction: str) -> float | None:
    """Share of the way from baseline to target covered by the latest value (1.0 = reached).

    Without a usable baseline (none, or already past the target): latest/target when higher is
    better; for a ceiling 1.0 at or under it, else target/latest.
    """
    if baseline is not None and baseline.value != target_value:
        distance = target_value - baseline.value
        if (direction == "higher") == (distance > 0):
            return (latest - baseline.value) / distance
    if direction == "higher":
        return latest / target_value if target_value > 0 else None
    if latest <= target_value:
        return 1.0
    return target_value / latest if latest > 0 and target_value >= 0 else None


def fit_forecast(points: list[Point], year: int, *, geometric: bool) -> float | None:
    """Least-squares line (log-linear when geometric) through the points, read at `year`."""
    if len({p.year for p in points}) < 2 or (geometric and any(p.value <= 0 for p in points)):
        return None
    xs = [p.year for p in points]
    ys = [math.log(p.value) if geometric else p.value for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    value = mean_y + slope * (year - mean_x)
    try:
        return _finite(math.exp(value) if geometric else value)
    except OverflowError:
        return None


def required_growth(latest: Point, target_value: float, target_year: int) -> float | None:
    """Annual growth from the latest value that would land exactly on the target in its year."""
    years = target_year - latest.year
    if years <= 0 or latest.value <= 0 or target_value <= 0:
        return None
    try:
        return _finite((target_value / latest.value) ** (1 / years) - 1)
    except OverflowError:
        return None


def _shortfall(value: float, reference: float, direction: str, comparator: str) -> float:
    """How far `value` falls behind `reference` (0 when ahead; an "=" target is missed either way)."""
    if comparator == "=":
        return abs(value - reference)
    return max(0.0, reference - value) if direction == "higher" else max(0.0, value - reference)



def _as_dict(record: Any) -> dict[str, Any]:
    """A flat record (numbers and strings only) as a dict, as dataclasses.asdict gives it without
    its recursive deep copy: a plan dashboard makes thousands of these."""
    return dict(vars(record))

# --- evaluation --------------------------------------------------------------------------------


def evaluate(
    *,
    baseline: Baseline | None,
    targets: list[Target],
    observations: dict[int, float] | list[tuple[Any, ...]],
    as_of: int,
    direction: str | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so one shared default is safe
) -> Progress:
    """Progress of one indicator as of the year `as_of` (observations after it are ignored)."""
    if not targets:
        raise CodedError("no_targets")
    if baseline is not None and not math.isfinite(baseline.value):
        raise CodedError("baseline_not_finite")
    for target in targets:
        if target.comparator not in COMPARATORS:
            raise CodedError("comparator_invalid", comparator=str(target.comparator))
    series = {year: value for year, value in annual_values(observations).items() if year <= as_of}
    latest = Point(*list(series.items())[-1]) if series else None
    chosen = choose_target(targets, as_of)
    if chosen.year is None:
        return _evaluate_recurring(chosen, baseline, series, latest, as_of, direction, thresholds)

    target_year = chosen.year
    target_value, unresolved = resolve_target(chosen, baseline)
    way = infer_direction(chosen.comparator, direction, baseline, target_value)
    geometric = chosen.relative is not None and parse_relative(chosen.relative).kind == "annual_growth"
    inputs: dict[str, Any] = {
        "as_of": as_of,
        "baseline": None if baseline is None else _as_dict(baseline),
        "target": _as_dict(chosen),
        "resolved_target": target_value,
        "direction": way,
        "path": "geometric" if geometric else "linear",
        "observations": [_as_dict(Point(y, v)) for y, v in series.items()],
        "thresholds": _as_dict(thresholds),
    }

    def result(status: str, *reasons: Message | None, **figures: Any) -> Progress:
        blank = {"expected": None, "completion": None, "forecast": None, "required_annual_growth": None}
        figures, dropped = _drop_non_finite({**blank, **figures})
        return Progress(
            status,
            tuple(reason for reason in (*reasons, dropped) if reason is not None),
            TargetPoint(target_year, target_value),
            latest=latest,
            inputs=inputs,
            **figures,
        )

    if target_value is None:
        return result("unknown", unresolved)
    expected = (
        None
        if baseline is None
        else expected_value(baseline, target_value, target_year, as_of, geometric=geometric)
    )
    if latest is None:
        return result("unknown", Message("no_observations"), expected=expected)

    forecast = None
    if latest.year < target_year:
        points = [Point(y, v) for y, v in series.items()]
        # The baseline is the first point of the trend, unless that year was observed too.
        if baseline is not None and baseline.year is not None and baseline.year not in series:
            points = sorted([Point(baseline.year, baseline.value), *points], key=lambda p: p.year)
        inputs["forecast_fit"] = {
            "method": "log_linear" if geometric else "linear",
            "points": [_as_dict(p) for p in points],
        }
        value = fit_forecast(points, target_year, geometric=geometric)
        if value is not None:
            forecast = Forecast(target_year, value, meets(value, target_value, chosen.comparator, thresholds))
    figures = {
        "expected": expected,
        "completion": completion(latest.value, target_value, baseline, way),
        "forecast": forecast,
        "required_annual_growth": required_growth(latest, target_value, target_year)
        if as_of <= target_year
        else None,
    }
    missing_year = _missing_year(baseline, chosen)

    if as_of > target_year or latest.year >= target_year:
        status, reason, deciding = _judge_passed(
            chosen.comparator, target_year, target_value, series, latest, thresholds
        )
        # The target year's value decides: no path is needed, so an unknown baseline year does not matter.
        inputs["deciding"] = _as_dict(deciding)
        return result(status, reason, **figures)
    if meets(latest.value, target_value, chosen.comparator, thresholds):
        inputs["deciding"] = _as_dict(latest)
        return result("achieved", **figures)

    inputs["deciding"] = _as_dict(latest)
    if missing_year is not None:
        return result("unknown", missing_year, **figures)
    on_path = (
        None
        if baseline is None
        else expected_value(baseline, target_value, target_year, latest.year, geometric=geometric)
    )
    if baseline is None or on_path is None:
        if forecast is None:
            why = (
                Message("no_baseline_short_series")
                if baseline is None
                else Message("baseline_not_before_target_short_series")
            )
            return result("unknown", why, **figures)
        gap = _shortfall(forecast.value, target_value, way, chosen.comparator) / (abs(target_value) or 1.0)
        inputs["judged_by"] = {"forecast_shortfall": gap}
        status = (
            "on_track" if forecast.meets_target else "at_risk" if gap <= thresholds.at_risk else "off_track"
        )
        return result(status, **figures)
    scale = abs(target_value - baseline.value) or abs(target_value) or 1.0
    gap = _shortfall(latest.value, on_path, way, chosen.comparator) / scale
    inputs["judged_by"] = {"expected_at_latest": on_path, "shortfall": gap}
    if gap <= thresholds.on_track or (forecast is not None and forecast.meets_target):
        return result("on_track", **figures)
    return result("at_risk" if gap <= thresholds.at_risk else "off_track", **figures)


def _missing_year(baseline: Baseline | None, target: Target) -> Message | None:
    """Which year a path would need that the indicator does not know (masked in the document, 20XX).

    Without it the latest value can only be found to meet the target; a shortfall cannot be judged.
    """
    baseline_unknown = baseline is not None and baseline.year is None
    if baseline_unknown and target.year_unknown:
        return Message("baseline_and_target_year_unknown")
    if baseline_unknown:
        return Message("baseline_year_unknown")
    return Message("target_year_unknown") if target.year_unknown else None


def _drop_non_finite(figures: dict[str, Any]) -> tuple[dict[str, Any], Message | None]:
    """Figures that overflowed (extreme or denormal inputs) become None, and a reason says which."""
    dropped = []
    for name, figure in figures.items():
        number = figure.value if isinstance(figure, Forecast) else figure
        if number is not None and not math.isfinite(number):
            figures[name] = None
            dropped.append(Message(f"figure_{name}"))
    return figures, Message("figures_out_of_range", {"figures": dropped}) if dropped else None


def _judge_passed(
    comparator: str,
    target_year: int,
    target_value: float,
    series: dict[int, float],
    latest: Point,
    thresholds: Thresholds,
) -> tuple[str, Message | None, Point]:
    """A target whose year is over, or whose year's value is in: achieved or off_track only.

    The value of the target year decides (that is what the plan promised); without it, the latest
    value stands in and the reason says so.
    """
    deciding = Point(target_year, series[target_year]) if target_year in series else latest
    met = meets(deciding.value, target_value, comparator, thresholds)
    latest_met = meets(latest.value, target_value, comparator, thresholds)
    reason = None
    if deciding.year != target_year:
        reason = Message("target_year_without_data", {"target_year": target_year, "year": deciding.year})
    elif latest.year > target_year and latest_met != met:
        later = {"target_year": target_year, "year": latest.year, "value": latest.value}
        reason = (
            Message("target_year_missed_later_met", later)
            if latest_met
            else Message("target_year_met_later_missed", later)
        )
    return ("achieved" if met else "off_track"), reason, deciding


def _evaluate_recurring(
    chosen: Target,
    baseline: Baseline | None,
    series: dict[int, float],
    latest: Point | None,
    as_of: int,
    direction: str | None,
    thresholds: Thresholds,
) -> Progress:
    """A target without a year: 每年 …, which holds for every year, or one of a masked year (20XX).

    The latest year's value is judged against it: achieved when it meets it; a shortfall is
    off_track for a recurring target, unknown for a masked year (it cannot be missed before its year
    is known). A `%/yr` form means growth over the year before (its observation, or the baseline
    when it is of that year). No path, forecast or required growth: there is no target year to aim at.
    """
    relative = None if chosen.relative is None else parse_relative(chosen.relative)
    target_value: float | None = None
    reason: Message | None = None
    reference = None
    if chosen.value is not None:
        target_value = float(chosen.value)
    elif relative is not None and relative.kind == "annual_growth":
        if latest is None:
            reason = Message("no_observations")
        else:
            previous = latest.year - 1
            if previous in series:
                reference = Point(previous, series[previous])
            elif baseline is not None and baseline.year == previous:
                reference = Point(previous, baseline.value)
            if reference is None:
                reason = Message("recurring_growth_needs_previous", {"relative": chosen.relative, "year": previous})
            elif reference.value <= 0:
                reason = Message("recurring_previous_not_positive", {"year": previous, "value": reference.value})
            else:
                target_value, reason = _resolved(reference.value * (1 + relative.amount), chosen.relative or "")
    else:
        target_value, reason = resolve_target(chosen, baseline)
    way = infer_direction(chosen.comparator, direction, baseline, target_value)
    inputs: dict[str, Any] = {
        "as_of": as_of,
        "baseline": None if baseline is None else _as_dict(baseline),
        "target": _as_dict(chosen),
        "resolved_target": target_value,
        "target_reference": None if reference is None else _as_dict(reference),
        "direction": way,
        "path": "recurring",
        "observations": [_as_dict(Point(y, v)) for y, v in series.items()],
        "thresholds": _as_dict(thresholds),
    }
    target = TargetPoint(None, target_value)
    if target_value is None or latest is None:
        return Progress(
            "unknown", (reason or Message("no_observations"),), target, None, None, latest, None, None, inputs
        )
    inputs["deciding"] = _as_dict(latest)
    figures, dropped = _drop_non_finite({"completion": completion(latest.value, target_value, None, way)})
    if meets(latest.value, target_value, chosen.comparator, thresholds):
        status = "achieved"
        note = (
            None
            if latest.year == as_of
            else Message("recurring_judged_on_earlier_year", {"as_of": as_of, "year": latest.year})
        )
    elif chosen.year_unknown:
        status, note = "unknown", _missing_year(baseline, chosen)
    else:
        status, note = "off_track", None
    reasons = tuple(reason for reason in (note, dropped) if reason is not None)
    return Progress(status, reasons, target, None, figures["completion"], latest, None, None, inputs)
