"""Chinese text of the progress engine's reasons and errors (kechuang.plans.progress gives codes)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy

from kechuang.core.codes import CodedError, Message
from kechuang.core.messages import render

PROGRESS = {
    # Why a status is what it is.
    "no_observations": gettext_lazy("尚无监测数据。"),
    "no_target": gettext_lazy("该指标尚未设置目标值。"),
    "target_empty": gettext_lazy("目标既无数值也无相对目标。"),
    "relative_needs_baseline": gettext_lazy("相对目标“%(relative)s”需要基期值，但该指标没有基期值。"),
    "relative_baseline_not_positive": gettext_lazy(
        "基期值为 %(baseline)g，无法按“%(relative)s”（倍数或增长率）推算目标值。"
    ),
    "growth_needs_years": gettext_lazy("年均增长目标“%(relative)s”需要基期年份和目标年份。"),
    "growth_years_reversed": gettext_lazy(
        "目标年 %(target_year)s 年不晚于基期年 %(baseline_year)s 年，无法按年均增长推算。"
    ),
    "target_out_of_range": gettext_lazy("按“%(relative)s”推算的目标值超出可计算范围。"),
    "no_baseline_short_series": gettext_lazy("没有基期值，且监测数据不足两年，无法判断进度。"),
    "baseline_not_before_target_short_series": gettext_lazy(
        "基期年不早于目标年，没有期望路径，且监测数据不足两年，无法判断进度。"
    ),
    "baseline_year_unknown": gettext_lazy(
        "基期年份不详（文件未写明或被遮盖），没有期望路径；最新值尚未达到目标，无法判断进度。"
    ),
    "target_year_unknown": gettext_lazy(
        "目标年份不详（文件中被遮盖），没有期望路径；最新值尚未达到目标，无法判断进度。"
    ),
    "baseline_and_target_year_unknown": gettext_lazy(
        "基期年份和目标年份均不详（文件未写明或被遮盖），没有期望路径；最新值尚未达到目标，无法判断进度。"
    ),
    "target_year_without_data": gettext_lazy("目标年 %(target_year)s 年无监测数据，按 %(year)s 年数据判断。"),
    "target_year_met_later_missed": gettext_lazy(
        "目标年 %(target_year)s 年达成；%(year)s 年为 %(value)g，又未达到目标。"
    ),
    "target_year_missed_later_met": gettext_lazy(
        "目标年 %(target_year)s 年未达成；%(year)s 年为 %(value)g，已达到目标。"
    ),
    "recurring_growth_needs_previous": gettext_lazy(
        "每年增长目标“%(relative)s”需要 %(year)s 年的数值，但没有该年的监测数据或基期值。"
    ),
    "recurring_previous_not_positive": gettext_lazy("%(year)s 年数值为 %(value)g，无法按增长率推算目标值。"),
    "recurring_judged_on_earlier_year": gettext_lazy(
        "目标未写年份，视为每年目标；%(as_of)s 年尚无数据，按 %(year)s 年数据判断。"
    ),
    "figures_out_of_range": gettext_lazy("%(figures)s超出可计算范围，未给出。"),
    "figure_expected": gettext_lazy("期望值"),
    "figure_completion": gettext_lazy("完成度"),
    "figure_forecast": gettext_lazy("预测值"),
    "figure_required_annual_growth": gettext_lazy("还需年均增速"),
    # Inputs the engine refuses.
    "thresholds_invalid": gettext_lazy("阈值设置不正确：需要 0 ≤ on_track ≤ at_risk，且 equal_tolerance ≥ 0。"),
    "relative_invalid": gettext_lazy("相对目标“%(relative)s”格式不正确，应为 x2、x1.3、+12pp 或 +15%%/yr 这样的写法。"),
    "relative_multiple_not_positive": gettext_lazy("相对目标“%(relative)s”的倍数必须大于 0。"),
    "relative_decline_too_steep": gettext_lazy("相对目标“%(relative)s”的年均降幅必须小于 100%%。"),
    "period_invalid": gettext_lazy(
        "期间“%(period)s”无法识别，应为月份（1–12、2023-06）、季度（Q1–Q4）、半年（H1、H2）或留空表示全年。"
    ),
    "observation_shape": gettext_lazy("监测数据 %(observation)s 应为（年份, 数值）或（年份, 期间, 数值）。"),
    "observation_not_finite": gettext_lazy("%(year)s 年的监测值不是有限数字。"),
    "direction_invalid": gettext_lazy("方向“%(direction)s”无效，应为 higher 或 lower。"),
    "no_targets": gettext_lazy("指标没有任何目标。"),
    "baseline_not_finite": gettext_lazy("基期值不是有限数字。"),
    "comparator_invalid": gettext_lazy("比较方式“%(comparator)s”无效，应为 >=、<= 或 =。"),
    # The `kechuang progress` file contract, naming the field (`where`).
    "input_not_object": gettext_lazy("输入应为 JSON 对象，实际为 %(actual)s。"),
    "field_not_object": gettext_lazy("%(where)s 应为 JSON 对象，实际为 %(actual)s。"),
    "field_not_list": gettext_lazy("%(where)s 应为数组，实际为 %(actual)s。"),
    "field_not_number": gettext_lazy("%(where)s 应为数字，实际为 %(actual)s。"),
    "field_not_year": gettext_lazy("%(where)s 应为整数年份，实际为 %(actual)s。"),
    "field_year_out_of_range": gettext_lazy("%(where)s 年份 %(actual)s 超出范围（1900–2200）。"),
    "targets_not_list": gettext_lazy("%(where)s 应为非空数组，实际为 %(actual)s。"),
    "field_comparator": gettext_lazy("%(where)s 应为 >=、<= 或 =，实际为 %(actual)s。"),
    "field_relative_not_string": gettext_lazy("%(where)s 应为字符串或 null，实际为 %(actual)s。"),
    "field_year_unknown": gettext_lazy("%(where)s 应为 true 或 false，且为 true 时 year 须为 null，实际为 %(actual)s。"),
    "field_direction": gettext_lazy("%(where)s 应为 higher、lower 或 null，实际为 %(actual)s。"),
    "target_needs_value": gettext_lazy("%(where)s：value 与 relative 至少要有一个。"),
    "field_invalid": gettext_lazy("%(where)s：%(error)s"),
}


def text(message: Message | Mapping[str, Any]) -> str:
    return render(message, PROGRESS)


def error_text(exc: CodedError) -> str:
    """The Chinese text of an error the progress engine or its contract raised."""
    return text(exc.message)


def reason_text(reasons: Iterable[Message | Mapping[str, Any]]) -> str | None:
    """The reasons as one text (each is a sentence), None when there are none."""
    return "".join(text(reason) for reason in reasons) or None


def with_reason(contract: dict[str, Any]) -> dict[str, Any]:
    """The engine's contract object with `reason`, the reasons' text, next to the status."""
    status, rest = contract["status"], {key: value for key, value in contract.items() if key != "status"}
    return {"status": status, "reason": reason_text(contract["reasons"]), **rest}
