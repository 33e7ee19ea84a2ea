"""The supervision section of a plan: its part of the dashboard, its export sheet, its report chapters.

Registered with plans.sections in SupervisionConfig.ready. Each hook returns nothing to a user
who may not see supervision (enterprises, institutions, experts, the public), and otherwise only
what that user may see: the notices of their own units, the drill-downs they may open.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.plans.models import Plan
from kechuang.plans.sections import DashboardPart, ExportSheet, PlanView, ReportChapter, ReportWriter
from kechuang.plans.selectors import IndicatorRow

from . import access
from .scorecards import plan_scorecard
from .selectors import (
    PlanRecords,
    as_of_date,
    load_plan_records,
    overall_completion,
    plan_counts,
    task_rows,
    timeline_items,
)

UPCOMING_ITEMS = 8
# The dashboard lists this many overdue items, the longest overdue; the task list filters the rest.
OVERDUE_ITEMS = 20

TASK_HEADERS = [
    gettext_lazy("编号"), gettext_lazy("任务名称"), gettext_lazy("牵头单位"), gettext_lazy("配合单位"),
    gettext_lazy("完成时限"), gettext_lazy("完成频次"), gettext_lazy("责任领导"), gettext_lazy("状态"),
    gettext_lazy("完成度（%）"), gettext_lazy("完成度依据"), gettext_lazy("是否逾期"),
]
COMPLETION_SOURCES = {
    "milestones": gettext_lazy("时间节点"), "children": gettext_lazy("子任务"), "report": gettext_lazy("进展报告"),
    "manual": gettext_lazy("填报进度"), "status": gettext_lazy("任务状态"), "none": gettext_lazy("暂无"),
}
UNIT_HEADERS = [
    gettext_lazy("牵头单位"), gettext_lazy("牵头任务数"), gettext_lazy("已完成"), gettext_lazy("平均完成度"),
    gettext_lazy("逾期任务"), gettext_lazy("逾期节点"),
]


def plan_supervision_summary(
    plan: Plan, user, as_of: datetime.date | int | None = None, *, indicator_rows: list[IndicatorRow] | None = None
) -> dict:
    """What the plan dashboard shows `user` of supervision, as plain data for the partial and its charts.

    `as_of` is a day, or a year (today within the current year, the year's last day for a past one).
    `indicator_rows` are the dashboard's `plan_overview(plan, year)` rows, scored as they are rather
    than loaded again. Counts cover what the user may see (a unit's staff: their own units' notices);
    the ranking is the year's scorecard of every unit, with a drill-down link (`urls`, else None)
    only where the user may open it. `timeline_focus` holds the OVERDUE_ITEMS longest overdue items
    (of `overdue_total`) and the next open ones; `overdue_url` is the task list of the overdue tasks.
    """
    day = as_of_date(as_of)
    records = load_plan_records(plan, user, today=day)
    scorecard = plan_scorecard(plan, day.year, records=records, as_of=day, indicator_rows=indicator_rows)
    ranked = [row for row in scorecard.rows if row.score is not None]
    timeline = timeline_items(records)
    overdue = [item for item in timeline if item["overdue"]]  # by date: the longest overdue first
    upcoming = [item for item in timeline if item["state"] == "open"][:UPCOMING_ITEMS]
    task_list_url = reverse("supervision:task_list", args=[plan.pk])
    return {
        "plan_id": plan.pk,
        "as_of": day,
        "year": day.year,
        "counts": plan_counts(records),
        "completion": overall_completion(records),
        "ranking": {
            "units": [row.organization.name for row in ranked],
            "scores": [round(row.score, 1) for row in ranked],
            "ranks": [row.rank for row in ranked],
            "ids": [row.organization.pk for row in ranked],
            "urls": [
                reverse("supervision:scorecard_detail", args=[plan.pk, row.organization.pk]) + f"?year={day.year}"
                if access.can_view_unit_scorecard(user, row.organization.pk) else None
                for row in ranked
            ],
        },
        "timeline": timeline,
        "timeline_focus": overdue[:OVERDUE_ITEMS] + upcoming,
        "overdue_total": len(overdue),
        "overdue_shown": min(len(overdue), OVERDUE_ITEMS),
        "overdue_url": f"{task_list_url}?overdue=1",
        "task_list_url": task_list_url,
        "scorecard_url": reverse("supervision:scorecard_list", args=[plan.pk]) + f"?year={day.year}",
    }


def dashboard(view: PlanView) -> DashboardPart | None:
    if not access.is_supervision_user(view.user):
        return None
    summary = plan_supervision_summary(view.plan, view.user, view.year, indicator_rows=view.indicator_rows)
    return DashboardPart("supervision/partials/plan_summary.html", {"summary": summary}, ("supervision/charts.js",))


def _percent(fraction: float | None) -> float | None:
    return None if fraction is None else round(100 * fraction, 1)


def export(view: PlanView) -> list[ExportSheet]:
    """Sheet 任务: the plan's tasks in outline order."""
    if not access.is_supervision_user(view.user):
        return []
    records = load_plan_records(view.plan, view.user, today=as_of_date(view.year))
    rows = (
        [
            row.task.number, "　" * row.depth + row.task.title, _("、").join(o.name for o in row.lead_units),
            _("、").join(o.name for o in row.support_units), row.task.deadline, row.task.get_recurrence_display(),
            row.task.leaders, row.task.get_status_display(),
            _percent(row.completion.value), str(COMPLETION_SOURCES.get(row.completion.source, row.completion.source)),
            _("是") if row.overdue else _("否"),
        ]
        for row in task_rows(records)
    )
    return [ExportSheet(_("任务"), TASK_HEADERS, rows)]


@dataclass
class UnitLine:
    name: str
    tasks: int = 0
    completed: int = 0
    completion_sum: float = 0.0
    completion_known: int = 0
    overdue_tasks: int = 0
    overdue_milestones: int = 0


def unit_lines(records: PlanRecords) -> list[UnitLine]:
    """Task completion by lead unit, by unit name."""
    units: dict[int, UnitLine] = {}
    for row in task_rows(records):
        late_milestones = sum(1 for m in row.task.milestone_list if records.milestone_state(row.task, m) == "overdue")
        for unit in row.lead_units:
            line = units.setdefault(unit.pk, UnitLine(unit.name))
            line.tasks += 1
            line.completed += row.completion.value == 1.0
            if row.completion.value is not None:
                line.completion_sum += row.completion.value
                line.completion_known += 1
            line.overdue_tasks += row.overdue
            line.overdue_milestones += late_milestones
    return sorted(units.values(), key=lambda line: line.name)


def report(view: PlanView) -> ReportChapter | None:
    """Chapters 任务推进情况 (by lead unit) and 逾期事项, and the task counts of the summary."""
    if not access.is_supervision_user(view.user):
        return None
    records = load_plan_records(view.plan, view.user, today=as_of_date(view.year))
    if not records.tasks:
        return None
    summary = _(
        "规划任务 %(tasks)s 项，已完成 %(completed)s 项，逾期 %(overdue_tasks)s 项；"
        "时间节点 %(milestones)s 个，已完成 %(milestones_done)s 个，逾期未完成 %(milestones_overdue)s 个。"
    ) % plan_counts(records)
    lines = unit_lines(records)
    late = [item for item in timeline_items(records) if item["overdue"]]

    def write(writer: ReportWriter) -> None:
        writer.heading(_("任务推进情况（按牵头单位）"))
        writer.table([str(header) for header in UNIT_HEADERS], [
            [
                line.name, str(line.tasks), str(line.completed),
                "—" if not line.completion_known else f"{100 * line.completion_sum / line.completion_known:.1f}%",
                str(line.overdue_tasks), str(line.overdue_milestones),
            ]
            for line in lines
        ])
        writer.heading(_("逾期事项"))
        if not late:
            writer.paragraph(_("无逾期事项。"))
        for item in late:
            kind = _("时间节点") if item["kind"] == "milestone" else _("完成时限")
            writer.paragraph(
                _("%(task)s：%(kind)s“%(title)s”应于 %(date)s 完成，尚未完成。") % {
                    "task": item["task"], "kind": kind, "title": item["title"],
                    "date": dateformat.format(item["date"], _("Y年m月d日")),
                },
                bullet=True,
            )

    return ReportChapter(summary, write)
