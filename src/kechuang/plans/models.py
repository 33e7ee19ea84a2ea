"""Plans (规划/实施方案) and what is monitored in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kechuang.core.models import Organization, Region

from .choices import PlanStatus


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> PlanQuerySet:
        """Bureau admins see every plan; others see active and closed plans (plans are public documents)."""
        from kechuang.core import access

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if access.is_bureau_admin(user):
            return self
        return self.exclude(status=PlanStatus.DRAFT)


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

    history = HistoricalRecords(excluded_fields=["source_file", "source_text"])
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
