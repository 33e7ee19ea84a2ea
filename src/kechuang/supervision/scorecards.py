"""Scorecards (考核) of a plan's units for a year, with every record behind each score.

The records are read once per plan (`PlanRecords` plus the plan's indicator rows from
`plans.selectors.plan_overview`, which the dashboard passes in); the arithmetic is `scoring`'s.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.models import Organization
from kechuang.plans.choices import ProgressStatus
from kechuang.plans.models import Indicator, Plan
from kechuang.plans.selectors import IndicatorRow, plan_overview

from . import completion as rules
from . import scoring
from .choices import UnitRole
from .selectors import PlanRecords, as_of_date, load_all_plan_records

ON_TRACK = {ProgressStatus.ACHIEVED, ProgressStatus.ON_TRACK}
DIMENSION_LABELS = {
    "milestones": gettext_lazy("节点按期完成"), "reports": gettext_lazy("报告按时报送"),
    "indicators": gettext_lazy("指标进展正常"), "notices": gettext_lazy("督办按时答复"),
}


@dataclass(frozen=True)
class Record:
    """One record a score counts, as shown in the drill-down."""

    kind: str  # milestone, report, indicator, notice
    id: int | str
    title: str
    task: str
    due: datetime.date | None
    done: datetime.date | None
    verdict: str  # on-time verdict in words, e.g. 按时完成, 逾期未报
    # The page the record opens, as a URL name and an id: reversed only for the records shown.
    link: tuple[str, int]

    @property
    def url(self) -> str:
        return reverse(self.link[0], args=[self.link[1]])


@dataclass
class ScorecardRow:
    organization: Organization
    result: scoring.UnitScore
    items: list[scoring.Item]
    rank: int | None = None

    @property
    def score(self) -> float | None:
        return self.result.score

    def records(self, dimension: str) -> list[tuple[scoring.Item, Record]]:
        return [(item, item.ref) for item in self.items if item.dimension == dimension]


@dataclass
class Scorecard:
    plan: Plan
    year: int
    as_of: datetime.date
    weights: scoring.Weights
    rows: list[ScorecardRow]

    def row_for(self, organization_id: int) -> ScorecardRow | None:
        return next((row for row in self.rows if row.organization.pk == organization_id), None)


def weights_of(records: PlanRecords) -> scoring.Weights:
    s = records.settings
    return scoring.Weights(
        milestones=s.weight_milestones, reports=s.weight_reports, indicators=s.weight_indicators,
        notices=s.weight_notices, support=s.support_role_weight,
    )


def _milestone_items(records: PlanRecords, year: int, as_of: datetime.date, add) -> None:
    verdicts = {"done": _("按期完成"), "done_late": _("逾期完成"), "overdue": _("逾期未完成")}
    for task in records.tasks:
        link, label = ("supervision:task_detail", task.pk), str(task)
        for milestone in task.milestone_list:
            done = milestone.completed_on if milestone.completed_on and milestone.completed_on <= as_of else None
            # A milestone counts in the year it falls due, once it is done or its day has passed.
            if milestone.due_date.year != year or (done is None and milestone.due_date >= as_of):
                continue
            state = rules.milestone_state(rules.MilestoneFacts(milestone.due_date, done), as_of)
            record = Record("milestone", milestone.pk, milestone.title, label, milestone.due_date, done, verdicts[state], link)
            for assignment in task.assignment_list:
                add(assignment.organization, scoring.Item("milestones", assignment.role, state == "done", record))


def _report_items(records: PlanRecords, year: int, as_of: datetime.date, add) -> None:
    verdicts = {"on_time": _("按时报送"), "late": _("逾期报送"), "missing": _("逾期未报")}
    for task in records.tasks:
        link, label = ("supervision:task_detail", task.pk), str(task)
        roles = {a.organization_id: a for a in task.assignment_list}
        for expected in records.report_records(task, year=year):
            assignment = roles.get(expected.key[0])
            if assignment is None or expected.verdict == "pending":
                continue
            record = Record(
                "report", f"{task.pk}:{expected.key[0]}:{expected.period.label}", expected.period.label, label,
                expected.due_date, expected.submitted_on, verdicts[expected.verdict], link,
            )
            add(assignment.organization, scoring.Item("reports", assignment.role, expected.verdict == "on_time", record))


def _notice_items(records: PlanRecords, year: int, as_of: datetime.date, add) -> None:
    roles = {(a.task_id, a.organization_id): a.role for task in records.tasks for a in task.assignment_list}
    for notice in records.notices:
        replied = notice.replied_at.date() if notice.replied_at and notice.replied_at.date() <= as_of else None
        if notice.reply_due.year != year or (replied is None and notice.reply_due >= as_of):
            continue
        on_time = replied is not None and replied <= notice.reply_due
        verdict = _("按时答复") if on_time else (_("逾期答复") if replied else _("逾期未答复"))
        record = Record(
            "notice", notice.pk, notice.subject, str(notice.task), notice.reply_due, replied, verdict,
            ("supervision:notice_detail", notice.pk),
        )
        role = roles.get((notice.task_id, notice.organization_id), UnitRole.LEAD)
        add(notice.organization, scoring.Item("notices", role, on_time, record))


def _indicator_items(rows: list[IndicatorRow], add) -> None:
    for row in rows:
        indicator = row.indicator
        # An indicator without a target cannot be on or off track, one without a unit scores no one.
        if row.progress is None or indicator.responsible_unit is None:
            continue
        status = row.status
        label = ProgressStatus(status).label if status in ProgressStatus.values else status
        verdict = _("%(status)s（人工判定）") % {"status": label} if row.override else str(label)
        record = Record(
            "indicator", indicator.pk, indicator.name, "", None, None, verdict, ("plans:indicator_detail", indicator.pk),
        )
        add(indicator.responsible_unit, scoring.Item("indicators", UnitRole.LEAD, status in ON_TRACK, record))


def plan_scorecard(plan: Plan, year: int, *, records: PlanRecords | None = None,
                   as_of: datetime.date | None = None, indicator_rows: list[IndicatorRow] | None = None) -> Scorecard:
    """Every unit of the plan scored for a year, ranked; rows keep the items behind each score.

    `records` (complete ones: every unit's records count, whoever looks) and `indicator_rows`
    (`plan_overview(plan, year)`, as the dashboard has them) spare loading again what the caller holds.
    """
    as_of = as_of or as_of_date(year)
    if records is None or records.today != as_of or not records.complete:
        records = load_all_plan_records(plan, today=as_of)
    if indicator_rows is None:
        indicator_rows = plan_overview(plan, year, Indicator.objects.filter(responsible_unit__isnull=False))
    units: dict[int, Organization] = {}
    items: dict[int, list[scoring.Item]] = {}

    def add(organization: Organization, item: scoring.Item) -> None:
        units.setdefault(organization.pk, organization)
        items.setdefault(organization.pk, []).append(item)

    for task in records.tasks:
        for assignment in task.assignment_list:
            units.setdefault(assignment.organization_id, assignment.organization)
    _milestone_items(records, year, as_of, add)
    _report_items(records, year, as_of, add)
    _notice_items(records, year, as_of, add)
    _indicator_items(indicator_rows, add)

    weights = weights_of(records)
    rows = [ScorecardRow(org, scoring.unit_score(items.get(pk, []), weights), items.get(pk, [])) for pk, org in units.items()]
    ranks = scoring.rank({row.organization.pk: row.score for row in rows})
    for row in rows:
        row.rank = ranks[row.organization.pk]
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.organization.name))
    return Scorecard(plan, year, as_of, weights, rows)
