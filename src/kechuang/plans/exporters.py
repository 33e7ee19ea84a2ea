"""Excel export of a plan: its indicators with progress as of a year, and what other apps add."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import access as plan_access
from . import selectors
from .choices import Comparator
from .models import Plan, Target
from .sections import ExportSheet, PlanView, export_sheets

INDICATOR_HEADERS = [
    gettext_lazy("序号"), gettext_lazy("指标名称"), gettext_lazy("计量单位"), gettext_lazy("类别"), gettext_lazy("指标属性"),
    gettext_lazy("责任单位"), gettext_lazy("数据来源"), gettext_lazy("基期年"), gettext_lazy("基期值"), gettext_lazy("目标"),
    gettext_lazy("评价年"), gettext_lazy("最新年份"), gettext_lazy("最新值"), gettext_lazy("期望值"),
    gettext_lazy("完成度（%）"), gettext_lazy("计算状态"), gettext_lazy("人工判定"), gettext_lazy("判定理由"),
    gettext_lazy("状态说明"), gettext_lazy("预测年份"), gettext_lazy("预测值"), gettext_lazy("预测能否达标"),
    gettext_lazy("还需年均增速（%）"),
]
COMPARATOR_SIGNS = {Comparator.AT_LEAST: "≥", Comparator.AT_MOST: "≤", Comparator.ABOUT: "≈"}


def target_text(target: Target) -> str:
    """A target as the bureau writes it: 2025 年 ≥ 200, 2025 年 翻一番 (x2), 每年 ≥ 5, 年份不详 ≥ 5."""
    if target.year:
        year = _("%(year)s 年") % {"year": target.year}
    else:
        year = _("年份不详") if target.year_unknown else _("每年")
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
            indicator.baseline_year, indicator.baseline_value, _("；").join(target_text(t) for t in indicator.targets.all()),
            as_of, latest.get("year"), latest.get("value"), contract["expected"], _percent(contract["completion"]),
            row.computed_status_label, row.status_label if row.override else "", row.override.reason if row.override else "",
            contract["reason"] or "", forecast.get("year"), forecast.get("value"),
            {True: _("能"), False: _("不能")}.get(forecast.get("meets_target"), ""),
            _percent(contract["required_annual_growth"]),
        ]


def export_plan(user, plan: Plan, as_of: int) -> bytes:
    """The plan's workbook: sheet 指标进展 (one row per indicator), then the sheets other apps
    contribute for this user (plans.sections), such as the tasks."""
    plan = plan_access.get_plan_for_user(user, plan.pk)
    workbook = openpyxl.Workbook(write_only=True)
    overview = selectors.plan_overview(plan, as_of)
    sheets = [
        ExportSheet(_("指标进展"), INDICATOR_HEADERS, indicator_rows(overview, as_of)),
        *export_sheets(PlanView(plan, user, as_of, overview)),
    ]
    for contents in sheets:
        sheet = workbook.create_sheet(str(contents.title))
        sheet.append([str(header) for header in contents.headers])  # openpyxl takes real strings only
        for values in contents.rows:
            sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
