"""Tasks, milestones, progress reports, supervision notices and scorecards API.

The same services and scoping as the pages: enterprises and other outsiders get 404, a unit sees
its own tasks' reports and its own notices, the bureau everything.
No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status
from ninja.pagination import paginate

from kechuang.core.choices import OrganizationKind
from kechuang.core.models import Organization
from kechuang.core.pagination import Pagination
from kechuang.core.schemas import ERROR_RESPONSES, Id

from . import access, services
from . import completion as rules
from .models import ProgressReport, SupervisionNotice, Task
from .schemas import (
    MilestoneCompleteIn,
    MilestoneIn,
    MilestoneOut,
    MilestonePatch,
    NoticeAnswerIn,
    NoticeCloseIn,
    NoticeIn,
    NoticeOut,
    ReportIn,
    ReportOut,
    ScorecardOut,
    TaskDetailOut,
    TaskIn,
    TaskOut,
    TaskPatch,
    TaskStatusIn,
)
from .scorecards import plan_scorecard
from .selectors import PlanRecords, load_plan_records, task_queryset, task_rows

router = Router(tags=[gettext_lazy("任务督办")])


def _unit(organization) -> dict:
    return {"id": organization.pk, "name": organization.name}


def _milestone(milestone, today) -> dict:
    facts = rules.MilestoneFacts(milestone.due_date, milestone.completed_on)
    return {
        "id": milestone.pk, "task_id": milestone.task_id, "title": milestone.title, "due_date": milestone.due_date,
        "completed_on": milestone.completed_on, "evidence": milestone.evidence,
        "state": rules.milestone_state(facts, today),
    }


def _task(row, records: PlanRecords, detail: bool = False) -> dict:
    task = row.task
    data = {
        "id": task.pk, "plan_id": task.plan_id, "parent_id": task.parent_id, "number": task.number,
        "title": task.title, "status": task.status, "deadline": task.deadline,
        "recurrence": task.recurrence, "leaders": task.leaders,
        "completion": row.completion.value, "completion_source": row.completion.source, "overdue": row.overdue,
        "lead_units": [_unit(o) for o in row.lead_units], "support_units": [_unit(o) for o in row.support_units],
    }
    if detail:
        data["description"] = task.description
        data["milestones"] = [_milestone(m, records.today) for m in task.milestone_list]
    return data


@router.get("/plans/{plan_id}/tasks", response={200: list[TaskOut], **ERROR_RESPONSES}, summary=gettext_lazy("规划的任务清单（可按责任单位、是否逾期筛选）"))
@paginate(Pagination)
def list_tasks(request: HttpRequest, plan_id: Id, unit: Id | None = None, overdue: bool = False):
    plan = access.get_supervised_plan(request.user, plan_id)
    records = load_plan_records(plan, request.user)
    return [_task(row, records) for row in task_rows(records, unit_id=unit, overdue=overdue)]


def _task_record(request: HttpRequest, task_id: Id):
    task = access.get_task_for_user(request.user, task_id)
    records = load_plan_records(task.plan, request.user, tasks=task_queryset().filter(pk=task.pk))
    rows = task_rows(records)
    return rows[0], records


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, **ERROR_RESPONSES}, summary=gettext_lazy("任务详情"))
def get_task(request: HttpRequest, task_id: Id):
    row, records = _task_record(request, task_id)
    return _task(row, records, detail=True)


@router.post("/tasks/{task_id}/status", response={200: TaskDetailOut, **ERROR_RESPONSES}, summary=gettext_lazy("变更任务状态"))
def change_task_status(request: HttpRequest, task_id: Id, payload: TaskStatusIn):
    task = access.get_task_for_user(request.user, task_id)
    services.change_task_status(task, actor=request.user, status=payload.status, reason=payload.reason)
    row, records = _task_record(request, task_id)
    return _task(row, records, detail=True)


def _task_units(ids: list[int] | None, field: str) -> list[Organization] | None:
    """Organizations by id, in the order given; enterprises cannot be responsible units."""
    if ids is None:
        return None
    found = Organization.objects.exclude(kind=OrganizationKind.ENTERPRISE).in_bulk(ids)
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({field: _("单位 %(ids)s 不存在或不能作为责任单位。") % {"ids": _("、").join(missing)}})
    return [found[pk] for pk in ids]


def _parent(plan_id: int, parent_id: int | None) -> Task | None:
    if parent_id is None:
        return None
    parent = Task.objects.filter(plan_id=plan_id, pk=parent_id).first()
    if parent is None:
        raise ValidationError({"parent_id": _("上级任务 %(id)s 不属于该规划。") % {"id": parent_id}})
    return parent


@router.post("/plans/{plan_id}/tasks", response={201: TaskDetailOut, **ERROR_RESPONSES}, summary=gettext_lazy("新增任务（科技局）"))
def create_task(request: HttpRequest, plan_id: Id, payload: TaskIn):
    plan = access.get_supervised_plan(request.user, plan_id, write=True)
    fields = payload.dict(exclude={"parent_id", "lead_unit_ids", "support_unit_ids"})
    task = services.create_task(
        plan, actor=request.user, parent=_parent(plan.pk, payload.parent_id),
        lead_units=_task_units(payload.lead_unit_ids, "lead_unit_ids"),
        support_units=_task_units(payload.support_unit_ids, "support_unit_ids"), **fields,
    )
    row, records = _task_record(request, task.pk)
    return Status(201, _task(row, records, detail=True))


@router.patch("/tasks/{task_id}", response={200: TaskDetailOut, **ERROR_RESPONSES}, summary=gettext_lazy("修改任务与责任单位（科技局）"))
def update_task(request: HttpRequest, task_id: Id, payload: TaskPatch):
    task = access.get_task_for_user(request.user, task_id, write=True)
    fields = payload.dict(exclude_unset=True, exclude={"lead_unit_ids", "support_unit_ids", "reason"})
    if "parent_id" in fields:
        fields["parent"] = _parent(task.plan_id, fields.pop("parent_id"))
    services.edit_task(
        task, actor=request.user, reason=payload.reason,
        lead_units=_task_units(payload.lead_unit_ids, "lead_unit_ids"),
        support_units=_task_units(payload.support_unit_ids, "support_unit_ids"), **fields,
    )
    row, records = _task_record(request, task_id)
    return _task(row, records, detail=True)


@router.delete("/tasks/{task_id}", response={204: None, **ERROR_RESPONSES}, summary=gettext_lazy("删除任务（科技局；有下级任务、进展报告或督办单时不能删除）"))
def delete_task(request: HttpRequest, task_id: Id):
    task = access.get_task_for_user(request.user, task_id, write=True)
    services.delete_task(task, actor=request.user)
    return Status(204, None)


@router.get("/tasks/{task_id}/milestones", response={200: list[MilestoneOut], **ERROR_RESPONSES}, summary=gettext_lazy("任务的时间节点"))
def list_milestones(request: HttpRequest, task_id: Id):
    row, records = _task_record(request, task_id)
    return [_milestone(m, records.today) for m in row.task.milestone_list]


@router.post("/tasks/{task_id}/milestones", response={201: MilestoneOut, **ERROR_RESPONSES}, summary=gettext_lazy("新增时间节点"))
def create_milestone(request: HttpRequest, task_id: Id, payload: MilestoneIn):
    task = access.get_task_for_user(request.user, task_id, milestones=True)
    milestone = services.add_milestone(task, actor=request.user, **payload.dict())
    return Status(201, _milestone(milestone, milestone.due_date))


@router.patch("/milestones/{milestone_id}", response={200: MilestoneOut, **ERROR_RESPONSES}, summary=gettext_lazy("修改时间节点"))
def update_milestone(request: HttpRequest, milestone_id: Id, payload: MilestonePatch):
    milestone = access.get_milestone_for_user(request.user, milestone_id, write=True)
    milestone = services.update_milestone(milestone, actor=request.user, **payload.dict(exclude_unset=True))
    return _milestone(milestone, timezone.localdate())


@router.post("/milestones/{milestone_id}/complete", response={200: MilestoneOut, **ERROR_RESPONSES}, summary=gettext_lazy("节点完成"))
def complete_milestone(request: HttpRequest, milestone_id: Id, payload: MilestoneCompleteIn):
    milestone = access.get_milestone_for_user(request.user, milestone_id, write=True)
    milestone = services.complete_milestone(milestone, actor=request.user, **payload.dict())
    return _milestone(milestone, timezone.localdate())


@router.get("/progress-reports", response=list[ReportOut], summary=gettext_lazy("进展报告（本单位任务的报告；科技局可见全部）"))
@paginate(Pagination)
def list_reports(request: HttpRequest, plan_id: Id | None = None, task_id: Id | None = None,
                 organization_id: Id | None = None):
    reports = ProgressReport.objects.visible_to(request.user).defer("attachment").select_related("organization")
    if plan_id is not None:
        reports = reports.filter(task__plan_id=plan_id)
    if task_id is not None:
        reports = reports.filter(task_id=task_id)
    if organization_id is not None:
        reports = reports.filter(organization_id=organization_id)
    # A queryset, so the page is cut in the database (LIMIT/OFFSET), not from a list of every report.
    return reports.order_by("-submitted_at", "-id")


def _organization(organization_id: Id | None):
    if organization_id is None:
        return None
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise ValidationError({"organization_id": _("单位 %(pk)s 不存在。") % {"pk": organization_id}})
    return organization


@router.post("/tasks/{task_id}/reports", response={201: ReportOut, **ERROR_RESPONSES}, summary=gettext_lazy("报送进展（责任单位）"))
def submit_report(request: HttpRequest, task_id: Id, payload: ReportIn):
    task = access.get_task_for_user(request.user, task_id, report=True)
    report = services.submit_report(
        task, actor=request.user, period=payload.period, text=payload.text, percent=payload.percent,
        organization=_organization(payload.organization_id),
    )
    return Status(201, ProgressReport.objects.defer("attachment").select_related("organization").get(pk=report.pk))


@router.get("/notices", response=list[NoticeOut], summary=gettext_lazy("督办单（本单位收到的；科技局可见全部）"))
@paginate(Pagination)
def list_notices(request: HttpRequest, plan_id: Id | None = None, task_id: Id | None = None, status: str | None = None):
    notices = SupervisionNotice.objects.visible_to(request.user).select_related("organization")
    if plan_id is not None:
        notices = notices.filter(task__plan_id=plan_id)
    if task_id is not None:
        notices = notices.filter(task_id=task_id)
    if status:
        notices = notices.filter(status=status)
    return notices.order_by("-issued_at", "-id")


@router.get("/notices/{notice_id}", response={200: NoticeOut, **ERROR_RESPONSES}, summary=gettext_lazy("督办单详情"))
def get_notice(request: HttpRequest, notice_id: Id):
    return access.get_notice_for_user(request.user, notice_id)


@router.post("/tasks/{task_id}/notices", response={201: NoticeOut, **ERROR_RESPONSES}, summary=gettext_lazy("签发督办单（科技局）"))
def issue_notice(request: HttpRequest, task_id: Id, payload: NoticeIn):
    task = access.get_task_for_user(request.user, task_id, write=True)
    organization = _organization(payload.organization_id)
    notice = services.issue_notice(
        task, actor=request.user, organization=organization, subject=payload.subject, body=payload.body,
        reply_due=payload.reply_due,
    )
    return Status(201, notice)


@router.post("/notices/{notice_id}/answer", response={200: NoticeOut, **ERROR_RESPONSES}, summary=gettext_lazy("答复督办单（被督办单位）"))
def answer_notice(request: HttpRequest, notice_id: Id, payload: NoticeAnswerIn):
    notice = access.get_notice_for_user(request.user, notice_id, answer=True)
    return services.answer_notice(notice, actor=request.user, reply=payload.reply)


@router.post("/notices/{notice_id}/close", response={200: NoticeOut, **ERROR_RESPONSES}, summary=gettext_lazy("督办单办结（科技局）"))
def close_notice(request: HttpRequest, notice_id: Id, payload: NoticeCloseIn):
    notice = access.get_notice_for_user(request.user, notice_id, close=True)
    return services.close_notice(notice, actor=request.user, reason=payload.reason)


@router.get("/plans/{plan_id}/scorecards", response={200: ScorecardOut, **ERROR_RESPONSES}, summary=gettext_lazy("责任单位考核与排名"))
def get_scorecard(request: HttpRequest, plan_id: Id, year: int = Query(..., ge=1900, le=2200)):
    plan = access.get_supervised_plan(request.user, plan_id)
    scorecard = plan_scorecard(plan, year)
    rows = []
    for row in scorecard.rows:
        records = None
        if access.can_view_unit_scorecard(request.user, row.organization.pk):
            records = [
                {
                    "dimension": item.dimension, "kind": item.ref.kind, "id": str(item.ref.id), "title": item.ref.title,
                    "task": item.ref.task, "role": item.role, "due": item.ref.due, "done": item.ref.done,
                    "on_time": item.on_time, "verdict": item.ref.verdict,
                }
                for item in row.items
            ]
        rows.append({
            "organization": _unit(row.organization), "rank": row.rank, "score": row.score,
            "dimensions": {name: dataclasses.asdict(d) for name, d in row.result.dimensions.items()},
            "records": records,
        })
    return {
        "plan_id": plan.pk, "year": year, "as_of": scorecard.as_of, "weights": dataclasses.asdict(scorecard.weights),
        "rows": rows,
    }
