"""Operations that change tasks and their supervision. Each is atomic, permission-checked and audited.

Pages, the API, plan ingestion and the CLI call these functions; `actor=None` is the system (the
demo, ingestion, imports from the CLI) and skips the permission checks.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core import access
from kechuang.core.audit import delete_audited, save_audited
from kechuang.core.codes import CodedError
from kechuang.core.models import Organization
from kechuang.core.services import notify, resolve_notifications
from kechuang.core.uploads import UploadError, check_size
from kechuang.plans.models import Plan
from kechuang.plans.services import bureau_admins, unit_staff

from . import access as supervision_access
from .choices import NoticeStatus, TaskStatus, UnitRole
from .messages import error_text
from .models import Milestone, ProgressReport, SupervisionNotice, SupervisionSettings, Task, TaskUnit
from .periods import parse_period
from .reminders import milestone_topic, notice_topic, report_topic

TASK_FIELDS = (
    "title", "number", "parent", "position", "description", "deadline", "recurrence", "leaders", "manual_percent", "quote",
)
SETTINGS_FIELDS = (
    "report_frequency", "report_grace_days", "reports_start", "support_units_report", "weight_milestones",
    "weight_reports", "weight_indicators", "weight_notices", "support_role_weight",
)

# Allowed task status changes: (from, to) → who may make it ("bureau", or "lead": a lead unit's staff too).
TASK_TRANSITIONS: dict[tuple[str, str], str] = {
    (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS): "lead",
    (TaskStatus.NOT_STARTED, TaskStatus.SUSPENDED): "bureau",
    (TaskStatus.IN_PROGRESS, TaskStatus.SUSPENDED): "bureau",
    (TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED): "bureau",
    (TaskStatus.SUSPENDED, TaskStatus.IN_PROGRESS): "bureau",
    (TaskStatus.COMPLETED, TaskStatus.IN_PROGRESS): "bureau",
}

# Allowed notice status changes: (from, to) → who may make it ("unit": staff of the noticed unit).
NOTICE_TRANSITIONS: dict[tuple[str, str], str] = {
    (NoticeStatus.OPEN, NoticeStatus.ANSWERED): "unit",
    (NoticeStatus.ANSWERED, NoticeStatus.CLOSED): "bureau",
    (NoticeStatus.OPEN, NoticeStatus.CLOSED): "bureau",
}


def _require_admin(actor) -> None:
    # None is the system actor (plan ingestion, imports from the CLI, the demo).
    if actor is not None:
        access.require_bureau_admin(actor)


def _assign_units(task: Task, lead_units: Sequence[Organization], support_units: Sequence[Organization], *, actor) -> None:
    """Make the task's assignments exactly these units in these roles; a unit listed twice keeps its first role."""
    wanted: dict[int, tuple[Organization, str, int]] = {}
    for role, units in ((UnitRole.LEAD, lead_units), (UnitRole.SUPPORT, support_units)):
        for position, organization in enumerate(units):
            wanted.setdefault(organization.pk, (organization, role, position))
    existing = {a.organization_id: a for a in TaskUnit.objects.filter(task=task)}
    for organization_id, assignment in existing.items():
        if organization_id not in wanted:
            delete_audited(assignment, actor=actor, reason=_("移除责任单位"))
    for organization_id, (organization, role, position) in wanted.items():
        assignment = existing.get(organization_id) or TaskUnit(task=task, organization=organization)
        if assignment.pk and (assignment.role, assignment.position) == (role, position):
            continue
        assignment.role, assignment.position = role, position
        save_audited(assignment, actor=actor, reason=_("指定责任单位"))


def create_task(
    plan: Plan, *, actor, title: str, number: str = "", parent: Task | None = None,
    lead_units: Sequence[Organization] = (), support_units: Sequence[Organization] = (),
    deadline: datetime.date | None = None, description: str = "", quote: str = "", reason: str = "",
    **fields: Any,
) -> Task:
    """Add a task to a plan with its lead and supporting units. Bureau admins only."""
    _require_admin(actor)
    if not lead_units:
        raise ValidationError({"lead_units": _("任务至少需要一个牵头单位。")})
    with transaction.atomic():
        position = fields.pop("position", None)
        if position is None:
            position = (plan.tasks.aggregate(top=Max("position"))["top"] or 0) + 1
        task = Task(
            plan=plan, parent=parent, number=number, title=title, deadline=deadline,
            description=description, quote=quote, position=position, **fields,
        )
        task.full_clean()
        save_audited(task, actor=actor, reason=reason or _("新增任务"))
        _assign_units(task, lead_units, support_units, actor=actor)
    return task


def _visible_task(task: Task, actor) -> Task:
    """Re-read the task inside the transaction, as the actor may see it (nobody acts outside their scope)."""
    queryset = Task.objects.all() if actor is None else Task.objects.visible_to(actor)
    try:
        return queryset.select_related("plan").prefetch_related("assignments").get(pk=task.pk)
    except Task.DoesNotExist:
        raise PermissionDenied(_("任务不存在或无权访问。")) from None


def _unknown_fields(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("不能设置字段：%(fields)s") % {"fields": _("、").join(sorted(unknown))})


def update_task(task: Task, *, actor, reason: str = "", **fields: Any) -> Task:
    """Change a task's title, numbering, parent, deadline, text or fallback percentage. Bureau admins only."""
    _require_admin(actor)
    _unknown_fields(fields, TASK_FIELDS)
    with transaction.atomic():
        task = _visible_task(task, actor)
        for key, value in fields.items():
            setattr(task, key, value)
        parent = fields.get("parent")
        while parent is not None:
            if parent.pk == task.pk:
                raise ValidationError({"parent": _("上级任务不能是任务本身或其下级任务。")})
            parent = parent.parent
        task.full_clean()
        save_audited(task, actor=actor, reason=reason or _("修改任务"))
    return task


def delete_task(task: Task, *, actor, reason: str = "") -> None:
    """Remove a task with its milestones and unit assignments. Bureau admins only.

    Refused while the task has subtasks (delete those first, so nothing goes by cascade unseen), or
    once units have reported on it or it has been the subject of a notice: those are the supervision
    record the scorecards and an inspector rely on. Every deleted row keeps a deletion entry.
    """
    _require_admin(actor)
    with transaction.atomic():
        task = _visible_task(task, actor)
        problems = []
        children = task.children.count()
        if children:
            problems.append(_("有 %(count)s 项下级任务，请先删除下级任务") % {"count": children})
        reports = task.reports.count()
        if reports:
            problems.append(_("已有 %(count)s 份进展报告") % {"count": reports})
        notices = task.notices.count()
        if notices:
            problems.append(_("已签发 %(count)s 份督办单") % {"count": notices})
        if problems:
            raise ValidationError(
                _("任务“%(task)s”不能删除：%(problems)s。") % {"task": task, "problems": _("；").join(problems)}
            )
        reason = reason.strip() or _("删除任务")
        for record in [*task.milestones.all(), *task.assignments.all()]:
            delete_audited(record, actor=actor, reason=reason)
        delete_audited(task, actor=actor, reason=reason)


def set_task_units(
    task: Task, *, actor, lead_units: Sequence[Organization], support_units: Sequence[Organization] = (),
    reason: str = "",
) -> Task:
    """Replace a task's lead and supporting units. Bureau admins only; at least one lead unit."""
    _require_admin(actor)
    if not lead_units:
        raise ValidationError({"lead_units": _("任务至少需要一个牵头单位。")})
    with transaction.atomic():
        task = _visible_task(task, actor)
        _assign_units(task, lead_units, support_units, actor=actor)
        # The task's own history records that its units changed.
        save_audited(task, actor=actor, reason=reason or _("调整责任单位"))
    return task


def edit_task(
    task: Task, *, actor, lead_units: Sequence[Organization] | None = None,
    support_units: Sequence[Organization] | None = None, reason: str = "", **fields: Any,
) -> Task:
    """Change a task's fields and, when given, its units, in one transaction (all or nothing).

    Units left out keep their role: lead units alone replace the lead units, and so on."""
    with transaction.atomic():
        task = update_task(task, actor=actor, reason=reason, **fields)
        if lead_units is not None or support_units is not None:
            current = list(task.assignments.select_related("organization"))
            if lead_units is None:
                lead_units = [a.organization for a in current if a.role == UnitRole.LEAD]
            if support_units is None:
                support_units = [a.organization for a in current if a.role == UnitRole.SUPPORT]
            task = set_task_units(task, actor=actor, lead_units=lead_units, support_units=support_units, reason=reason)
    return task


def change_task_status(task: Task, *, actor, status: str, reason: str = "") -> Task:
    """Move a task along TASK_TRANSITIONS; illegal moves raise a ValidationError naming both statuses."""
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("未知的任务状态：%(status)s") % {"status": status}})
    with transaction.atomic():
        task = _visible_task(task, actor)
        who = TASK_TRANSITIONS.get((task.status, status))
        if who is None:
            raise ValidationError(
                {"status": _("任务当前为“%(current)s”，不能改为“%(target)s”。")
                 % {"current": task.get_status_display(), "target": TaskStatus(status).label}}
            )
        if actor is not None and not access.is_bureau_admin(actor):
            if who != "lead" or UnitRole.LEAD not in supervision_access.unit_roles(actor, task).values():
                raise PermissionDenied(_("只有科技局可以将任务改为“%(target)s”。") % {"target": TaskStatus(status).label})
        task.status = status
        save_audited(task, actor=actor, reason=reason or _("状态改为%(target)s") % {"target": TaskStatus(status).label})
    return task


# --- milestones --------------------------------------------------------------------------------


def _require_milestone_manager(actor, task: Task) -> None:
    if actor is not None and not supervision_access.can_manage_milestones(actor, task):
        raise PermissionDenied(_("只有该任务的牵头单位或科技局可以维护时间节点。"))


def add_milestone(task: Task, *, actor, title: str, due_date: datetime.date, evidence: str = "") -> Milestone:
    """Add a dated step to a task. Staff of a lead unit, or the bureau."""
    with transaction.atomic():
        task = _visible_task(task, actor)
        _require_milestone_manager(actor, task)
        milestone = Milestone(task=task, title=(title or "").strip(), due_date=due_date, evidence=evidence)
        milestone.full_clean()
        save_audited(milestone, actor=actor, reason=_("新增时间节点"))
    return milestone


def update_milestone(milestone: Milestone, *, actor, reason: str = "", **fields: Any) -> Milestone:
    """Edit a milestone's text; only the bureau may move its due date or clear its completion.

    A unit that could move its own due dates could make any milestone "on time" in the scorecard.
    """
    _unknown_fields(fields, ("title", "due_date", "evidence", "completed_on"))
    with transaction.atomic():
        milestone = Milestone.objects.select_related("task").get(pk=milestone.pk)
        task = _visible_task(milestone.task, actor)
        _require_milestone_manager(actor, task)
        bureau_only = [
            name for name in ("due_date", "completed_on") if name in fields and fields[name] != getattr(milestone, name)
        ]
        if bureau_only and actor is not None and not access.is_bureau_admin(actor):
            raise PermissionDenied(_("计划完成日期和实际完成日期只能由科技局调整。"))
        for key, value in fields.items():
            setattr(milestone, key, value)
        milestone.full_clean()
        save_audited(milestone, actor=actor, reason=reason or _("修改时间节点"))
    return milestone


def complete_milestone(
    milestone: Milestone, *, actor, completed_on: datetime.date | None = None, evidence: str = ""
) -> Milestone:
    """Record that a milestone is done (today unless a past day is given), with what shows it."""
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today:
        raise ValidationError({"completed_on": _("实际完成日期不能晚于今天。")})
    with transaction.atomic():
        milestone = Milestone.objects.select_related("task").get(pk=milestone.pk)
        task = _visible_task(milestone.task, actor)
        _require_milestone_manager(actor, task)
        if milestone.completed_on is not None:
            raise ValidationError({"completed_on": _("该节点已于 %(date)s 完成。") % {"date": f"{milestone.completed_on:%Y-%m-%d}"}})
        milestone.completed_on = completed_on
        if evidence.strip():
            milestone.evidence = evidence.strip()
        milestone.full_clean()
        save_audited(milestone, actor=actor, reason=_("节点完成"))
        resolve_notifications(milestone_topic(milestone.pk))
    return milestone


# --- progress reports --------------------------------------------------------------------------


def report_max_bytes() -> int:
    return django_settings.KECHUANG_REPORT_MAX_BYTES


def submit_report(
    task: Task, *, actor, period: str, text: str, percent: int | None = None, organization: Organization | None = None,
    attachment_name: str = "", attachment: bytes | None = None, today: datetime.date | None = None,
) -> ProgressReport:
    """A unit reports progress on its task for the current or a past reporting period.

    The actor must be staff of a lead or supporting unit of the task (`organization` chooses which,
    when they belong to several). A second report for the same period replaces the first's text,
    percentage and attachment but keeps its submission time (the history keeps both). `today` dates
    the submission for the demo, imports and tests; pages and the API never pass it.
    """
    from .selectors import plan_settings, reportable_period_labels

    now = timezone.now()
    if today is not None and today != timezone.localdate(now):
        now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    today = timezone.localdate(now)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("请填写进展情况。")})
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": _("完成进度应在 0 到 100 之间。")})
    if attachment is not None:
        try:
            check_size(len(attachment), max_bytes=report_max_bytes(), file_name=attachment_name or _("附件"))
        except UploadError as exc:
            raise ValidationError({"attachment": str(exc)}) from None
    with transaction.atomic():
        task = _visible_task(task, actor)
        roles = {a.organization_id: a for a in task.assignments.all()}
        if actor is not None:
            mine = supervision_access.unit_roles(actor, task)
            if not mine:
                raise PermissionDenied(_("只有该任务的牵头单位或配合单位人员可以报送进展。"))
            if organization is None and len(mine) > 1:
                raise ValidationError({"organization": _("您属于该任务的多个责任单位，请选择报送单位。")})
            organization_id = organization.pk if organization is not None else next(iter(mine))
            if organization_id not in mine:
                raise PermissionDenied(_("只能以本单位名义报送进展。"))
        elif organization is None or organization.pk not in roles:
            raise ValidationError({"organization": _("报送单位必须是该任务的责任单位。")})
        else:
            organization_id = organization.pk
        settings = plan_settings(task.plan)
        period = (period or "").strip().upper()
        if period not in reportable_period_labels(task.plan, settings, today):
            try:
                parse_period(period)
            except CodedError as exc:
                raise ValidationError({"period": error_text(exc)}) from None
            raise ValidationError({"period": _("报告期“%(period)s”不可报送：只能报送本期或已过去的报告期。") % {"period": period}})
        _frequency, bounds = parse_period(period)
        report = ProgressReport.objects.filter(task=task, organization_id=organization_id, period=period).first()
        if report is None:
            report = ProgressReport(
                task=task, organization_id=organization_id, period=period, submitted_at=now,
                due_date=bounds.due_date(settings.report_grace_days), submitted_by=actor,
            )
        report.text, report.percent = text, percent
        if attachment is not None:
            report.attachment_name, report.attachment = (attachment_name or _("附件"))[:200], attachment
        report.full_clean(exclude=["attachment", "submitted_by"])
        save_audited(report, actor=actor, reason=_("报送进展") if report.pk is None else _("修改进展报告"))
        resolve_notifications(report_topic(task.pk, organization_id, period))
        notify(
            bureau_admins(), title=_("进展报告：%(task)s %(period)s") % {"task": task, "period": period},
            body=_("%(unit)s报送了进展。") % {"unit": roles[organization_id].organization},
            link=reverse("supervision:task_detail", args=[task.pk]),
        )
    return report


# --- settings ----------------------------------------------------------------------------------


def save_supervision_settings(plan: Plan, *, actor, reason: str = "", **fields: Any) -> SupervisionSettings:
    """Set a plan's reporting cycle, grace days and scorecard weights. Bureau admins only."""
    _require_admin(actor)
    _unknown_fields(fields, SETTINGS_FIELDS)
    with transaction.atomic():
        settings = SupervisionSettings.objects.filter(plan=plan).first() or SupervisionSettings(plan=plan)
        for key, value in fields.items():
            setattr(settings, key, value)
        settings.full_clean()
        save_audited(settings, actor=actor, reason=reason or _("修改督办设置"))
    return settings


# --- supervision notices -----------------------------------------------------------------------


def _notice_transition(notice: SupervisionNotice, to: str, *, actor) -> SupervisionNotice:
    """Re-read the notice as the actor may see it and check NOTICE_TRANSITIONS."""
    queryset = SupervisionNotice.objects.all() if actor is None else SupervisionNotice.objects.visible_to(actor)
    try:
        notice = queryset.select_related("task", "organization", "issued_by").get(pk=notice.pk)
    except SupervisionNotice.DoesNotExist:
        raise PermissionDenied(_("督办单不存在或无权访问。")) from None
    who = NOTICE_TRANSITIONS.get((notice.status, to))
    if who is None:
        raise ValidationError(
            {"status": _("督办单当前为“%(current)s”，不能改为“%(target)s”。")
             % {"current": notice.get_status_display(), "target": NoticeStatus(to).label}}
        )
    if actor is not None:
        if who == "bureau":
            access.require_bureau_admin(actor)
        elif not supervision_access.can_answer(actor, notice):
            raise PermissionDenied(_("只有被督办单位的人员可以答复督办单。"))
    notice.status = to
    return notice


def issue_notice(
    task: Task, *, actor, organization: Organization, subject: str, body: str, reply_due: datetime.date,
) -> SupervisionNotice:
    """The bureau demands an answer from one of the task's units by a day; the unit's staff are notified."""
    _require_admin(actor)
    if reply_due < timezone.localdate():
        raise ValidationError({"reply_due": _("答复期限不能早于今天。")})
    with transaction.atomic():
        task = _visible_task(task, actor)
        if organization.pk not in {a.organization_id for a in task.assignments.all()}:
            raise ValidationError({"organization": _("“%(unit)s”不是该任务的责任单位。") % {"unit": organization}})
        notice = SupervisionNotice(
            task=task, organization=organization, subject=(subject or "").strip(), body=(body or "").strip(),
            reply_due=reply_due, issued_by=actor, issued_at=timezone.now(),
        )
        notice.full_clean(exclude=["issued_by"])
        save_audited(notice, actor=actor, reason=_("签发督办单"))
        notify(
            unit_staff(organization.pk), title=_("督办单：%(subject)s") % {"subject": notice.subject},
            body=_("任务“%(task)s”，请于 %(date)s 前答复。") % {"task": task, "date": f"{reply_due:%Y-%m-%d}"},
            link=reverse("supervision:notice_detail", args=[notice.pk]), topic=notice_topic(notice.pk),
        )
    return notice


def answer_notice(notice: SupervisionNotice, *, actor, reply: str) -> SupervisionNotice:
    """Staff of the noticed unit answer; the issuer and the bureau's admins are notified."""
    if not (reply or "").strip():
        raise ValidationError({"reply": _("请填写答复内容。")})
    with transaction.atomic():
        notice = _notice_transition(notice, NoticeStatus.ANSWERED, actor=actor)
        notice.reply, notice.replied_by, notice.replied_at = reply.strip(), actor, timezone.now()
        save_audited(notice, actor=actor, reason=_("答复督办单"))
        resolve_notifications(notice_topic(notice.pk))
        recipients = {user.pk: user for user in bureau_admins()}
        if notice.issued_by is not None:
            recipients.setdefault(notice.issued_by.pk, notice.issued_by)
        notify(
            recipients.values(), title=_("督办单已答复：%(subject)s") % {"subject": notice.subject},
            body=_("%(unit)s已答复。") % {"unit": notice.organization},
            link=reverse("supervision:notice_detail", args=[notice.pk]),
        )
    return notice


def close_notice(notice: SupervisionNotice, *, actor, reason: str = "") -> SupervisionNotice:
    """The bureau closes a notice (办结), answered or not; the unit's staff are told."""
    with transaction.atomic():
        notice = _notice_transition(notice, NoticeStatus.CLOSED, actor=actor)
        save_audited(notice, actor=actor, reason=reason.strip() or _("督办单办结"))
        resolve_notifications(notice_topic(notice.pk))
        notify(
            unit_staff(notice.organization_id), title=_("督办单已办结：%(subject)s") % {"subject": notice.subject},
            body=reason.strip(),
            link=reverse("supervision:notice_detail", args=[notice.pk]),
        )
    return notice
