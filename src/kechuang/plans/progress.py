"""Indicator progress: resolved target, expected path, completion, status, forecast.

Plain Python with no Django imports, so it is callable from the CLI on plain files and testable
without a database. The definitions are documented for users in docs/guide/progress.md:

- The nearest target at or after `as_of` is evaluated (the last one once all have passed).
- Relative targets resolve against the baseline: `x2` doubles it, `x1.3` raises it 30 %,
  `+12pp` adds 12 percentage points, `+15%/yr` compounds 15 % a year from the baseline year.
- The expected value follows a straight line from baseline to target, or a compound-growth curve
  for `%/yr` targets.
- Status: `achieved` when the latest value meets the target's comparator; once the target year has
  passed, anything else is `off_track`. Before that, the latest value is compared with the expected
  value of its own year: a shortfall within `on_track` of the baseline-to-target distance (or a
  trend forecast that meets the target) is `on_track`, within `at_risk` is `at_risk`, beyond is
  `off_track`. Without a baseline the forecast alone decides. Whatever cannot be decided honestly
  is `unknown`, with the reason.
- The forecast fits a least-squares line through the observations (with the baseline when there is
  only one observation; a log-linear line, i.e. constant growth, for `%/yr` targets) and reads it
  at the target year. Fewer than two points give no forecast.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

COMPARATORS = (">=", "<=", "=")
STATUSES = ("achieved", "on_track", "at_risk", "off_track", "unknown")
_RELATIVE = re.compile(r"^(?:x(?P<multiple>\d+(?:\.\d+)?)|\+(?P<points>\d+(?:\.\d+)?)pp|\+(?P<growth>\d+(?:\.\d+)?)%/yr)$")


@dataclass(frozen=True)
class Relative:
    """A target stated relative to the baseline."""

    kind: str  # "multiple" | "points" | "annual_growth"
    amount: float  # the multiple, the percentage points, or the annual growth as a fraction


@dataclass(frozen=True)
class Target:
    year: int | None
    value: float | None
    comparator: str = ">="
    relative: str | None = None


@dataclass(frozen=True)
class Baseline:
    year: int | None
    value: float


@dataclass(frozen=True)
class Thresholds:
    """Where on_track ends and at_risk and off_track begin.

    Shortfalls are measured against the expected value of the same year, as a fraction of the whole
    baseline-to-target distance (or of the target itself when there is no baseline).
    """

    on_track: float = 0.05
    at_risk: float = 0.15
    # An "=" target (左右) counts as met within this fraction of the target value.
    equal_tolerance: float = 0.05

    def __post_init__(self) -> None:
        if not 0 <= self.on_track <= self.at_risk:
            raise ValueError("阈值设置不正确：需要 0 ≤ on_track ≤ at_risk。")


@dataclass(frozen=True)
class Point:
    year: int
    value: float


@dataclass(frozen=True)
class Forecast:
    year: int
    value: float
    meets_target: bool


@dataclass(frozen=True)
class Progress:
    status: str
    reason: str | None
    target_year: int | None
    target_value: float | None
    expected: float | None
    completion: float | None
    latest: Point | None
    forecast: Forecast | None
    required_annual_growth: float | None
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def target(self) -> Point | None:
        if self.target_year is None or self.target_value is None:
            return None
        return Point(self.target_year, self.target_value)

    def as_contract(self) -> dict[str, Any]:
        """The public JSON object of `kechuang progress` and the progress API."""
        return {
            "status": self.status,
            "reason": self.reason,
            "target": {"year": self.target_year, "value": _round(self.target_value)},
            "expected": _round(self.expected),
            "completion": _round(self.completion),
            "latest": None if self.latest is None else {"year": self.latest.year, "value": self.latest.value},
            "forecast": None
            if self.forecast is None
            else {"year": self.forecast.year, "value": _round(self.forecast.value), "meets_target": self.forecast.meets_target},
            "required_annual_growth": _round(self.required_annual_growth),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def parse_relative(relative: str) -> Relative:
    """`x2`, `x1.3`, `+12pp`, `+15%/yr` → Relative; anything else is refused in Chinese."""
    match = _RELATIVE.match(relative.strip()) if isinstance(relative, str) else None
    if match is None:
        raise ValueError(f"相对目标“{relative}”格式不正确，应为 x2、x1.3、+12pp 或 +15%/yr。")
    if match["multiple"] is not None:
        multiple = float(match["multiple"])
        if multiple <= 0:
            raise ValueError(f"相对目标“{relative}”的倍数必须大于 0。")
        return Relative("multiple", multiple)
    if match["points"] is not None:
        return Relative("points", float(match["points"]))
    return Relative("annual_growth", float(match["growth"]) / 100)


def infer_direction(target: Target, direction: str | None) -> str:
    if direction in ("higher", "lower"):
        return direction
    if direction not in (None, ""):
        raise ValueError(f"方向“{direction}”无效，应为 higher 或 lower。")
    return "lower" if target.comparator == "<=" else "higher"


def resolve_target(target: Target, baseline: Baseline | None) -> tuple[float | None, str | None]:
    """The absolute value a target stands for, or None with the reason it cannot be resolved."""
    if target.value is not None:
        return float(target.value), None
    if target.relative is None:
        return None, "目标既无数值也无相对目标。"
    relative = parse_relative(target.relative)
    if baseline is None:
        return None, f"相对目标“{target.relative}”需要基期值，但该指标没有基期值。"
    if relative.kind == "multiple":
        return baseline.value * relative.amount, None
    if relative.kind == "points":
        return baseline.value + relative.amount, None
    if baseline.year is None or target.year is None:
        return None, f"年均增长目标“{target.relative}”需要基期年份和目标年份。"
    return baseline.value * (1 + relative.amount) ** (target.year - baseline.year), None


def _is_growth(target: Target) -> bool:
    return target.relative is not None and parse_relative(target.relative).kind == "annual_growth"


def meets(value: float, target_value: float, comparator: str, thresholds: Thresholds) -> bool:
    if comparator == ">=":
        return value >= target_value
    if comparator == "<=":
        return value <= target_value
    return abs(value - target_value) <= thresholds.equal_tolerance * abs(target_value)


def expected_value(baseline: Baseline, target_value: float, target_year: int, year: int, *, geometric: bool) -> float | None:
    """The value on the path from baseline to target in `year` (clamped to the path's ends)."""
    if baseline.year is None or target_year <= baseline.year:
        return None
    year = min(max(year, baseline.year), target_year)
    share = (year - baseline.year) / (target_year - baseline.year)
    if geometric and baseline.value > 0 and target_value > 0:
        return baseline.value * (target_value / baseline.value) ** share
    return baseline.value + (target_value - baseline.value) * share


def completion(latest: float, target_value: float, baseline: Baseline | None, direction: str) -> float | None:
    """Share of the way from baseline to target covered by the latest value (1.0 = target reached).

    Without a baseline: latest/target when higher is better, target/latest for a ceiling.
    """
    if baseline is not None and baseline.value != target_value:
        distance = target_value - baseline.value
        if (direction == "higher") == (distance > 0):
            return (latest - baseline.value) / distance
    if direction == "higher":
        return latest / target_value if target_value > 0 else None
    if latest <= target_value:
        return 1.0
    return target_value / latest if latest > 0 else None


def fit_forecast(points: list[Point], year: int, *, geometric: bool) -> float | None:
    """Least-squares line (log-linear when geometric) through the points, read at `year`."""
    if len({p.year for p in points}) < 2:
        return None
    if geometric:
        if any(p.value <= 0 for p in points):
            return None
        ys = [math.log(p.value) for p in points]
    else:
        ys = [p.value for p in points]
    xs = [p.year for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)
    value = mean_y + slope * (year - mean_x)
    return math.exp(value) if geometric else value


def required_growth(latest: Point, target_value: float, target_year: int) -> float | None:
    """Annual growth from the latest value that would exactly reach the target in its year."""
    years = target_year - latest.year
    if years <= 0 or latest.value <= 0 or target_value <= 0:
        return None
    return (target_value / latest.value) ** (1 / years) - 1


def choose_target(targets: list[Target], as_of: int) -> Target:
    """The nearest target at or after as_of; a target without a year recurs every year."""
    dated = sorted((t for t in targets if t.year is not None), key=lambda t: t.year)
    upcoming = [t for t in dated if t.year >= as_of]
    if upcoming:
        return upcoming[0]
    recurring = [t for t in targets if t.year is None]
    if recurring:
        return recurring[0]
    return dated[-1]


def _observations(observations: dict[int, float] | list[tuple[int, float]]) -> dict[int, float]:
    items = observations.items() if isinstance(observations, dict) else observations
    return {int(year): float(value) for year, value in items}


def evaluate(
    *,
    baseline: Baseline | None,
    targets: list[Target],
    observations: dict[int, float] | list[tuple[int, float]],
    as_of: int,
    direction: str | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, so one shared default is safe
) -> Progress:
    if not targets:
        raise ValueError("指标没有任何目标。")
    chosen = choose_target(targets, as_of)
    # A recurring (每年) target is judged against the year being evaluated.
    target_year = chosen.year if chosen.year is not None else as_of
    target = Target(target_year, chosen.value, chosen.comparator, chosen.relative)
    way = infer_direction(target, direction)
    geometric = _is_growth(target)
    series = {year: value for year, value in sorted(_observations(observations).items()) if year <= as_of}
    target_value, unresolved = resolve_target(target, baseline)
    inputs: dict[str, Any] = {
        "as_of": as_of,
        "baseline": None if baseline is None else asdict(baseline),
        "target": asdict(chosen),
        "resolved_target": target_value,
        "direction": way,
        "path": "geometric" if geometric else "linear",
        "observations": [{"year": y, "value": v} for y, v in series.items()],
        "thresholds": asdict(thresholds),
    }
    latest = Point(*list(series.items())[-1]) if series else None

    def result(status: str, reason: str | None, **figures: Any) -> Progress:
        return Progress(
            status=status,
            reason=reason,
            target_year=target_year,
            target_value=target_value,
            latest=latest,
            inputs=inputs,
            **{"expected": None, "completion": None, "forecast": None, "required_annual_growth": None, **figures},
        )

    if target_value is None:
        return result("unknown", unresolved)
    expected = None if baseline is None else expected_value(baseline, target_value, target_year, as_of, geometric=geometric)
    if latest is None:
        return result("unknown", "尚无监测数据。", expected=expected)

    # The trend is the observed one; the baseline joins the fit only when a single observation exists.
    points = [Point(y, v) for y, v in series.items()]
    if len(points) == 1 and baseline is not None and baseline.year is not None and baseline.year < latest.year:
        points.insert(0, Point(baseline.year, baseline.value))
    forecast_value = fit_forecast(points, target_year, geometric=geometric) if latest.year < target_year else None
    forecast = None
    if forecast_value is not None:
        forecast = Forecast(target_year, forecast_value, meets(forecast_value, target_value, target.comparator, thresholds))
    figures = {
        "expected": expected,
        "completion": completion(latest.value, target_value, baseline, way),
        "forecast": forecast,
        "required_annual_growth": required_growth(latest, target_value, target_year),
    }

    if meets(latest.value, target_value, target.comparator, thresholds):
        return result("achieved", None, **figures)
    if as_of >= target_year:
        reason = None if latest.year >= target_year else f"目标年 {target_year} 年的数据尚未报送，按 {latest.year} 年数据判断。"
        return result("off_track", reason, **figures)

    shortfall_scale = abs(target_value - baseline.value) if baseline is not None else abs(target_value)
    on_path = None if baseline is None else expected_value(baseline, target_value, target_year, latest.year, geometric=geometric)
    if on_path is None or shortfall_scale == 0:
        if forecast is None:
            return result("unknown", "没有基期值且监测数据不足两年，无法判断趋势。", **figures)
        gap = _shortfall(forecast.value, target_value, way) / (abs(target_value) or 1)
        status = "on_track" if forecast.meets_target else ("at_risk" if gap <= thresholds.at_risk else "off_track")
        return result(status, None, **figures)
    gap = _shortfall(latest.value, on_path, way) / shortfall_scale
    if gap <= thresholds.on_track or (forecast is not None and forecast.meets_target):
        return result("on_track", None, **figures)
    return result("at_risk" if gap <= thresholds.at_risk else "off_track", None, **figures)


def _shortfall(value: float, reference: float, direction: str) -> float:
    """How far `value` falls behind `reference` (0 when it is ahead)."""
    return max(0.0, reference - value) if direction == "higher" else max(0.0, value - reference)


# --- the JSON contract -------------------------------------------------------------------------


def _number(value: Any, where: str, *, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{where} 应为数字，实际为 {json.dumps(value, ensure_ascii=False)}。")
    return float(value)


def _year(value: Any, where: str, *, allow_none: bool = False) -> int | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) and not (isinstance(value, float) and value.is_integer()):
        raise ValueError(f"{where} 应为整数年份，实际为 {json.dumps(value, ensure_ascii=False)}。")
    return int(value)


def parse_contract(payload: Any) -> tuple[Baseline | None, list[Target], dict[int, float], int, str | None]:
    """Validate a `kechuang progress` input, naming the offending field in Chinese."""
    if not isinstance(payload, dict):
        raise ValueError("输入应为 JSON 对象。")
    indicator = payload.get("indicator")
    if not isinstance(indicator, dict):
        raise ValueError("缺少 indicator 对象。")
    raw_baseline = indicator.get("baseline")
    baseline = None
    if raw_baseline is not None:
        if not isinstance(raw_baseline, dict):
            raise ValueError("indicator.baseline 应为对象或 null。")
        baseline = Baseline(
            _year(raw_baseline.get("year"), "indicator.baseline.year", allow_none=True),
            _number(raw_baseline.get("value"), "indicator.baseline.value"),
        )
    raw_targets = indicator.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        raise ValueError("indicator.targets 应为非空数组。")
    targets = []
    for index, raw in enumerate(raw_targets):
        where = f"indicator.targets[{index}]"
        if not isinstance(raw, dict):
            raise ValueError(f"{where} 应为对象。")
        comparator = raw.get("comparator") or ">="
        if comparator not in COMPARATORS:
            raise ValueError(f"{where}.comparator 应为 >=、<= 或 =，实际为 {json.dumps(comparator, ensure_ascii=False)}。")
        relative = raw.get("relative")
        if relative is not None:
            if not isinstance(relative, str):
                raise ValueError(f"{where}.relative 应为字符串或 null。")
            try:
                parse_relative(relative)
            except ValueError as exc:
                raise ValueError(f"{where}.relative：{exc}") from None
        value = _number(raw.get("value"), f"{where}.value", allow_none=True)
        if value is None and relative is None:
            raise ValueError(f"{where}：value 与 relative 至少要有一个。")
        targets.append(Target(_year(raw.get("year"), f"{where}.year", allow_none=True), value, comparator, relative))
    raw_observations = payload.get("observations", [])
    if not isinstance(raw_observations, list):
        raise ValueError("observations 应为数组。")
    observations: dict[int, float] = {}
    for index, raw in enumerate(raw_observations):
        if not isinstance(raw, dict):
            raise ValueError(f"observations[{index}] 应为对象。")
        observations[_year(raw.get("year"), f"observations[{index}].year")] = _number(raw.get("value"), f"observations[{index}].value")
    as_of = _year(payload.get("as_of"), "as_of")
    direction = indicator.get("direction")
    if direction not in (None, "higher", "lower"):
        raise ValueError("indicator.direction 应为 higher、lower 或 null。")
    return baseline, targets, observations, as_of, direction


def evaluate_contract(payload: dict, thresholds: Thresholds | None = None) -> dict[str, Any]:
    baseline, targets, observations, as_of, direction = parse_contract(payload)
    progress = evaluate(
        baseline=baseline, targets=targets, observations=observations, as_of=as_of, direction=direction,
        thresholds=thresholds or Thresholds(),
    )
    return progress.as_contract()


def main(argv: list[str] | None = None) -> int:
    """`kechuang progress FILE.json` (or `-` for standard input): print the progress object."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("用法：kechuang progress 文件.json（或 - 表示标准输入）\n")
        return 2
    try:
        text = sys.stdin.read() if args[0] == "-" else Path(args[0]).read_text(encoding="utf-8-sig")
        result = evaluate_contract(json.loads(text))
    except OSError as exc:
        sys.stderr.write(f"无法读取 {args[0]}：{exc.strerror}\n")
        return 2
    except json.JSONDecodeError as exc:
        sys.stderr.write(f"{args[0]} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列。\n")
        return 2
    except ValueError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
