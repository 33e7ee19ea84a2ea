"""Reads of a plan's supervision: its tasks loaded once, completion, overdue items, owed reports.

Everything a page or the API shows about a plan's tasks is computed from one `PlanRecords` load,
a fixed handful of queries whatever the number of tasks, and returned as plain data.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.utils import timezone

from kechuang.core import access as core_access
from kechuang.core.models import Organization
from kechuang.plans.models import Plan

from . import access
from . import completion as rules
from .choices import NoticeStatus, TaskStatus, UnitRole
from .models import Milestone, ProgressReport, SupervisionNotice, SupervisionSettings, Task, TaskUnit
from .numbering import free_number
from .periods import (
    ExpectedReport,
    Period,
    expected_reports,
    owed_periods,
    parse_period,
    period_of,
    report_verdict_counts,
)

REPORT_FIELDS_WITHOUT_FILE = ("attachment",)


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
    """Tasks with their units, milestones and reports as plain lists (`assignment_list`,
    `milestone_list`, `report_list`: a related manager per task would cost more than the rows);
    `with_organizations` then gives each unit and report its organization (a plan's thousand
    assignments share a few dozen units)."""
    reports = ProgressReport.objects.defer(*REPORT_FIELDS_WITHOUT_FILE)
    return Task.objects.prefetch_related(
        Prefetch("assignments", queryset=TaskUnit.objects.all(), to_attr="assignment_list"),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id"), to_attr="milestone_list"),
        Prefetch("reports", queryset=reports.order_by("-submitted_at"), to_attr="report_list"),
    )


def with_organizations(tasks: list[Task]) -> list[Task]:
    """Attach to the assignments and reports of `task_queryset()` tasks their organizations, one
    instance per organization, loaded in one query."""
    rows = [row for task in tasks for row in (*task.assignment_list, *task.report_list)]
    organizations = Organization.objects.in_bulk({row.organization_id for row in rows})
    for row in rows:
        row.organization = organizations[row.organization_id]
    return tasks


@dataclass
class PlanRecords:
    """A plan's tasks with their units, milestones and reports, and its notices, loaded once
    (by `load_plan_records` for one user, or by `load_all_plan_records`)."""

    plan: Plan
    settings: SupervisionSettings
    tasks: list[Task]
    notices: list[SupervisionNotice] = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)
    # Every task and notice of the plan, not only what one user may see (scores count them all).
    complete: bool = False

    @cached_property
    def by_id(self) -> dict[int, Task]:
        return {task.pk: task for task in self.tasks}

    def facts(self, task: Task) -> rules.TaskFacts:
        latest = next((r.percent for r in task.report_list if r.percent is not None), None)
        return rules.TaskFacts(
            id=task.pk, parent_id=task.parent_id, status=task.status,
            milestones=tuple(rules.MilestoneFacts(m.due_date, m.completed_on) for m in task.milestone_list),
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

    def milestone_state(self, task: Task, milestone: Milestone) -> str:
        """As completion.milestone_state; a completed task's undone milestones are "closed", not overdue."""
        facts = rules.MilestoneFacts(milestone.due_date, milestone.completed_on)
        return rules.milestone_state(facts, self.today, task_completed=task.status == TaskStatus.COMPLETED)

    @cached_property
    def report_cycle(self) -> dict:
        """The reporting cycle, as the keyword arguments of periods.expected_reports."""
        return {
            "frequency": self.settings.report_frequency, "grace_days": self.settings.report_grace_days,
            "start": reports_start(self.plan, self.settings), "today": self.today,
        }

    def _owers(self, task: Task) -> list[tuple[int]]:
        """Who owes the task's reports: its lead units (and supporting ones, if the plan says so) while in progress."""
        if task.status != TaskStatus.IN_PROGRESS:
            return []
        roles = {UnitRole.LEAD, UnitRole.SUPPORT} if self.settings.support_units_report else {UnitRole.LEAD}
        return [(a.organization_id,) for a in task.assignment_list if a.role in roles]

    def _submitted(self, task: Task) -> dict[tuple, datetime.date]:
        return {(r.organization_id, r.period): r.submitted_at.date() for r in task.report_list}

    def _unowed_reports(self, task: Task, owers: list[tuple[int]]) -> Iterator[tuple[ProgressReport, Period]]:
        """Reports sent for periods nobody owes (a finished task's, a unit's that need not report, an old cycle's)."""
        owing = set(owers)
        cycle = self.report_cycle
        owed = {p.label for p in owed_periods(cycle["frequency"], cycle["start"], cycle["today"])} if owing else set()
        for report in task.report_list:
            if (report.organization_id,) in owing and report.period in owed:
                continue
            try:
                _frequency, period = parse_period(report.period)
            except ValueError:
                continue
            yield report, period

    def report_records(self, task: Task, *, year: int | None = None) -> list[ExpectedReport]:
        """The reports a task's units owe (in-progress tasks) or did send (any task), with verdicts;
        `year` keeps those of the periods ending in that year."""
        owers = self._owers(task)
        records = []
        if owers:
            span = {} if year is None else {"since": datetime.date(year, 1, 1), "until": datetime.date(year, 12, 31)}
            records = expected_reports(**self.report_cycle, owers=owers, submitted=self._submitted(task), **span)
        for report, period in self._unowed_reports(task, owers):
            if year is None or period.end.year == year:
                submitted_on = report.submitted_at.date()
                verdict = "on_time" if submitted_on <= report.due_date else "late"
                records.append(ExpectedReport((report.organization_id,), period, report.due_date, submitted_on, verdict))
        return records

    def report_counts(self, task: Task) -> Counter[str]:
        """How many of `report_records(task)` have each verdict, counted without listing them."""
        owers = self._owers(task)
        counts = report_verdict_counts(**self.report_cycle, owers=owers, submitted=self._submitted(task)) if owers else Counter()
        for report, _period in self._unowed_reports(task, owers):
            counts["on_time" if report.submitted_at.date() <= report.due_date else "late"] += 1
        return counts


def load_plan_records(plan: Plan, user, *, today: datetime.date | None = None, tasks=None) -> PlanRecords:
    """What `user` may see of a plan's supervision, in a fixed number of queries: the visible tasks
    (`tasks`, a `task_queryset()`, narrows them) and the notices addressed to the user's units."""
    queryset = task_queryset().filter(plan=plan) if tasks is None else tasks
    visible = queryset.filter(pk__in=Task.objects.visible_to(user).filter(plan=plan).values("pk"))
    notices = SupervisionNotice.objects.visible_to(user).filter(task__plan=plan)
    # The bureau sees every record: its load serves the scorecard's arithmetic as well.
    complete = tasks is None and core_access.is_bureau_admin(user)
    return _load(plan, visible, notices, today, complete=complete)


def load_all_plan_records(plan: Plan, *, today: datetime.date | None = None) -> PlanRecords:
    """Every record of a plan, whoever asks: for scores and reminders, never to be listed as loaded."""
    notices = SupervisionNotice.objects.filter(task__plan=plan)
    return _load(plan, task_queryset().filter(plan=plan), notices, today, complete=True)


def _load(plan: Plan, tasks, notices, today: datetime.date | None, *, complete: bool) -> PlanRecords:
    return PlanRecords(
        plan, plan_settings(plan), with_organizations(list(tasks.order_by("position", "id"))),
        list(notices.select_related("organization", "task").order_by("-issued_at")),
        today or timezone.localdate(), complete=complete,
    )


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
    """Milestones and task deadlines by date, each with its state (done, done_late, overdue, open).

    Items name their task by `task_id` (pages link to it with {% url %}, for the items they show)."""
    items = []
    for task in records.tasks:
        label = str(task)
        for milestone in task.milestone_list:
            state = records.milestone_state(task, milestone)
            items.append({
                "kind": "milestone", "date": milestone.due_date, "title": milestone.title, "task_id": task.pk,
                "task": label, "state": state, "overdue": state == "overdue",
            })
        if task.deadline:
            done = task.status == TaskStatus.COMPLETED
            overdue = not done and task.deadline < records.today
            items.append({
                "kind": "deadline", "date": task.deadline, "title": task.title, "task_id": task.pk, "task": label,
                "state": "done" if done else ("overdue" if overdue else "open"), "overdue": overdue,
            })
    items.sort(key=lambda item: (item["date"], item["task_id"]))
    return items


def plan_counts(records: PlanRecords) -> dict:
    states = [records.milestone_state(task, m) for task in records.tasks for m in task.milestone_list]
    reports = sum((records.report_counts(task) for task in records.tasks), Counter())
    return {
        "tasks": len(records.tasks),
        "completed": sum(1 for t in records.tasks if records.completions[t.pk].value == 1.0),
        "overdue_tasks": sum(1 for t in records.tasks if records.overdue(t)),
        "milestones": len(states),
        "milestones_done": sum(1 for s in states if s in ("done", "done_late")),
        "milestones_overdue": states.count("overdue"),
        "reports_on_time": reports["on_time"],
        "reports_late": reports["late"],
        "reports_missing": reports["missing"],
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


def task_rows(records: PlanRecords, *, unit_id: int | None = None, overdue: bool = False) -> list[TaskRow]:
    """The task list: outline order, completion and overdue mark; `unit_id` keeps that unit's tasks,
    `overdue` only the overdue ones."""
    rows = []
    for task, depth in task_tree(records):
        assignments = list(task.assignment_list)
        if unit_id is not None and unit_id not in {a.organization_id for a in assignments}:
            continue
        late = records.overdue(task)
        if overdue and not late:
            continue
        rows.append(TaskRow(
            task, depth, records.completions[task.pk], late,
            [a.organization for a in assignments if a.role == UnitRole.LEAD],
            [a.organization for a in assignments if a.role == UnitRole.SUPPORT],
        ))
    return rows


def unit_plan_records(user, units: set[int], today: datetime.date) -> list[PlanRecords]:
    """For each plan with tasks of these units that the user may see, those tasks' records (no
    notices), in a fixed number of queries whatever the number of plans and tasks."""
    visible = Task.objects.visible_to(user).of_unit(units)
    plans = list(Plan.objects.filter(pk__in=visible.values("plan_id")))
    settings = {s.plan_id: s for s in SupervisionSettings.objects.filter(plan__in=plans)}
    tasks: dict[int, list[Task]] = {plan.pk: [] for plan in plans}
    by_id = {plan.pk: plan for plan in plans}
    loaded = task_queryset().filter(pk__in=visible.values("pk")).order_by("position", "id")
    for task in with_organizations(list(loaded)):
        task.plan = by_id[task.plan_id]
        tasks[task.plan_id].append(task)
    return [
        PlanRecords(plan, settings.get(plan.pk) or SupervisionSettings(plan=plan), tasks[plan.pk], today=today)
        for plan in plans
    ]


def unit_workload(user, today: datetime.date) -> dict:
    """For a unit's staff: their units' tasks by plan, the reports they owe, and their open notices."""
    units = access.unit_ids(user)
    if not units:
        return {"my_plans": [], "due_reports": [], "open_notices": []}
    my_plans, due_reports = [], []
    for records in unit_plan_records(user, units, today):
        my_plans.append((records.plan, task_rows(records)))
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
    taken = set(Task.objects.filter(plan=plan).values_list("number", flat=True))
    return free_number(None if parent is None else parent.number, list(siblings), taken)
