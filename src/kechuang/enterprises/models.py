"""The enterprise registry: profiles beside core organizations, yearly figures, certifications.

An enterprise is the core `Organization` of kind enterprise; `Enterprise` adds what cultivation
needs and copies nothing (name, USCC, region and industry stay on the organization). Figures are
kept per fiscal year and count only once the bureau has verified them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kechuang.core.choices import OrganizationKind
from kechuang.core.models import Organization, TechDomain

from .choices import (
    LISTED,
    AssessmentStatus,
    FiguresStatus,
    Level,
    ListingStatus,
    LogKind,
    MeasureStatus,
    RequestStatus,
    RunStatus,
    Tier,
)

MIN_YEAR, MAX_YEAR = 1990, 2100


def money(verbose_name, **kwargs) -> models.DecimalField:
    """An amount in 万元 (two decimals: 100 元)."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, null=True, blank=True, **kwargs)


def count(verbose_name) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(verbose_name, null=True, blank=True)


class EnterpriseQuerySet(models.QuerySet):
    def search(self, text: str) -> EnterpriseQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(models.Q(organization__name__contains=text) | models.Q(organization__uscc=text.upper()))


class Enterprise(models.Model):
    """企业: the cultivation profile of one organization of kind enterprise."""

    organization = models.OneToOneField(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="enterprise",
        limit_choices_to={"kind": OrganizationKind.ENTERPRISE},
    )
    founded = models.DateField(_("成立日期"), null=True, blank=True)
    tech_domain = models.ForeignKey(
        TechDomain, verbose_name=_("技术领域"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("《国家重点支持的高新技术领域》中的领域"),
    )
    listing_status = models.CharField(
        _("上市状态"), max_length=16, choices=ListingStatus.choices, default=ListingStatus.UNLISTED
    )
    strategic_emerging = models.BooleanField(_("属于战略性新兴产业"), null=True, blank=True)
    rd_institution_level = models.CharField(
        _("研发机构级别"), max_length=12, choices=Level.choices, blank=True, help_text=_("企业技术中心、工程研究中心等的最高级别")
    )
    # Compliance flags: empty means "no record", which the assessment says in its message.
    major_incident_last_year = models.BooleanField(_("上年度发生重大安全、质量事故或严重环境违法"), null=True, blank=True)
    dishonest = models.BooleanField(_("列入严重失信主体名单"), null=True, blank=True)
    restricted_industry = models.BooleanField(_("属于限制类、淘汰类产业"), null=True, blank=True)
    resident = models.BooleanField(_("居民企业"), null=True, blank=True, help_text=_("空白按居民企业处理"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业档案")
        verbose_name_plural = _("企业档案")
        ordering = ["organization__name", "id"]

    def __str__(self) -> str:
        return self.organization.name

    def clean(self) -> None:
        if self.organization_id and self.organization.kind != OrganizationKind.ENTERPRISE:
            raise ValidationError({"organization": _("只有类型为“企业”的单位可以建立企业档案。")})

    @property
    def listed(self) -> bool:
        return self.listing_status in LISTED


# Intellectual property by the official classes of the 高企 guideline (国科发火〔2016〕195号).
CLASS1_FIELDS = ("invention_patents", "plant_varieties", "crop_varieties", "new_drugs", "tcm_protected", "ic_layouts")
CLASS2_FIELDS = ("utility_models", "designs", "software_copyrights")
# The yearly figures an enterprise submits (the record's "years" entries, plus IP and niche data).
FIGURE_FIELDS = (
    "employees", "st_staff", "rd_staff", "revenue", "main_revenue", "high_tech_revenue", "total_assets",
    "total_liabilities", "net_profit", "rd_expense", "rd_expense_domestic", "cost_total", "results_commercialized",
    "main_product_share", "niche_years", "market_share",
    *CLASS1_FIELDS, "class1_self_developed", "class1_high_value", *CLASS2_FIELDS, "standards_led",
)


class EnterpriseAnnual(models.Model):
    """企业年度数据: one fiscal year's figures (万元 unless stated), submitted and verified."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="annuals")
    year = models.PositiveSmallIntegerField(
        _("会计年度"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    employees = count(_("职工总数（人）"))
    st_staff = count(_("科技人员（人）"))
    rd_staff = count(_("研发人员（人）"))
    revenue = money(_("营业收入"))
    main_revenue = money(_("主营业务收入"))
    high_tech_revenue = money(_("高新技术产品（服务）收入"))
    total_assets = money(_("资产总额"))
    total_liabilities = money(_("负债总额"))
    net_profit = money(_("净利润"))
    rd_expense = money(_("研发费用总额"))
    rd_expense_domestic = money(_("其中：境内研发费用"))
    cost_total = money(_("成本费用总额"))
    results_commercialized = count(_("科技成果转化数（项）"))
    main_product_share = models.DecimalField(
        _("主导产品收入占营业收入比重"), max_digits=5, decimal_places=4, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)], help_text=_("0–1 之间的小数，如 0.72"),
    )
    niche_years = count(_("从事细分市场年限（年）"))
    market_share = models.DecimalField(
        _("细分市场占有率"), max_digits=5, decimal_places=4, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)], help_text=_("0–1 之间的小数，如 0.12"),
    )
    # Ⅰ类知识产权
    invention_patents = count(_("发明专利（件）"))
    plant_varieties = count(_("植物新品种（件）"))
    crop_varieties = count(_("国家级农作物品种（件）"))
    new_drugs = count(_("国家新药（件）"))
    tcm_protected = count(_("国家一级中药保护品种（件）"))
    ic_layouts = count(_("集成电路布图设计专有权（件）"))
    class1_self_developed = count(_("其中自主研发的Ⅰ类知识产权（件）"))
    class1_high_value = count(_("其中高价值发明专利（件）"))
    # Ⅱ类知识产权
    utility_models = count(_("实用新型专利（件）"))
    designs = count(_("外观设计专利（件）"))
    software_copyrights = count(_("软件著作权（件）"))
    standards_led = count(_("主导制定标准（项）"))

    status = models.CharField(_("状态"), max_length=10, choices=FiguresStatus.choices, default=FiguresStatus.DRAFT)
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("企业年度数据")
        verbose_name_plural = _("企业年度数据")
        ordering = ["enterprise", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"], name="enterprises_annual_one_per_year",
                violation_error_message=_("该企业这一年度的数据已存在。"),
            )
        ]
        indexes = [models.Index(fields=["status", "year"], name="enterprises_annual_status_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.year}"

    def clean(self) -> None:
        errors = {}
        if self.rd_expense is not None and self.rd_expense_domestic is not None and self.rd_expense_domestic > self.rd_expense:
            errors["rd_expense_domestic"] = _("境内研发费用不能大于研发费用总额。")
        if self.employees is not None and self.st_staff is not None and self.st_staff > self.employees:
            errors["st_staff"] = _("科技人员不能多于职工总数。")
        if self.revenue is not None and self.main_revenue is not None and self.main_revenue > self.revenue:
            errors["main_revenue"] = _("主营业务收入不能大于营业收入。")
        class1 = self.class1
        if class1 is not None and self.class1_self_developed is not None and self.class1_self_developed > class1:
            errors["class1_self_developed"] = _("自主研发的Ⅰ类知识产权不能多于Ⅰ类知识产权合计。")
        if errors:
            raise ValidationError(errors)

    @property
    def class1(self) -> int | None:
        values = [getattr(self, name) for name in CLASS1_FIELDS]
        return None if all(v is None for v in values) else sum(v or 0 for v in values)

    @property
    def class2(self) -> int | None:
        values = [getattr(self, name) for name in CLASS2_FIELDS]
        return None if all(v is None for v in values) else sum(v or 0 for v in values)


class Certification(models.Model):
    """认定/资质: a tier title held, with its certificate number and validity."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="certifications"
    )
    tier = models.CharField(_("认定类别"), max_length=20, choices=Tier.choices)
    number = models.CharField(_("证书编号"), max_length=60, blank=True)
    valid_from = models.DateField(_("有效期起"))
    valid_to = models.DateField(_("有效期止"), null=True, blank=True, help_text=_("空白表示长期有效"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("认定资质")
        verbose_name_plural = _("认定资质")
        ordering = ["enterprise", "tier", "-valid_from"]
        indexes = [models.Index(fields=["tier", "valid_from", "valid_to"], name="enterprises_cert_valid_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_tier_display()} {self.number}"

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("有效期止不能早于有效期起。")})

    def valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class FinancingRound(models.Model):
    """股权融资: one round, with the post-money valuation when known."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="financing_rounds"
    )
    date = models.DateField(_("融资日期"))
    round_name = models.CharField(_("轮次"), max_length=30, blank=True, help_text=_("如 天使轮、A 轮"))
    amount = money(_("融资金额（万元）"))
    amount_usd = money(_("融资金额（万美元）"))
    valuation_usd = money(_("投后估值（万美元）"))
    investors = models.CharField(_("投资方"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("融资轮次")
        verbose_name_plural = _("融资轮次")
        ordering = ["enterprise", "date", "id"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.date} {self.round_name}"


class Award(models.Model):
    """科技奖励: a science and technology award won by the enterprise."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="awards")
    year = models.PositiveSmallIntegerField(_("获奖年度"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)])
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    rank = models.PositiveSmallIntegerField(_("等级"), null=True, blank=True, help_text=_("一等奖填 1，二等奖填 2……"))
    name = models.CharField(_("奖项名称"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("科技奖励")
        verbose_name_plural = _("科技奖励")
        ordering = ["enterprise", "-year"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.year} {self.name}"


class ServiceAssignment(models.Model):
    """服务秘书: a staff member assigned by the bureau to look after one key enterprise."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="secretary_assignments"
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("服务秘书"), on_delete=models.CASCADE, related_name="secretary_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("指派人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("指派时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务秘书指派")
        verbose_name_plural = _("服务秘书指派")
        ordering = ["enterprise", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "secretary"], name="enterprises_secretary_once",
                violation_error_message=_("该服务秘书已指派给这家企业。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.secretary} → {self.enterprise}"


class ServiceLog(models.Model):
    """服务记录: a visit, a policy delivered, or a request (诉求) raised, with its handling."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="service_logs")
    kind = models.CharField(_("类型"), max_length=10, choices=LogKind.choices)
    date = models.DateField(_("日期"))
    summary = models.TextField(_("内容"), max_length=2000)
    policy = models.CharField(_("送达政策"), max_length=200, blank=True)
    # Requests only: who handles them by when, and how far they got.
    request_status = models.CharField(_("办理状态"), max_length=12, choices=RequestStatus.choices, blank=True)
    deadline = models.DateField(_("办理时限"), null=True, blank=True)
    handling = models.TextField(_("办理情况"), max_length=2000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["enterprise", "-date", "-id"]
        indexes = [models.Index(fields=["kind", "request_status", "deadline"], name="enterprises_log_request_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_kind_display()} {self.date}"

    def clean(self) -> None:
        if self.kind == LogKind.REQUEST:
            errors = {}
            if not self.request_status:
                errors["request_status"] = _("企业诉求需要填写办理状态。")
            if self.deadline is None:
                errors["deadline"] = _("企业诉求需要填写办理时限。")
            if errors:
                raise ValidationError(errors)
        else:
            self.request_status, self.deadline = "", None
        if self.kind == LogKind.POLICY and not self.policy.strip():
            raise ValidationError({"policy": _("政策送达需要填写政策名称。")})

    def overdue_on(self, day) -> bool:
        return self.kind == LogKind.REQUEST and self.request_status != RequestStatus.RESOLVED and self.deadline < day


class CultivationMeasure(models.Model):
    """一企一策: one measure of an enterprise's cultivation plan, with its owner and due date."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("培育措施"), max_length=200)
    target_tier = models.CharField(_("培育目标"), max_length=20, choices=Tier.choices, blank=True)
    owner = models.CharField(_("责任人（单位）"), max_length=100)
    due_date = models.DateField(_("完成时限"))
    status = models.CharField(_("进展"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("制定人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("培育措施")
        verbose_name_plural = _("培育措施")
        ordering = ["enterprise", "due_date", "id"]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.title}"


class Assessment(models.Model):
    """评价: an enterprise's latest assessment for one tier and evaluation year, from verified figures.

    Derived data, recomputed from the figures (whose history is kept) by the assessment task, so it
    keeps no history of its own. `gaps` holds the criteria that fail or lack data; `reach_gap` the
    largest failing gap relative to its requirement, which the cultivation pools filter and rank on.
    """

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("评价年度"))
    tier = models.CharField(_("梯度"), max_length=20, choices=Tier.choices)
    status = models.CharField(_("评价结果"), max_length=14, choices=AssessmentStatus.choices)
    certified = models.BooleanField(_("持有有效认定"), default=False)
    score = models.FloatField(_("得分"), null=True, blank=True)
    score_min = models.FloatField(_("最低可得分"), null=True, blank=True)
    score_max = models.FloatField(_("最高可得分"), null=True, blank=True)
    edition = models.CharField(_("标准版本"), max_length=20, blank=True)
    failing_count = models.PositiveSmallIntegerField(_("未达标条件数"), default=0)
    reach_gap = models.FloatField(_("最大相对差距"), null=True, blank=True)
    gaps = models.JSONField(_("差距"), default=list, blank=True)
    criteria = models.JSONField(_("逐条评价"), default=list, blank=True)
    computed_at = models.DateTimeField(_("评价时间"))

    class Meta:
        verbose_name = _("梯度评价")
        verbose_name_plural = _("梯度评价")
        ordering = ["enterprise", "year", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "tier"], name="enterprises_assessment_latest")
        ]
        indexes = [
            models.Index(fields=["year", "tier", "status", "certified"], name="enterprises_assess_pool_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.year} · {self.tier} · {self.status}"


class AssessmentRun(models.Model):
    """One background re-assessment of every enterprise for a year, with its progress."""

    year = models.PositiveSmallIntegerField(_("评价年度"))
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING)
    total = models.PositiveIntegerField(_("企业总数"), default=0)
    processed = models.PositiveIntegerField(_("已评价"), default=0)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批量评价")
        verbose_name_plural = _("批量评价")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.year} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == RunStatus.SUCCEEDED else 0
        return min(100, round(100 * self.processed / self.total))

    @property
    def finished(self) -> bool:
        return self.status in {RunStatus.SUCCEEDED, RunStatus.FAILED}


class PoolSettings(models.Model):
    """What the bureau counts as "within reach" of a tier: how many failing criteria, how far off."""

    tier = models.CharField(_("梯度"), max_length=20, choices=Tier.choices, unique=True)
    max_failing = models.PositiveSmallIntegerField(
        _("最多未达标条件数"), default=2, validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    max_relative_gap = models.FloatField(
        _("每项最大差距（占要求值的比例）"), default=0.2, validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("如 0.2：每项未达标条件与要求值相差不超过 20%"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("培育库设置")
        verbose_name_plural = _("培育库设置")

    def __str__(self) -> str:
        return self.get_tier_display()
