"""Excel export of a plan: its indicators with progress as of a year, and its tasks."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import openpyxl

from . import access as plan_access
from . import selectors
from .choices import Comparator
from .models import Plan, Target

INDICATOR_HEADERS = [
    "序号", "指标名称", "计量单位", "类别", "指标属性", "责任单位", "数据来源", "基期年", "基期值", "目标",
    "评价年", "最新年份", "最新值", "期望值", "完成度（%）", "计算状态", "人工判定", "判定理由", "状态说明",
    "预测年份", "预测值", "预测能否达标", "还需年均增速（%）",
]
TASK_HEADERS = ["编号", "任务名称", "牵头单位", "配合单位", "完成时限", "状态", "完成度（%）", "完成度依据", "是否逾期"]
COMPLETION_SOURCES = {
    "milestones": "时间节点", "children": "子任务", "report": "进展报告", "manual": "填报进度", "status": "任务状态",
    "none": "暂无",
}
COMPARATOR_SIGNS = {Comparator.AT_LEAST: "≥", Comparator.AT_MOST: "≤", Comparator.ABOUT: "≈"}


def target_text(target: Target) -> str:
    """A target as the bureau writes it: 2025 年 ≥ 200, 2025 年 翻一番 (x2), 每年 ≥ 5."""
    year = f"{target.year} 年" if target.year else "每年"
    amount = f"{target.value:g}" if target.value is not None else target.relative
    return f"{year} {COMPARATOR_SIGNS.get(target.comparator, target.comparator)} {amount}"


def _percent(fraction: float | None) -> float | None:
    return None if fraction is None else round(100 * fraction, 1)


def indicator_rows(rows: list[selectors.IndicatorRow], as_of: int) -> Iterable[list[Any]]:
    for row in rows:
        indicator, contract = row.indicator, row.contract
        latest, forecast = contract["latest"] or {}, contract["forecast"] or {}
        yield [
            indicator.position, indicator.name, indicator.unit, indicator.category, indicator.get_attribute_display(),
            indicator.responsible_unit.name if indicator.responsible_unit else "", indicator.get_data_source_display(),
            indicator.baseline_year, indicator.baseline_value, "；".join(target_text(t) for t in indicator.targets.all()),
            as_of, latest.get("year"), latest.get("value"), contract["expected"], _percent(contract["completion"]),
            row.computed_status_label, row.status_label if row.override else "", row.override.reason if row.override else "",
            contract["reason"] or "", forecast.get("year"), forecast.get("value"),
            {True: "能", False: "不能"}.get(forecast.get("meets_target"), ""), _percent(contract["required_annual_growth"]),
        ]


def task_rows(user, plan: Plan, as_of: int) -> Iterable[list[Any]]:
    """The plan's tasks in outline order, if the user may see supervision (enterprises may not)."""
    from kechuang.supervision import selectors as supervision
    from kechuang.supervision.models import Task

    tasks = supervision.task_queryset().filter(plan=plan, pk__in=Task.objects.visible_to(user).values("pk"))
    records = supervision.load_plan_records(plan, today=supervision.as_of_date(as_of), tasks=tasks)
    for row in supervision.task_rows(records):
        task = row.task
        yield [
            task.number, "　" * row.depth + task.title, "、".join(o.name for o in row.lead_units),
            "、".join(o.name for o in row.support_units), task.deadline, task.get_status_display(),
            _percent(row.completion.value), COMPLETION_SOURCES.get(row.completion.source, row.completion.source),
            "是" if row.overdue else "否",
        ]


def export_plan(user, plan: Plan, as_of: int) -> bytes:
    """The plan's workbook: sheet 指标进展 (one row per indicator) and sheet 任务 (visible tasks)."""
    plan = plan_access.get_plan_for_user(user, plan.pk)
    workbook = openpyxl.Workbook(write_only=True)
    sheets = [
        ("指标进展", INDICATOR_HEADERS, indicator_rows(selectors.plan_overview(plan, as_of), as_of)),
        ("任务", TASK_HEADERS, task_rows(user, plan, as_of)),
    ]
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append(headers)
        for values in rows:
            sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
