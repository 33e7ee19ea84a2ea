"""Plans (规划/实施方案) and what is monitored in them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kechuang.core.codes import CodedError
from kechuang.core.models import Organization, Region

from .choices import (
    Comparator,
    DataSource,
    Direction,
    IndicatorAttribute,
    ObservationStatus,
    PlanStatus,
    ProgressStatus,
)
from .messages import error_text
from .progress import parse_relative, period_rank


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> PlanQuerySet:
        """Bureau admins see every plan; others see active and closed plans (plans are public documents)."""
        from kechuang.core import access

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if access.is_bureau_admin(user):
            return self
        return self.exclude(status=PlanStatus.DRAFT)

    def for_listing(self) -> PlanQuerySet:
        """The columns a list of plans shows, in an order that pages reliably (titles may repeat)."""
        return self.select_related("issuer", "region").defer(*Plan.SOURCE_FIELDS).order_by("-end_year", "title", "pk")


class Plan(models.Model):
    """规划/实施方案: a plan document a bureau implements, with its period and horizons."""

    title = models.CharField(_("规划名称"), max_length=200)
    issuer = models.ForeignKey(
        Organization, verbose_name=_("印发单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("适用区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start_year = models.PositiveSmallIntegerField(_("起始年"))
    end_year = models.PositiveSmallIntegerField(_("目标年"))
    horizons = models.JSONField(_("目标年份"), default=list, blank=True, help_text=_("如 [2025, 2035]"))
    status = models.CharField(_("状态"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    summary = models.TextField(_("摘要"), blank=True)
    source_name = models.CharField(_("来源文件名"), max_length=200, blank=True)
    source_file = models.BinaryField(_("来源文件"), null=True, blank=True, editable=False)
    source_text = models.TextField(_("来源文本"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # The uploaded document and its text: large, and read by no page or list.
    SOURCE_FIELDS = ("source_file", "source_text")

    history = HistoricalRecords(excluded_fields=list(SOURCE_FIELDS))
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("规划")
        verbose_name_plural = _("规划")
        ordering = ["-end_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="plans_plan_period_order",
                violation_error_message=_("目标年不能早于起始年。"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user) -> IndicatorQuerySet:
        """Indicators of the plans the user may see (a plan's targets are public within the platform)."""
        return self.filter(plan__in=Plan.objects.visible_to(user))

    def of_units(self, organization_ids) -> IndicatorQuerySet:
        return self.filter(responsible_unit_id__in=organization_ids)


class Indicator(models.Model):
    """指标: one quantity a plan monitors, with its baseline, targets and responsible unit."""

    plan = models.ForeignKey(Plan, verbose_name=_("规划"), on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField(_("序号"), default=0)
    name = models.CharField(_("指标名称"), max_length=200)
    unit = models.CharField(_("计量单位"), max_length=30, blank=True)
    category = models.CharField(_("类别"), max_length=60, blank=True)
    attribute = models.CharField(_("指标属性"), max_length=10, choices=IndicatorAttribute.choices, blank=True)
    # Blank: inferred from the baseline and target (see progress.infer_direction).
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices, blank=True)
    scope = models.CharField(_("适用范围"), max_length=60, blank=True, help_text=_("如 全区、全市、园区"))
    baseline_year = models.PositiveSmallIntegerField(_("基期年"), null=True, blank=True)
    baseline_value = models.FloatField(_("基期值"), null=True, blank=True)
    responsible_unit = models.ForeignKey(
        Organization, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="responsible_indicators",
    )
    data_source = models.CharField(_("数据来源"), max_length=10, choices=DataSource.choices, default=DataSource.MANUAL)
    # Key of a metric in plans.metrics; its observations are filled by a background task.
    metric = models.CharField(_("计算口径"), max_length=60, blank=True)
    metric_params = models.JSONField(_("口径参数"), default=dict, blank=True)
    quote = models.TextField(_("原文"), blank=True)

    history = HistoricalRecords()
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.baseline_year is not None and self.baseline_value is None:
            raise ValidationError({"baseline_value": _("填写了基期年，请同时填写基期值。")})
        if self.data_source == DataSource.COMPUTED and not self.metric:
            raise ValidationError({"metric": _("自动计算的指标需要选择计算口径。")})
        if self.metric:
            from .metrics import get_metric

            try:
                get_metric(self.metric)
            except KeyError:
                raise ValidationError({"metric": _("未知的计算口径：%(key)s") % {"key": self.metric}}) from None


class Target(models.Model):
    """目标值: what an indicator must reach by a year — absolute, or relative to the baseline."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="targets")
    # Null: a recurring (每年) target, or, with year_unknown, a year the document masks (20XX).
    year = models.PositiveSmallIntegerField(_("目标年"), null=True, blank=True)
    year_unknown = models.BooleanField(
        _("目标年份不详"), default=False, help_text=_("原文给出了目标年份但被遮盖（如 20XX）；不是每年目标")
    )
    value = models.FloatField(_("目标值"), null=True, blank=True)
    comparator = models.CharField(_("比较方式"), max_length=2, choices=Comparator.choices, default=Comparator.AT_LEAST)
    relative = models.CharField(
        _("相对目标"), max_length=16, blank=True, help_text=_("x2 翻一番、x1.3 提高30%、+2pp 提高2个百分点、+15%/yr 年均增长15%")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("目标值")
        verbose_name_plural = _("目标值")
        ordering = ["indicator", "year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(relative=""),
                name="plans_target_value_or_relative",
                violation_error_message=_("目标值与相对目标至少填写一项。"),
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year_unknown=False),
                name="plans_target_unknown_year_is_blank",
                violation_error_message=_("目标年份不详时不能同时填写目标年。"),
            ),
        ]

    def __str__(self) -> str:
        year = self.year or (_("年份不详") if self.year_unknown else _("每年"))
        return f"{year} {self.comparator} {self.value if self.value is not None else self.relative}"

    def clean(self) -> None:
        if self.value is None and not self.relative:
            raise ValidationError(_("目标值与相对目标至少填写一项。"))
        if self.relative:
            try:
                parse_relative(self.relative)
            except CodedError as exc:
                raise ValidationError({"relative": error_text(exc)}) from None


class ObservationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ObservationQuerySet:
        """Verified figures of visible plans for everyone; drafts and pending ones only to their unit and the bureau."""
        from kechuang.core import access

        visible = self.filter(indicator__plan__in=Plan.objects.visible_to(user))
        if access.is_bureau_admin(user):
            return visible
        own_units = access.organization_ids_of(user)
        return visible.filter(Q(status=ObservationStatus.VERIFIED) | Q(indicator__responsible_unit_id__in=own_units))

    def verified(self) -> ObservationQuerySet:
        return self.filter(status=ObservationStatus.VERIFIED)


class Observation(models.Model):
    """监测值: an indicator's value for a year (or a quarter or month of it), submitted and verified."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="observations"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    # "" is the whole year; Q1–Q4, H1–H2 and M1–M12 are year-to-date figures.
    period = models.CharField(_("期间"), max_length=4, blank=True, default="")
    value = models.FloatField(_("数值"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ObservationStatus.choices, default=ObservationStatus.DRAFT
    )
    note = models.TextField(_("说明"), blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    evidence_name = models.CharField(_("佐证材料"), max_length=200, blank=True)
    # Kept in the database so that any web node can serve it.
    evidence = models.BinaryField(_("佐证材料内容"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["evidence"])
    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("监测值")
        verbose_name_plural = _("监测值")
        ordering = ["indicator", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"],
                name="plans_observation_one_per_period",
                violation_error_message=_("该指标在这一期间已有监测值，请修改原记录。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.year}{self.period} = {self.value:g}"

    def clean(self) -> None:
        self.period = (self.period or "").strip().upper()
        try:
            period_rank(self.period or None)
        except CodedError as exc:
            raise ValidationError({"period": error_text(exc)}) from None


class StatusOverride(models.Model):
    """The bureau's written judgement of an indicator's status for a year, shown beside the computed one."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="status_overrides"
    )
    year = models.PositiveSmallIntegerField(_("评估年份"))
    status = models.CharField(_("人工判定"), max_length=10, choices=ProgressStatus.choices)
    reason = models.TextField(_("理由"))
    # The computed figures at the time of the override, so the two can be compared later.
    computed = models.JSONField(_("当时的计算结果"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("判定人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("判定时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("状态人工判定")
        verbose_name_plural = _("状态人工判定")
        ordering = ["indicator", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="plans_statusoverride_one_per_year",
                violation_error_message=_("该指标这一年已有人工判定，请修改原判定。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.year} · {self.get_status_display()}"
