from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kechuang.core.models import Industry, Organization, TechDomain

from .choices import CooperationMode, ListingStatus, Maturity, Visibility


class ListingQuerySet(models.QuerySet):
    def visible_to(self, user) -> ListingQuerySet:
        """What a user may see: published listings of their visibility, plus their own organization's.

        Anonymous visitors see published public listings; signed-in users also the registered-only
        ones; only the bureau sees bureau-only listings (and the owner its own, in any state).
        """
        from . import access

        published = models.Q(status=ListingStatus.PUBLISHED)
        if access.is_bureau(user):
            return self
        if not (user and user.is_authenticated and user.is_active):
            return self.filter(published, visibility=Visibility.PUBLIC)
        own = models.Q(owner_id__in=access.owner_ids_of(user))
        return self.filter(
            (published & models.Q(visibility__in=[Visibility.PUBLIC, Visibility.REGISTERED])) | own
        )

    def search(self, text: str) -> ListingQuerySet:
        """Chinese full-text search: every whitespace-separated word in the title or the text."""
        query = self
        for word in text.split()[:8]:
            query = query.filter(models.Q(title__icontains=word) | models.Q(**{f"{self.model.TEXT_FIELD}__icontains": word}))
        return query


def validate_cooperation(value) -> None:
    if not isinstance(value, list) or any(mode not in CooperationMode.values for mode in value):
        raise ValidationError(_("合作方式应为以下取值：%(modes)s") % {"modes": _("、").join(str(label) for label in CooperationMode.labels)})


def validate_ip(value) -> None:
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and set(item) <= {"kind", "number"} and all(isinstance(v, str) for v in item.values())
        for item in value
    ):
        raise ValidationError(_("知识产权应为列表，每项含类型（kind）和号码（number）。"))


class Listing(models.Model):
    """What achievements and demands have in common: an owner, a domain, a status and a visibility."""

    title = models.CharField(_("名称"), max_length=200)
    owner = models.ForeignKey(Organization, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+")
    domain = models.ForeignKey(
        TechDomain, verbose_name=_("技术领域"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("所属行业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cooperation = models.JSONField(_("合作方式"), default=list, blank=True, validators=[validate_cooperation])
    status = models.CharField(_("状态"), max_length=12, choices=ListingStatus.choices, default=ListingStatus.DRAFT)
    visibility = models.CharField(_("公开范围"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC)
    contact = models.CharField(_("联系方式"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def cooperation_labels(self) -> list[str]:
        labels = dict(CooperationMode.choices)
        return [str(labels[mode]) for mode in self.cooperation if mode in labels]


class Achievement(Listing):
    """科技成果: a result an institution or enterprise offers for transfer, licence or joint development."""

    TEXT_FIELD = "abstract"

    abstract = models.TextField(_("成果简介"), blank=True)
    team = models.CharField(_("完成人/团队"), max_length=200, blank=True)
    maturity = models.CharField(_("成熟度"), max_length=12, choices=Maturity.choices, blank=True)
    trl = models.PositiveSmallIntegerField(
        _("技术就绪度（TRL）"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    ip = models.JSONField(_("知识产权"), default=list, blank=True, validators=[validate_ip])
    price = models.DecimalField(_("意向价格（万元）"), max_digits=12, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0)])

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("科技成果")
        verbose_name_plural = _("科技成果")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["status", "visibility"], name="transfer_ach_status_idx")]


class Demand(Listing):
    """技术需求: a problem an enterprise wants solved, with its budget and the cooperation it seeks."""

    TEXT_FIELD = "description"

    description = models.TextField(_("需求描述"), blank=True)
    budget = models.DecimalField(_("预算（万元）"), max_digits=12, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0)])
    deadline = models.DateField(_("截止日期"), null=True, blank=True)
    maturity_wanted = models.CharField(_("要求成熟度"), max_length=12, choices=Maturity.choices, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("技术需求")
        verbose_name_plural = _("技术需求")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["status", "visibility"], name="transfer_dem_status_idx")]
