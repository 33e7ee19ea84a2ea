"""Indicator progress: resolved target, expected path, completion, status, forecast.

Plain Python with no Django imports, so it runs from the CLI on plain files and is tested without a
database. docs/guide/progress.md states every definition for users; in short:

- The nearest target at or after `as_of` is evaluated (the last one once all have passed). A target
  without a year (每年, or a masked 20XX) is a recurring target, judged on the latest year's value.
- Relative targets resolve against the baseline: `x2` doubles it, `x1.3` raises it 30 %, `+12pp`
  adds 12 points, `+15%/yr` compounds 15 % a year from the baseline year to the target year.
- The expected path runs straight from baseline to target, or along compound growth for `%/yr`.
- `achieved` when the deciding value meets the comparator. Once the target year is over (or its
  value is in) anything else is `off_track`. Before that, the latest value's shortfall behind the
  path in its own year, as a share of the whole baseline-to-target distance, grades it: within
  `Thresholds.on_track` (or with a trend forecast that meets the target) `on_track`, within
  `Thresholds.at_risk` `at_risk`, else `off_track`. What cannot be decided honestly is `unknown`.
- Without a known baseline year or target year (masked in the document: 20XX) there is no path: the
  indicator is `achieved` when its latest value meets the target, else `unknown`, never behind.
- Reasons are `kechuang.core.codes.Message` codes with parameters; `kechuang.plans.messages`
  gives their Chinese text.
- The forecast is a least-squares line through the annual observations and the baseline
  (log-linear, i.e. constant growth, for `%/yr` targets), read at the target year.
"""

from __future__ import annotations

from kechuang.plans.progress.contract import evaluate_contract, parse_contract
from kechuang.plans.progress.engine import (
    COMPARATORS,
    STATUSES,
    Baseline,
    Forecast,
    Point,
    Progress,
    Relative,
    Target,
    TargetPoint,
    Thresholds,
    annual_values,
    choose_target,
    completion,
    evaluate,
    expected_value,
    fit_forecast,
    infer_direction,
    meets,
    parse_relative,
    period_rank,
    required_growth,
    resolve_target,
)

__all__ = [
    "COMPARATORS",
    "STATUSES",
    "Baseline",
    "Forecast",
    "Point",
    "Progress",
    "Relative",
    "Target",
    "TargetPoint",
    "Thresholds",
    "annual_values",
    "choose_target",
    "completion",
    "evaluate",
    "evaluate_contract",
    "expected_value",
    "fit_forecast",
    "infer_direction",
    "meets",
    "parse_contract",
    "parse_relative",
    "period_rank",
    "required_growth",
    "resolve_target",
]
