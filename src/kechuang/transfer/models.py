from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kechuang.core.models import Industry, Organization, Region, TechDomain

from .choices import (
    ContractType,
    CooperationMode,
    DeclineReason,
    ListingStatus,
    MatchStatus,
    Maturity,
    Visibility,
)


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


class Match(models.Model):
    """对接: the bureau brokering one achievement to one demand, from recommendation to contract."""

    demand = models.ForeignKey(Demand, verbose_name=_("技术需求"), on_delete=models.CASCADE, related_name="matches")
    achievement = models.ForeignKey(
        Achievement, verbose_name=_("科技成果"), on_delete=models.CASCADE, related_name="matches"
    )
    status = models.CharField(_("阶段"), max_length=12, choices=MatchStatus.choices, default=MatchStatus.RECOMMENDED)
    score = models.FloatField(_("匹配度"), null=True, blank=True)
    reasons = models.JSONField(_("推荐理由"), default=list, blank=True)
    close_reason = models.CharField(_("关闭原因"), max_length=16, choices=DeclineReason.choices, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    stage_since = models.DateTimeField(_("进入本阶段时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("对接")
        verbose_name_plural = _("对接")
        ordering = ["-stage_since", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "achievement"], name="transfer_match_unique_pair",
                violation_error_message=_("该成果已与该需求建立对接。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.demand} ↔ {self.achievement}"


class TechContract(models.Model):
    """技术合同登记: a registered technology contract, the source of 技术合同成交额 in plan indicators.

    The registering authority is kept as data: which body registers contracts (科技局, 技术市场
    管理办公室 …) and under which rules has changed over the years.
    """

    match = models.ForeignKey(
        Match, verbose_name=_("来源对接"), null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts"
    )
    contract_type = models.CharField(_("合同类型"), max_length=12, choices=ContractType.choices)
    title = models.CharField(_("合同名称"), max_length=200)
    seller = models.ForeignKey(
        Organization, verbose_name=_("卖方（技术输出方）"), on_delete=models.PROTECT, related_name="+"
    )
    buyer = models.ForeignKey(Organization, verbose_name=_("买方（技术吸纳方）"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("合同成交额（万元）"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    transaction_amount = models.DecimalField(_("技术交易额（万元）"), max_digits=14, decimal_places=2,
                                             validators=[MinValueValidator(0)])
    signed_on = models.DateField(_("签订日期"))
    registered_on = models.DateField(_("登记日期"))
    registering_authority = models.CharField(_("登记机构"), max_length=120)
    region = models.ForeignKey(
        Region, verbose_name=_("登记地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("技术合同")
        verbose_name_plural = _("技术合同")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(transaction_amount__lte=models.F("amount")),
                name="transfer_techcontract_transaction_within_amount",
                violation_error_message=_("技术交易额不能大于合同成交额。"),
            ),
            models.CheckConstraint(
                condition=models.Q(registered_on__gte=models.F("signed_on")),
                name="transfer_techcontract_registered_after_signing",
                violation_error_message=_("登记日期不能早于签订日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title
