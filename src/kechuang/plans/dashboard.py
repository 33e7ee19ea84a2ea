"""Page helpers of the plans module: the year a page shows and the inputs behind a status, as text.

The figures themselves come from plans.selectors; this only words them for the indicator page.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import Comparator, Direction
from .models import Plan

PATH_LABELS = {
    "linear": gettext_lazy("基期到目标的直线路径"),
    "geometric": gettext_lazy("按年均增长率的复合增长路径"),
    "recurring": gettext_lazy("每年目标，按当年数值判断"),
}


def page_year(plan: Plan, raw: str | None) -> int:
    """`?as_of=YEAR`, by default the current year, clamped to the plan's period."""
    year = int(raw) if raw and raw.strip().isdigit() else timezone.localdate().year
    return min(max(year, plan.start_year), plan.end_year)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.6g}"


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction of the progress contract as a percentage: 0.104 → "10.4%"; None → "—"."""
    return "—" if value is None else f"{value * 100:.{int(digits)}f}%"


def _dated(year: int | str, text: str) -> str:
    return _("%(year)s：%(text)s") % {"year": year, "text": text}


def explain_inputs(inputs: dict[str, Any], unit: str = "") -> list[tuple[str, str]]:
    """(label, text) lines of what the engine used, so a status can be defended figure by figure."""
    lines: list[tuple[str, str]] = [(_("评估年份"), str(inputs["as_of"]))]
    baseline = inputs.get("baseline")
    lines.append(
        (_("基期值"), _("未设置") if baseline is None else _dated(baseline["year"] or _("年份不详"), _number(baseline["value"]) + unit))
    )
    target = inputs["target"]
    stated = target["relative"] or _number(target["value"]) + unit
    comparator = Comparator(target["comparator"]).label if target["comparator"] in Comparator.values else target["comparator"]
    lines.append((_("采用的目标"), _dated(target["year"] or _("每年"), f"{comparator} {stated}")))
    lines.append((_("折算目标值"), _number(inputs.get("resolved_target")) + unit))
    if inputs.get("target_reference"):
        reference = inputs["target_reference"]
        lines.append((_("增长基数"), _dated(reference["year"], _number(reference["value"]) + unit)))
    direction = inputs.get("direction")
    lines.append((_("方向"), Direction(direction).label if direction in Direction.values else _("未定")))
    lines.append((_("预期路径"), PATH_LABELS.get(inputs.get("path", ""), inputs.get("path", ""))))
    observed = inputs.get("observations") or []
    lines.append(
        (
            _("采用的已审核数据"),
            _("；").join(_dated(p["year"], _number(p["value"])) for p in observed) or _("无"),
        )
    )
    if inputs.get("deciding"):
        deciding = inputs["deciding"]
        lines.append((_("据以判断的数值"), _dated(deciding["year"], _number(deciding["value"]) + unit)))
    judged = inputs.get("judged_by") or {}
    if "expected_at_latest" in judged:
        year = (inputs.get("deciding") or {}).get("year", "")
        lines.append((_("%(year)s 年的预期值") % {"year": year}, _number(judged["expected_at_latest"]) + unit))
        lines.append((_("落后预期路径"), percent(max(judged["shortfall"], 0.0)) + _("（占基期到目标差距的比例）")))
    if "forecast_shortfall" in judged:
        lines.append((_("预测值距目标"), percent(max(judged["forecast_shortfall"], 0.0))))
    fit = inputs.get("forecast_fit")
    if fit:
        method = _("对数线性拟合（恒定增长率）") if fit["method"] == "log_linear" else _("最小二乘直线拟合")
        lines.append((_("趋势预测"), _("%(method)s，%(n)s 个数据点") % {"method": method, "n": len(fit["points"])}))
    bands = inputs["thresholds"]
    lines.append(
        (
            _("判断阈值"),
            _("落后 ≤ %(on)s 为进展正常，≤ %(risk)s 为存在风险，否则明显滞后；“左右”目标容差 %(tol)s")
            % {"on": percent(bands["on_track"]), "risk": percent(bands["at_risk"]), "tol": percent(bands["equal_tolerance"])},
        )
    )
    return lines
