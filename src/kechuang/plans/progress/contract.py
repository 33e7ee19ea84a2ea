"""The public file contract of `kechuang progress FILE.json`: validated JSON in, one JSON object out.

Errors are `CodedError`s naming the bad field (`where`, a path such as `indicator.targets[0].value`);
the `progress` management command prints them in Chinese.
"""

from __future__ import annotations

import json
import math
from typing import Any

from kechuang.core.codes import CodedError
from kechuang.plans.progress.engine import (
    COMPARATOR_ALIASES,
    COMPARATORS,
    Baseline,
    Target,
    Thresholds,
    evaluate,
    parse_relative,
    period_rank,
)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=repr)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise CodedError("field_not_number", where=where, actual=_json(value))
    return float(value)


def _year(value: Any, where: str) -> int:
    if isinstance(value, bool) or not (
        isinstance(value, int) or isinstance(value, float) and value.is_integer()
    ):
        raise CodedError("field_not_year", where=where, actual=_json(value))
    if not 1900 <= value <= 2200:
        raise CodedError("field_year_out_of_range", where=where, actual=_json(value))
    return int(value)


def _optional_year(value: Any, where: str) -> int | None:
    return None if value is None else _year(value, where)


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CodedError("field_not_object", where=where, actual=_json(value))
    return value


def _within(where: str, exc: CodedError) -> CodedError:
    """An engine error about a field's value, named by the field."""
    return CodedError("field_invalid", where=where, error=exc.message)


def parse_contract(payload: Any) -> dict[str, Any]:
    """Validate a `kechuang progress` input into `evaluate` keyword arguments, naming bad fields."""
    if not isinstance(payload, dict):
        raise CodedError("input_not_object", actual=_json(payload))
    indicator = _object(payload.get("indicator"), "indicator")
    raw_baseline = indicator.get("baseline")
    baseline = None
    if raw_baseline is not None:
        _object(raw_baseline, "indicator.baseline")
        baseline = Baseline(
            _optional_year(raw_baseline.get("year"), "indicator.baseline.year"),
            _number(raw_baseline.get("value"), "indicator.baseline.value"),
        )
    raw_targets = indicator.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        raise CodedError("targets_not_list", where="indicator.targets", actual=_json(raw_targets))
    targets = []
    for index, raw in enumerate(raw_targets):
        where = f"indicator.targets[{index}]"
        _object(raw, where)
        comparator = raw.get("comparator") or ">="
        comparator = (
            COMPARATOR_ALIASES.get(comparator, comparator) if isinstance(comparator, str) else comparator
        )
        if comparator not in COMPARATORS:
            raise CodedError("field_comparator", where=f"{where}.comparator", actual=_json(raw.get("comparator")))
        relative = raw.get("relative")
        if relative is not None:
            if not isinstance(relative, str):
                raise CodedError("field_relative_not_string", where=f"{where}.relative", actual=_json(relative))
            try:
                parse_relative(relative)
            except CodedError as exc:
                raise _within(f"{where}.relative", exc) from None
            relative = relative.strip()
        value = None if raw.get("value") is None else _number(raw["value"], f"{where}.value")
        if value is None and relative is None:
            raise CodedError("target_needs_value", where=where)
        year = _optional_year(raw.get("year"), f"{where}.year")
        year_unknown = raw.get("year_unknown", False)
        if not isinstance(year_unknown, bool) or (year_unknown and year is not None):
            raise CodedError("field_year_unknown", where=f"{where}.year_unknown", actual=_json(year_unknown))
        targets.append(Target(year, value, comparator, relative, year_unknown))
    direction = indicator.get("direction")
    if direction not in (None, "higher", "lower"):
        raise CodedError("field_direction", where="indicator.direction", actual=_json(direction))
    raw_observations = payload.get("observations", [])
    if not isinstance(raw_observations, list):
        raise CodedError("field_not_list", where="observations", actual=_json(raw_observations))
    observations = []
    for index, raw in enumerate(raw_observations):
        where = f"observations[{index}]"
        _object(raw, where)
        period = raw.get("period")
        try:
            period_rank(period)
        except CodedError as exc:
            raise _within(f"{where}.period", exc) from None
        observations.append(
            (_year(raw.get("year"), f"{where}.year"), period, _number(raw.get("value"), f"{where}.value"))
        )
    as_of = _year(payload.get("as_of"), "as_of")
    return {
        "baseline": baseline,
        "targets": targets,
        "observations": observations,
        "as_of": as_of,
        "direction": direction,
    }


def evaluate_contract(payload: dict, thresholds: Thresholds | None = None) -> dict[str, Any]:
    """`{"indicator", "observations", "as_of"}` → the progress object (see docs/guide/progress.md),
    with the reasons as codes; `kechuang.plans.messages.with_reason` adds their text."""
    return evaluate(**parse_contract(payload), thresholds=thresholds or Thresholds()).as_contract()
