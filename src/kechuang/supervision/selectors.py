"""Reads of a plan's supervision: its tasks loaded once, completion, overdue items, owed reports.

Everything a page or the API shows about a plan's tasks is computed from one `PlanRecords` load,
a fixed handful of queries whatever the number of tasks, and returned as plain data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from kechuang.plans.models import Plan

from . import completion as rules
from .choices import NoticeStatus, TaskStatus, UnitRole
from .models import Milestone, ProgressReport, SupervisionNotice, SupervisionSettings, Task, TaskUnit
from .numbering import next_number
from .periods import ExpectedReport, expected_reports, parse_period, period_of

REPORT_FIELDS_WITHOUT_FILE = ("attachment",)
UPCOMING_ITEMS = 8


def plan_settings(plan: Plan) -> SupervisionSettings:
    """The plan's supervision settings, or the defaults (unsaved) when the bureau has set none."""
    # Queried, not read from the plan's cached relation, which a settings change would leave stale.
    return SupervisionSettings.objects.filter(plan=plan).first() or SupervisionSettings(plan=plan)


def reports_start(plan: Plan, settings: SupervisionSettings) -> datetime.date:
    return settings.reports_start or datetime.date(plan.start_year, 1, 1)


def as_of_date(as_of: datetime.date | int | None) -> datetime.date:
    """A day to judge by: a date as given; a year means today within it, or its last day once past."""
    today = timezone.localdate()
    if as_of is None:
        return today
    if isinstance(as_of, datetime.date):
        return as_of
    return min(today, datetime.date(int(as_of), 12, 31))


def task_queryset():
    reports = ProgressReport.objects.defer(*REPORT_FIELDS_WITHOUT_FILE).select_related("organization")
    return Task.objects.prefetch_related(
        Prefetch("assignments", queryset=TaskUnit.objects.select_related("organization")),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
        Prefetch("reports", queryset=reports.order_by("-submitted_at")),
    )


@dataclass
class PlanRecords:
    """A plan's tasks with their units, milestones and reports, and its notices, loaded once."""

    plan: Plan
    settings: SupervisionSettings
    tasks: list[Task]
    notices: list[SupervisionNotice] = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)

    @cached_property
    def by_id(self) -> dict[int, Task]:
        return {task.pk: task for task in self.tasks}

    def facts(self, task: Task) -> rules.TaskFacts:
        latest = next((r.percent for r in task.reports.all() if r.percent is not None), None)
        return rules.TaskFacts(
            id=task.pk, parent_id=task.parent_id, status=task.status,
            milestones=tuple(rules.MilestoneFacts(m.due_date, m.completed_on) for m in task.milestones.all()),
            report_percent=latest, manual_percent=task.manual_percent, deadline=task.deadline,
        )

    @cached_property
    def task_facts(self) -> dict[int, rules.TaskFacts]:
        return {task.pk: self.facts(task) for task in self.tasks}

    @cached_property
    def completions(self) -> dict[int, rules.Completion]:
        return rules.tree_completion(self.task_facts.values(), self.today)

    def overdue(self, task: Task) -> bool:
        return rules.task_overdue(self.task_facts[task.pk], self.today)

    def report_records(self, task: Task) -> list[ExpectedReport]:
        """The reports a task's units owe (in-progress tasks) or did send (any task), with verdicts."""
        submitted = {(r.organization_id, r.period): r.submitted_at.date() for r in task.reports.all()}
        if task.status == TaskStatus.IN_PROGRESS:
            roles = {UnitRole.LEAD, UnitRole.SUPPORT} if self.settings.support_units_report else {UnitRole.LEAD}
            owers = [(a.organization_id,) for a in task.assignments.all() if a.role in roles]
            records = expected_reports(
                frequency=self.settings.report_frequency, grace_days=self.settings.report_grace_days,
                start=reports_start(self.plan, self.settings), today=self.today, owers=owers, submitted=submitted,
            )
            owed = {(record.key[0], record.period.label) for record in records}
        else:
            records, owed = [], set()
        for report in task.reports.all():
            if (report.organization_id, report.period) in owed:
                continue
            try:
                _frequency, period = parse_period(report.period)
            except ValueError:
                continue
            submitted_on = report.submitted_at.date()
            verdict = "on_time" if submitted_on <= report.due_date else "late"
            records.append(ExpectedReport((report.organization_id,), period, report.due_date, submitted_on, verdict))
        return records


def load_plan_records(plan: Plan, *, today: datetime.date | None = None, tasks=None) -> PlanRecords:
    """Load a plan's supervision records in a fixed number of queries (`tasks` narrows the task set)."""
    queryset = task_queryset().filter(plan=plan) if tasks is None else tasks
    task_list = list(queryset.order_by("position", "id"))
    notices = list(
        SupervisionNotice.objects.filter(task__plan=plan).select_related("organization", "task").order_by("-issued_at")
    )
    return PlanRecords(plan, plan_settings(plan), task_list, notices, today or timezone.localdate())


def task_tree(records: PlanRecords) -> list[tuple[Task, int]]:
    """Tasks in outline order (parents before children, siblings by position) with their depth."""
    children: dict[int | None, list[Task]] = {}
    for task in records.tasks:
        parent = task.parent_id if task.parent_id in records.by_id else None
        children.setdefault(parent, []).append(task)
    ordered: list[tuple[Task, int]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for task in children.get(parent, []):
            if task.pk in seen:
                continue
            seen.add(task.pk)
            ordered.append((task, depth))
            walk(task.pk, depth + 1)

    walk(None, 0)
    return ordered


def timeline_items(records: PlanRecords) -> list[dict]:
    """Milestones and task deadlines by date, each with its state (done, done_late, overdue, open)."""
    items = []
    for task in records.tasks:
        url = reverse("supervision:task_detail", args=[task.pk])
        label = str(task)
        for milestone in task.milestones.all():
            state = rules.milestone_state(rules.MilestoneFacts(milestone.due_date, milestone.completed_on), records.today)
            items.append({
                "kind": "milestone", "date": milestone.due_date, "title": milestone.title, "task_id": task.pk,
                "task": label, "state": state, "overdue": state == "overdue", "url": url,
            })
        if task.deadline:
            done = task.status == TaskStatus.COMPLETED
            overdue = not done and task.deadline < records.today
            items.append({
                "kind": "deadline", "date": task.deadline, "title": task.title, "task_id": task.pk, "task": label,
                "state": "done" if done else ("overdue" if overdue else "open"), "overdue": overdue, "url": url,
            })
    items.sort(key=lambda item: (item["date"], item["task_id"]))
    return items


def plan_counts(records: PlanRecords) -> dict:
    milestones = [m for task in records.tasks for m in task.milestones.all()]
    states = [rules.milestone_state(rules.MilestoneFacts(m.due_date, m.completed_on), records.today) for m in milestones]
    report_verdicts = [r.verdict for task in records.tasks for r in records.report_records(task)]
    return {
        "tasks": len(records.tasks),
        "completed": sum(1 for t in records.tasks if records.completions[t.pk].value == 1.0),
        "overdue_tasks": sum(1 for t in records.tasks if records.overdue(t)),
        "milestones": len(milestones),
        "milestones_done": sum(1 for s in states if s in ("done", "done_late")),
        "milestones_overdue": states.count("overdue"),
        "reports_on_time": report_verdicts.count("on_time"),
        "reports_late": report_verdicts.count("late"),
        "reports_missing": report_verdicts.count("missing"),
        "notices_open": sum(1 for n in records.notices if n.status == NoticeStatus.OPEN),
        "notices_overdue": sum(
            1 for n in records.notices if n.status == NoticeStatus.OPEN and n.reply_due < records.today
        ),
    }


def overall_completion(records: PlanRecords) -> int | None:
    """Mean completion of the top-level tasks, in percent."""
    values = [
        records.completions[t.pk].value for t in records.tasks
        if t.parent_id not in records.by_id and records.completions[t.pk].value is not None
    ]
    return round(100 * sum(values) / len(values)) if values else None


def plan_supervision_summary(plan: Plan, as_of: datetime.date | int | None = None) -> dict:
    """What the plan dashboard shows of supervision, as plain data for the partial and its charts.

    `as_of` is a day, or a year (today within the current year, the year's last day for a past one).
    Returns {"as_of", "year", "counts", "completion", "ranking": {"units", "scores", "ranks", "ids",
    "url"}, "timeline": [...]} — the ranking is the scorecard of the year, ready for an ECharts bar chart.
    """
    from .scorecards import plan_scorecard

    day = as_of_date(as_of)
    records = load_plan_records(plan, today=day)
    scorecard = plan_scorecard(plan, day.year, records=records, as_of=day)
    ranked = [row for row in scorecard.rows if row.score is not None]
    timeline = timeline_items(records)
    upcoming = [item for item in timeline if item["state"] == "open"][:UPCOMING_ITEMS]
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
                for row in ranked
            ],
        },
        "timeline": timeline,
        # What the dashboard lists: everything overdue, then the next open items.
        "timeline_focus": [item for item in timeline if item["overdue"]] + upcoming,
        "task_list_url": reverse("supervision:task_list", args=[plan.pk]),
        "scorecard_url": reverse("supervision:scorecard_list", args=[plan.pk]) + f"?year={day.year}",
    }


def reportable_period_labels(plan: Plan, settings: SupervisionSettings, today: datetime.date) -> list[str]:
    """Periods a unit may report on today, newest first: the current one and the past ones."""
    start = reports_start(plan, settings)
    labels = []
    period = period_of(settings.report_frequency, today)
    while period.end >= start:
        labels.append(period.label)
        period = period_of(settings.report_frequency, period.start - datetime.timedelta(days=1))
    return labels


@dataclass
class TaskRow:
    task: Task
    depth: int
    completion: rules.Completion
    overdue: bool
    lead_units: list
    support_units: list


def task_rows(records: PlanRecords, *, unit_id: int | None = None) -> list[TaskRow]:
    """The task list: outline order, completion and overdue mark; `unit_id` keeps that unit's tasks."""
    rows = []
    for task, depth in task_tree(records):
        assignments = list(task.assignments.all())
        if unit_id is not None and unit_id not in {a.organization_id for a in assignments}:
            continue
        rows.append(TaskRow(
            task, depth, records.completions[task.pk], records.overdue(task),
            [a.organization for a in assignments if a.role == UnitRole.LEAD],
            [a.organization for a in assignments if a.role == UnitRole.SUPPORT],
        ))
    return rows


def unit_workload(user, today: datetime.date) -> dict:
    """For a unit's staff: their units' tasks by plan, the reports they owe, and their open notices."""
    from . import access

    units = access.unit_ids(user)
    if not units:
        return {"my_plans": [], "due_reports": [], "open_notices": []}
    plans = Plan.objects.filter(pk__in=Task.objects.visible_to(user).of_unit(units).values("plan_id"))
    my_plans, due_reports = [], []
    for plan in plans:
        records = load_plan_records(plan, today=today, tasks=task_queryset().filter(plan=plan).of_unit(units))
        my_plans.append((plan, task_rows(records)))
        for task in records.tasks:
            for expected in records.report_records(task):
                if expected.key[0] in units and expected.verdict in ("missing", "pending"):
                    due_reports.append((task, expected))
    due_reports.sort(key=lambda pair: pair[1].due_date)
    open_notices = list(
        SupervisionNotice.objects.visible_to(user).filter(status=NoticeStatus.OPEN, organization_id__in=units)
        .select_related("task", "organization").order_by("reply_due")
    )
    return {"my_plans": my_plans, "due_reports": due_reports, "open_notices": open_notices}


def suggested_task_number(plan: Plan, parent: Task | None) -> str:
    """The number a new task under `parent` (None: top level) would take in the plan's outline."""
    siblings = Task.objects.filter(plan=plan, parent=parent).order_by("position", "id").values_list("number", flat=True)
    return next_number(None if parent is None else parent.number, list(siblings))
