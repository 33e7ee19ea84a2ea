"""Who may see and change tasks, reports, notices and scorecards (on top of kechuang.core.access).

Supervision is the bureau's and the responsible units' business: enterprises, institutions and the
public get 404 on all of it. Unit staff see every task of a visible plan with its milestones, the
progress reports of the tasks their unit shares, and only the notices addressed to their unit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from kechuang.core import access
from kechuang.core.choices import Role
from kechuang.plans.access import get_plan_for_user
from kechuang.plans.models import Plan

from .choices import UnitRole
from .models import Milestone, ProgressReport, SupervisionNotice, Task


def unit_ids(user) -> set[int]:
    return access.organization_ids_of(user, Role.UNIT_STAFF)


def is_supervision_user(user) -> bool:
    return access.is_bureau_admin(user) or bool(unit_ids(user))


def require_supervision_user(user) -> None:
    if not is_supervision_user(user):
        raise Http404(_("页面不存在。"))


def get_supervised_plan(user, pk: int, *, write: bool = False) -> Plan:
    require_supervision_user(user)
    return get_plan_for_user(user, pk, write=write)


def unit_roles(user, task: Task) -> dict[int, str]:
    """The user's units on the task, with their roles (from `task_queryset()`'s list when there)."""
    own = unit_ids(user)
    assignments = getattr(task, "assignment_list", None)
    if assignments is None:
        assignments = task.assignments.all()
    return {a.organization_id: a.role for a in assignments if a.organization_id in own}


def can_report(user, task: Task) -> bool:
    """Submit progress: staff of a lead or supporting unit of the task (the bureau reads, it does not report)."""
    return bool(unit_roles(user, task))


def can_manage_milestones(user, task: Task) -> bool:
    return access.is_bureau_admin(user) or UnitRole.LEAD in unit_roles(user, task).values()


def get_task_for_user(user, pk: int, *, write: bool = False, report: bool = False, milestones: bool = False) -> Task:
    """`write`: change the task (bureau); `report`: submit progress; `milestones`: add/complete milestones."""
    try:
        task = (
            Task.objects.visible_to(user).select_related("plan", "parent").prefetch_related("assignments__organization")
            .get(pk=pk)
        )
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404(_("任务不存在。")) from None
    if write:
        access.require_bureau_admin(user)
    if report and not can_report(user, task):
        raise PermissionDenied(_("只有该任务的牵头单位或配合单位人员可以报送进展。"))
    if milestones and not can_manage_milestones(user, task):
        raise PermissionDenied(_("只有该任务的牵头单位或科技局可以维护时间节点。"))
    return task


def get_milestone_for_user(user, pk: int, *, write: bool = False) -> Milestone:
    try:
        milestone = Milestone.objects.filter(task__in=Task.objects.visible_to(user)).select_related("task__plan").get(pk=pk)
    except (Milestone.DoesNotExist, ValueError, TypeError):
        raise Http404(_("时间节点不存在。")) from None
    if write and not can_manage_milestones(user, milestone.task):
        raise PermissionDenied(_("只有该任务的牵头单位或科技局可以维护时间节点。"))
    return milestone


def get_report_for_user(user, pk: int) -> ProgressReport:
    try:
        return ProgressReport.objects.visible_to(user).select_related("task", "organization").get(pk=pk)
    except (ProgressReport.DoesNotExist, ValueError, TypeError):
        raise Http404(_("进展报告不存在。")) from None


def can_answer(user, notice: SupervisionNotice) -> bool:
    return notice.organization_id in unit_ids(user)


def get_notice_for_user(user, pk: int, *, answer: bool = False, close: bool = False) -> SupervisionNotice:
    try:
        notice = (
            SupervisionNotice.objects.visible_to(user)
            .select_related("task__plan", "organization", "issued_by", "replied_by").get(pk=pk)
        )
    except (SupervisionNotice.DoesNotExist, ValueError, TypeError):
        raise Http404(_("督办单不存在。")) from None
    if answer and not can_answer(user, notice):
        raise PermissionDenied(_("只有被督办单位的人员可以答复督办单。"))
    if close:
        access.require_bureau_admin(user)
    return notice


def can_view_unit_scorecard(user, organization_id: int) -> bool:
    """The drill-down lists a unit's reports and notices: the bureau and that unit only."""
    return access.is_bureau_admin(user) or organization_id in unit_ids(user)
