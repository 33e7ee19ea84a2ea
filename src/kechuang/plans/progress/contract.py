"""The public file contract of `kechuang progress FILE.json`: validated JSON in, one JSON object out."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

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
        raise ValueError(f"{where} 应为数字，实际为 {_json(value)}。")
    return float(value)


def _year(value: Any, where: str) -> int:
    if isinstance(value, bool) or not (
        isinstance(value, int) or isinstance(value, float) and value.is_integer()
    ):
        raise ValueError(f"{where} 应为整数年份，实际为 {_json(value)}。")
    if not 1900 <= value <= 2200:
        raise ValueError(f"{where} 年份 {_json(value)} 超出范围（1900–2200）。")
    return int(value)


def _optional_year(value: Any, where: str) -> int | None:
    return None if value is None else _year(value, where)


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where} 应为 JSON 对象，实际为 {_json(value)}。")
    return value


def parse_contract(payload: Any) -> dict[str, Any]:
    """Validate a `kechuang progress` input into `evaluate` keyword arguments, naming bad fields."""
    _object(payload, "输入")
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
        raise ValueError(f"indicator.targets 应为非空数组，实际为 {_json(raw_targets)}。")
    targets = []
    for index, raw in enumerate(raw_targets):
        where = f"indicator.targets[{index}]"
        _object(raw, where)
        comparator = raw.get("comparator") or ">="
        comparator = (
            COMPARATOR_ALIASES.get(comparator, comparator) if isinstance(comparator, str) else comparator
        )
        if comparator not in COMPARATORS:
            raise ValueError(f"{where}.comparator 应为 >=、<= 或 =，实际为 {_json(raw.get('comparator'))}。")
        relative = raw.get("relative")
        if relative is not None:
            if not isinstance(relative, str):
                raise ValueError(f"{where}.relative 应为字符串或 null，实际为 {_json(relative)}。")
            try:
                parse_relative(relative)
            except ValueError as exc:
                raise ValueError(f"{where}.relative：{exc}") from None
            relative = relative.strip()
        value = None if raw.get("value") is None else _number(raw["value"], f"{where}.value")
        if value is None and relative is None:
            raise ValueError(f"{where}：value 与 relative 至少要有一个。")
        targets.append(Target(_optional_year(raw.get("year"), f"{where}.year"), value, comparator, relative))
    direction = indicator.get("direction")
    if direction not in (None, "higher", "lower"):
        raise ValueError(f"indicator.direction 应为 higher、lower 或 null，实际为 {_json(direction)}。")
    raw_observations = payload.get("observations", [])
    if not isinstance(raw_observations, list):
        raise ValueError(f"observations 应为数组，实际为 {_json(raw_observations)}。")
    observations = []
    for index, raw in enumerate(raw_observations):
        where = f"observations[{index}]"
        _object(raw, where)
        period = raw.get("period")
        try:
            period_rank(period)
        except ValueError as exc:
            raise ValueError(f"{where}.period：{exc}") from None
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
    """`{"indicator", "observations", "as_of"}` → the progress object (see docs/guide/progress.md)."""
    return evaluate(**parse_contract(payload), thresholds=thresholds or Thresholds()).as_contract()


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
        sys.stderr.write(f"无法读取 {args[0]}：{exc.strerror or exc}\n")
        return 2
    except UnicodeDecodeError:
        sys.stderr.write(f"{args[0]} 不是 UTF-8 编码的文本。\n")
        return 2
    except json.JSONDecodeError as exc:
        sys.stderr.write(f"{args[0]} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列。\n")
        return 2
    except (ValueError, RecursionError) as exc:
        sys.stderr.write(f"{exc if isinstance(exc, ValueError) else '输入嵌套过深。'}\n")
        return 2
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0
