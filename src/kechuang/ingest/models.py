"""Plan documents on their way to becoming monitored plans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PlanDocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> PlanDocumentQuerySet:
        """Plan ingestion is the bureau's work: only bureau admins see uploaded documents."""
        from kechuang.core import access

        if access.is_bureau_admin(user):
            return self
        return self.none()


class PlanDocument(models.Model):
    """An uploaded plan document, its extracted proposal and the reviewer's decisions.

    Nothing is written to plans, indicators, tasks or organizations until the review is committed;
    until then the proposal and every decision live here.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        EXTRACTING = "extracting", _("解析中")
        READY = "ready", _("待审核")
        FAILED = "failed", _("解析失败")
        COMMITTED = "committed", _("已生成规划")

    file_name = models.CharField(_("文件名"), max_length=200)
    content = models.BinaryField(_("文件内容"))
    text = models.TextField(_("文本"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(_("错误信息"), blank=True)
    extraction = models.JSONField(_("解析结果"), default=dict, blank=True)
    review = models.JSONField(_("审核决定"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    committed_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    plan = models.OneToOneField(
        "plans.Plan", verbose_name=_("生成的规划"), null=True, blank=True, on_delete=models.SET_NULL, related_name="document"
    )
    # Optimistic concurrency: each saved review decision adds one, and a save made from an older
    # version is checked against what changed since (services.change_review).
    version = models.PositiveIntegerField(_("审核版本"), default=0)
    # When the current extraction attempt started, and how many were made: a worker killed during
    # extraction leaves the document in "extracting", and it is reclaimed (services.reclaim_stalled).
    extracting_since = models.DateTimeField(_("开始解析时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("解析次数"), default=0)

    objects = PlanDocumentQuerySet.as_manager()
    # The review's history; the file, its text and the raw extraction do not change after extraction.
    history = HistoricalRecords(excluded_fields=["content", "text", "extraction"])

    class Meta:
        verbose_name = _("规划文件")
        verbose_name_plural = _("规划文件")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
