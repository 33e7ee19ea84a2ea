"""Tasks of a plan and their supervision: units, milestones, progress reports, notices (督办)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kechuang.core.models import Organization
from kechuang.plans.models import Plan

from .choices import NoticeStatus, ReportFrequency, TaskStatus, UnitRole


class SupervisionSettings(models.Model):
    """How the bureau supervises one plan: the reporting cycle and the scorecard weights."""

    plan = models.OneToOneField(
        Plan, verbose_name=_("规划"), on_delete=models.CASCADE, related_name="supervision_settings"
    )
    report_frequency = models.CharField(
        _("进展报告周期"), max_length=12, choices=ReportFrequency.choices, default=ReportFrequency.QUARTERLY
    )
    # A report is due this many days after its period ends.
    report_grace_days = models.PositiveSmallIntegerField(_("报送宽限天数"), default=10)
    # Reports are owed for periods from this day on; blank: from the plan's start year.
    reports_start = models.DateField(_("报送起始日期"), null=True, blank=True)
    # Supporting units report too, or only the lead units (the usual 牵头单位汇总报送).
    support_units_report = models.BooleanField(_("配合单位也需报送"), default=False)
    weight_milestones = models.FloatField(_("权重：节点按期完成"), default=0.4)
    weight_reports = models.FloatField(_("权重：报告按时报送"), default=0.2)
    weight_indicators = models.FloatField(_("权重：指标进展正常"), default=0.3)
    weight_notices = models.FloatField(_("权重：督办按时答复"), default=0.1)
    # How much a supporting unit's share of a task counts against a lead unit's (1.0).
    support_role_weight = models.FloatField(_("配合单位系数"), default=0.5)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("督办设置")
        verbose_name_plural = _("督办设置")

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_report_frequency_display()}"

    def clean(self) -> None:
        weights = [self.weight_milestones, self.weight_reports, self.weight_indicators, self.weight_notices]
        if any(weight < 0 for weight in weights) or sum(weights) <= 0:
            raise ValidationError(_("各项权重不能为负，且合计必须大于 0。"))
        if not 0 <= self.support_role_weight <= 1:
            raise ValidationError({"support_role_weight": _("配合单位系数应在 0 到 1 之间。")})


def _is_supervisor(user) -> bool:
    from kechuang.core import access

    return access.is_bureau_admin(user)


def _unit_ids(user) -> set[int]:
    from kechuang.core import access
    from kechuang.core.choices import Role

    return access.organization_ids_of(user, Role.UNIT_STAFF)


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> TaskQuerySet:
        """Tasks of the plans the user may see, for the bureau and responsible-unit staff only.

        Supervision is the government's internal business: enterprises and the public see plans, not tasks.
        """
        if not (_is_supervisor(user) or _unit_ids(user)):
            return self.none()
        return self.filter(plan__in=Plan.objects.visible_to(user))

    def of_unit(self, organization_ids, role: str | None = None) -> TaskQuerySet:
        assignments = TaskUnit.objects.filter(organization_id__in=organization_ids)
        if role:
            assignments = assignments.filter(role=role)
        return self.filter(pk__in=assignments.values("task_id"))


class Task(models.Model):
    """任务: one item of a plan's task outline, carried out by its lead and supporting units."""

    plan = models.ForeignKey(Plan, verbose_name=_("规划"), on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级任务"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    # The plan's own numbering, labels joined with dots: 三.(一).1
    number = models.CharField(_("编号"), max_length=40, blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)
    title = models.CharField(_("任务名称"), max_length=300)
    description = models.TextField(_("任务内容"), blank=True)
    units = models.ManyToManyField(
        Organization, through="TaskUnit", verbose_name=_("责任单位"), related_name="supervised_tasks"
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    # A task done again each period (a 每季度 row of a decomposition table); the periods are the reports'.
    recurrence = models.CharField(_("完成频次"), max_length=12, choices=ReportFrequency.choices, blank=True)
    # People, as the document names them (张伟、李明), never units: units are `units`.
    leaders = models.CharField(_("责任领导"), max_length=200, blank=True, help_text=_("人员姓名，多人以顿号分隔"))
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.IN_PROGRESS)
    # Only used when the task has no milestones: completion then comes from its milestones.
    manual_percent = models.PositiveSmallIntegerField(_("完成进度（%）"), null=True, blank=True)
    quote = models.TextField(_("原文"), blank=True)

    history = HistoricalRecords()
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(manual_percent__isnull=True) | Q(manual_percent__lte=100),
                name="supervision_task_percent_range",
                violation_error_message=_("完成进度应在 0 到 100 之间。"),
            ),
            # Unnumbered tasks (a document's untitled items) may be many; a number names one task.
            models.UniqueConstraint(
                fields=["plan", "number"], condition=~Q(number=""), name="supervision_task_number_unique",
                violation_error_message=_("同一规划中任务编号不能重复。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("上级任务必须属于同一规划。")})
        if self.number and self.plan_id:
            # Checked here as well as by the constraint, so the form and the API name the field and the other task.
            other = Task.objects.filter(plan_id=self.plan_id, number=self.number).exclude(pk=self.pk).first()
            if other is not None:
                raise ValidationError({"number": _("编号“%(number)s”已是本规划任务“%(task)s”的编号，请换一个编号。") % {
                    "number": self.number, "task": other.title,
                }})


class TaskUnit(models.Model):
    """A unit's role in a task: lead (牵头) or supporting (配合)."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="task_assignments"
    )
    role = models.CharField(_("角色"), max_length=8, choices=UnitRole.choices)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任务责任单位")
        verbose_name_plural = _("任务责任单位")
        ordering = ["task", "role", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "organization"],
                name="supervision_taskunit_once_per_task",
                violation_error_message=_("同一单位在一项任务中只能有一个角色。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.organization} · {self.get_role_display()}"


class Milestone(models.Model):
    """时间节点: a dated step of a task; the task's completion is counted from them."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点内容"), max_length=300)
    due_date = models.DateField(_("计划完成日期"))
    completed_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    evidence = models.TextField(_("完成情况说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("时间节点")
        verbose_name_plural = _("时间节点")
        ordering = ["task", "due_date", "id"]

    def __str__(self) -> str:
        return f"{self.task} · {self.title}"


class ProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgressReportQuerySet:
        """The bureau sees every report; a unit's staff see the reports on tasks their unit shares."""
        visible = self.filter(task__in=Task.objects.visible_to(user))
        if _is_supervisor(user):
            return visible
        return visible.filter(task__in=Task.objects.of_unit(_unit_ids(user)))


class ProgressReport(models.Model):
    """进展报告: a unit's report on its task for one reporting period."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="reports")
    organization = models.ForeignKey(
        Organization, verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    # The reporting period, e.g. 2025-Q1, 2025-H2, 2025-07 or 2025.
    period = models.CharField(_("报告期"), max_length=8)
    due_date = models.DateField(_("应报日期"))
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"), null=True, blank=True)
    attachment_name = models.CharField(_("附件"), max_length=200, blank=True)
    attachment = models.BinaryField(_("附件内容"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"))

    history = HistoricalRecords(excluded_fields=["attachment"])
    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["task", "-period", "organization"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "organization", "period"],
                name="supervision_progressreport_one_per_period",
                violation_error_message=_("该单位本期已报送过这项任务的进展，请修改原报告。"),
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="supervision_progressreport_percent_range",
                violation_error_message=_("完成进度应在 0 到 100 之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.organization} · {self.period}"

    @property
    def is_late(self) -> bool:
        return self.submitted_at.date() > self.due_date


class SupervisionNoticeQuerySet(models.QuerySet):
    def visible_to(self, user) -> SupervisionNoticeQuerySet:
        """The bureau sees every notice; a unit's staff only the notices addressed to their unit."""
        visible = self.filter(task__in=Task.objects.visible_to(user))
        if _is_supervisor(user):
            return visible
        return visible.filter(organization_id__in=_unit_ids(user))


class SupervisionNotice(models.Model):
    """督办单: the bureau's formal demand to a unit about a task, with a reply deadline."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="notices")
    organization = models.ForeignKey(
        Organization, verbose_name=_("被督办单位"), on_delete=models.PROTECT, related_name="supervision_notices"
    )
    subject = models.CharField(_("督办事项"), max_length=200)
    body = models.TextField(_("督办内容"))
    reply_due = models.DateField(_("答复期限"))
    status = models.CharField(_("状态"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.OPEN)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("签发人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("签发时间"))
    reply = models.TextField(_("答复内容"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SupervisionNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.subject

    @property
    def answered_on_time(self) -> bool:
        return self.replied_at is not None and self.replied_at.date() <= self.reply_due


class Reminder(models.Model):
    """A reminder already sent, so the daily check raises each overdue item once per recipient unit."""

    key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("已发提醒")
        verbose_name_plural = _("已发提醒")

    def __str__(self) -> str:
        return self.key
