"""The registry every module uses: organizations, regions, taxonomies, users and roles."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import IndustryLevel, OrganizationKind, RegionLevel, Role, TechDomainLevel
from .messages import uscc_error_text
from .uscc import InvalidUSCC, validate_uscc


class User(AbstractUser):
    """A person who signs in: bureau staff, unit staff, enterprise staff, experts …"""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class Region(models.Model):
    """行政区划: a province, prefecture or county with its 6-digit GB/T 2260 code."""

    code = models.CharField(_("区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.CharField(_("级别"), max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        names = []
        node: Region | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(reversed(names))


class Industry(models.Model):
    """国民经济行业分类 (GB/T 4754-2017): a 门类 (letter) or a 大类 (two digits)."""

    code = models.CharField(_("行业代码"), max_length=4, unique=True)
    name = models.CharField(_("名称"), max_length=80)
    level = models.CharField(_("级别"), max_length=12, choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("所属门类"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TechDomain(models.Model):
    """国家重点支持的高新技术领域: eight domains and their second level."""

    code = models.CharField(_("领域代码"), max_length=10, unique=True)
    name = models.CharField(_("名称"), max_length=80)
    level = models.CharField(_("级别"), max_length=12, choices=TechDomainLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级领域"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("高新技术领域")
        verbose_name_plural = _("高新技术领域")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


def validate_uscc_field(value: str) -> None:
    try:
        validate_uscc(value)
    except InvalidUSCC as exc:
        raise ValidationError(uscc_error_text(exc), code="invalid_uscc") from exc


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganizationQuerySet:
        """The directory: public fields of every organization, for any signed-in user.

        Private fields (contacts, address) are gated per object by `access.can_view_private`.
        """
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self


class Organization(models.Model):
    """单位: an enterprise, university, institute, department, bank … registered on the platform."""

    PRIVATE_FIELDS = ("address", "contact_name", "contact_phone", "contact_email")
    # What forms, services and the API may set; the rest is bookkeeping.
    EDITABLE_FIELDS = ("name", "uscc", "kind", "region", "industry", *PRIVATE_FIELDS, "description")

    name = models.CharField(_("单位名称"), max_length=120)
    uscc = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True, validators=[validate_uscc_field]
    )
    kind = models.CharField(_("单位类型"), max_length=24, choices=OrganizationKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("所在区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("所属行业"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    description = models.TextField(_("简介"), blank=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name", "id"]
        # The directory is ordered by name: without these every page sorts the whole table or the
        # filtered part of it. Each filter ends in (name, id) so a filtered first page is an index scan.
        # Substring search has engine-specific indexes (see core/search.py, migration 0004).
        indexes = [
            models.Index(fields=["name", "id"], name="core_org_name_idx"),
            models.Index(fields=["kind", "name", "id"], name="core_org_kind_name_idx"),
            models.Index(fields=["kind", "region", "name", "id"], name="core_org_kind_region_name_idx"),
            models.Index(fields=["region", "name", "id"], name="core_org_region_name_idx"),
            models.Index(fields=["industry", "name", "id"], name="core_org_industry_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.uscc:
            self.uscc = self.uscc.strip().upper()
        if self.industry_id and self.industry and self.industry.level != IndustryLevel.DIVISION:
            raise ValidationError({"industry": _("请选择行业大类（两位代码），不能只选门类。")})


class Membership(models.Model):
    """A user's role within one organization; the basis of every permission decision."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=24, choices=Role.choices)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("成员角色")
        verbose_name_plural = _("成员角色")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                name="core_membership_unique_role",
                violation_error_message=_("该用户在此单位已有这个角色。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


class Notification(models.Model):
    """An in-app message: reminders, review results, supervision notices."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    # What the message asks someone to act on (e.g. "observation:12:review"); once that is done the
    # message is moot and `resolve_notifications` marks it read for everyone who got it.
    topic = models.CharField(_("待办事项"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="core_notification_unread_idx"),
            models.Index(fields=["topic", "read_at"], name="core_notification_topic_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the plain token is shown once."""

    PREFIX = "kc_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("令牌前缀"), max_length=12)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class ImportJob(models.Model):
    """An uploaded spreadsheet being validated and imported in the background, with its report."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("处理中")
        SUCCEEDED = "succeeded", _("已导入")
        FAILED = "failed", _("未导入")

    kind = models.CharField(_("导入类型"), max_length=40)
    file_name = models.CharField(_("文件名"), max_length=200)
    # Kept in the database, not on local disk, so any web or worker node can process it.
    content = models.BinaryField(_("文件内容"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    scope = models.JSONField(_("范围参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    summary = models.JSONField(_("结果"), default=dict, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.file_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status in {self.Status.SUCCEEDED, self.Status.FAILED} else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}
